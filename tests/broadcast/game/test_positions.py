"""Latest position per sensor, and the lineup: players seen in the last 5 s of feed time."""

from __future__ import annotations

from tests.broadcast.game.conftest import ANN, JANE, MARY
from tests.broadcast.game.messages import T0, location


def on_court(game) -> set[int]:
    teams = game.snapshot()["teams"]
    return {p["id"] for team in teams for p in team["players"] if p["on_court"]}


def test_the_court_shows_each_sensors_latest_position(game):
    game.apply(location(JANE, T0, x=100, y=200, z=1000))
    game.apply(location(JANE, T0 + 40, x=150, y=210, z=1000))
    game.apply(location(0, T0 + 40, x=5, y=6, z=3000, ball=True))

    positions = game.snapshot()["positions"]

    assert positions == {
        "players": {str(JANE): [150, 210, 1000, T0 + 40]},
        "ball": [5, 6, 3000, T0 + 40],
    }


def test_an_older_position_arriving_late_is_ignored(game):
    game.apply(location(JANE, T0 + 40, x=150))

    assert game.apply(location(JANE, T0, x=100)) == []
    assert game.snapshot()["positions"]["players"][str(JANE)][0] == 150


def test_a_location_change_carries_the_sensor_and_its_position(game):
    changes = game.apply(location(JANE, T0, x=1, y=2, z=3))

    assert changes[0].kind == "positions"
    assert changes[0].data == {"type": "PLAYER", "id": JANE, "position": [1, 2, 3, T0]}


def test_players_seen_in_the_last_five_seconds_are_on_court(game):
    game.apply(location(JANE, T0))
    game.apply(location(MARY, T0 + 1000))
    game.apply(location(ANN, T0 + 5500))

    assert on_court(game) == {MARY, ANN}


def test_the_lineup_change_is_announced_when_a_player_comes_on_and_goes_off(game):
    arrived = game.apply(location(JANE, T0))
    rosters = [c.data["teams"] for c in arrived if c.kind == "roster"]
    assert rosters and any(p["on_court"] for p in rosters[0][0]["players"] if p["id"] == JANE)

    game.apply(location(MARY, T0 + 3000))
    left = [c for t in range(T0 + 5000, T0 + 8000, 200) for c in game.apply(location(MARY, t))]

    rosters = [c.data["teams"] for c in left if c.kind == "roster"]
    jane = next(p for p in rosters[-1][0]["players"] if p["id"] == JANE)
    assert jane["on_court"] is False


def test_a_hundred_thousand_locations_leave_each_sensors_last_one(game):
    players = [JANE, MARY, ANN]
    for i in range(100_000):
        game.apply(location(players[i % 3], T0 + i * 4, x=i))

    positions = game.snapshot()["positions"]["players"]
    assert positions[str(ANN)][0] == 99_998
    assert positions[str(JANE)][0] == 99_999
    assert on_court(game) == {JANE, MARY, ANN}
