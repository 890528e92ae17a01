"""Instant replay of movement: the frames of a stretch of the game, rebuilt from the log."""

from __future__ import annotations

import pytest

from broadcast import replay
from broadcast.models import FeedEvent, Game

T0 = 1_700_000_000_000
ANN, BO = 11, 21
pytestmark = pytest.mark.django_db


def _location(kind: str, sensor: int, t: int, x: int, y: int = 0, z: int = 0) -> dict:
    return {"occurred_at": t, "type": kind, "id": sensor, "x": x, "y": y, "z": z}


@pytest.fixture
def game_with_movement(db) -> Game:
    """Twenty seconds at 25 Hz, stored as the relay stores it (a row a second): Ann runs
    east 1 m a second (x = her time in mm since T0), Bo stands, the ball follows Ann."""
    game = Game.objects.create(event_id="ev-replay", name="Hawks vs Owls")
    for second in range(20):
        messages = []
        for step in range(25):
            t = T0 + second * 1000 + step * 40
            messages += [
                _location("PLAYER", ANN, t, x=t - T0),
                _location("PLAYER", BO, t, x=-5000),
                _location("BALL", 0, t, x=t - T0, z=1000),
            ]
        FeedEvent.objects.create(
            game=game, kind=FeedEvent.Kind.LOCATIONS, received_ms=T0 + second * 1000,
            payload={"messages": messages},
        )  # fmt: skip
    return game


def shot_at(t: int, *, status: str = "RECORDED") -> dict:
    return {"id": f"s{t}", "occurred_at": t, "is_make": True, "is_3point": False,
            "team_id": 1, "player_id": ANN, "x": 0, "y": 500, "status": status}  # fmt: skip


def test_a_replay_of_the_last_shot_ends_just_after_it_and_reaches_back_its_seconds(
    game_with_movement,
):
    shot = shot_at(T0 + 12_000)
    data = replay.movement(game_with_movement, [shot], seconds=5, of="shot")

    assert data["shot"] == shot
    assert (data["from_t"], data["to_t"]) == (T0 + 8_500, T0 + 13_500)
    assert data["frames"][0]["t"] >= T0 + 8_500 and data["frames"][-1]["t"] <= T0 + 13_500


def test_the_replay_shows_every_recorded_position_at_the_live_frame_rate(game_with_movement):
    data = replay.movement(game_with_movement, [shot_at(T0 + 12_000)], seconds=5, of="shot")

    assert 120 <= len(data["frames"]) <= 126  # 5 s at 25 frames a second
    for frame in data["frames"]:
        assert frame["players"][str(ANN)] == [frame["t"] - T0, 0, 0]
        assert frame["players"][str(BO)] == [-5000, 0, 0]
        assert frame["ball"] == [frame["t"] - T0, 0, 1000]


def test_a_replay_of_the_last_seconds_ends_at_the_newest_position(game_with_movement):
    data = replay.movement(game_with_movement, [], seconds=3, of="now")

    assert data["to_t"] == T0 + 19_960
    assert data["shot"] is None
    assert data["frames"][-1]["players"][str(ANN)][0] == 19_960


def test_a_deleted_shot_is_not_the_last_shot(game_with_movement):
    shots = [shot_at(T0 + 6_000), shot_at(T0 + 15_000, status="DELETED")]
    data = replay.movement(game_with_movement, shots, seconds=4, of="shot")

    assert data["shot"]["occurred_at"] == T0 + 6_000


def test_a_game_without_positions_has_nothing_to_replay(db):
    game = Game.objects.create(event_id="ev-empty", name="Hawks vs Owls")
    assert replay.movement(game, [], seconds=5, of="now")["frames"] == []


@pytest.mark.parametrize(("seconds", "of"), [(2, "shot"), (31, "shot"), (5, "yesterday")])
def test_a_replay_outside_its_limits_is_refused(game_with_movement, seconds, of):
    with pytest.raises(ValueError):
        replay.movement(game_with_movement, [], seconds=seconds, of=of)
