"""One game under relay: bad input is counted and skipped, good input is stored, then pushed."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async

from broadcast import groups
from broadcast.log import REFUSALS, parse_row
from broadcast.models import FeedEvent, Game
from broadcast.relay.game import GameRelay


def record(relay: GameRelay, kind: str, payload: dict, live_id: str, received_ms: int) -> list:
    """A message as the feed or catch-up hands it to the relay: parsed once, then recorded."""
    entry, period = parse_row(kind, payload)
    return relay.record(entry, live_id, received_ms, period=period)


pytestmark = pytest.mark.django_db(transaction=True)

ROSTER = {
    "teams": [
        {"id": 1, "name": "Harbor Hawks", "players": [{"id": 11, "display_name": "Ann Lee"}]},
        {"id": 2, "name": "Mesa Owls", "players": [{"id": 21, "display_name": "Bo Kim"}]},
    ]
}


def made_two(version: int, team: int = 1, player: int = 11, pts: float = 2) -> dict:
    return {
        "type": "stats",
        "data": {
            "occurred_at": 1_000 + version,
            "team_id": team,
            "player_id": player,
            "stats": {"FGA": pts / 2, "FG": pts / 2, "PTS": pts},
            "classification": "TWO_POINT_MAKE",
            "version": version,
        },
    }


@pytest.fixture
async def live_game(memory_layer):
    game = await sync_to_async(Game.objects.create)(event_id="ev-9", name="Hawks vs Owls")
    relay = GameRelay(game, client=None, ws_url="ws://unused/")
    relay.start()
    record(relay, "roster", ROSTER, "live-1", 1)
    await relay.writer.drained()
    yield relay
    await relay.stop()


async def stored_rows(game) -> list[tuple[str, int | None]]:
    return await sync_to_async(
        lambda: list(FeedEvent.objects.filter(game=game).order_by("id").values_list("kind", "seq"))
    )()


async def test_a_basket_is_stored_then_pushed_to_the_games_browsers(live_game, memory_layer):
    channel = await memory_layer.new_channel()
    await memory_layer.group_add(groups.game_group("ev-9"), channel)
    record(live_game, "stats", made_two(1), "live-1", 5_000)
    message = await memory_layer.receive(channel)
    delta = json.loads(message["text"])
    assert (delta["type"], delta["seq"], delta["relay_ms"]) == ("delta", 2, 5_000)
    assert any(c["kind"] == "stats" for c in delta["changes"])
    assert ("stats", 2) in await stored_rows(live_game.game)


async def test_a_duplicate_is_stored_but_not_numbered_or_pushed(live_game):
    record(live_game, "stats", made_two(1), "live-1", 5_000)
    record(live_game, "stats", made_two(1), "live-1", 5_001)
    await live_game.writer.drained()
    assert await stored_rows(live_game.game) == [("roster", 1), ("stats", 2), ("stats", None)]
    assert live_game.seq == 2


@pytest.mark.parametrize(
    "bad",
    [
        {
            "type": "stats",
            "data": {
                "occurred_at": 1,
                "team_id": 1,
                "player_id": 11,
                "stats": {"PTS": -2},
                "classification": "TWO_POINT_MAKE",
                "version": 1,
            },
        },
        {
            "type": "stats",
            "data": {
                "occurred_at": 1,
                "team_id": 1,
                "player_id": 11,
                "stats": {"PTS": float("inf")},
                "classification": "TWO_POINT_MAKE",
                "version": 1,
            },
        },
        {"type": "stats", "data": {"team_id": 1, "player_id": 11}},
        {"type": "shot", "data": {"occurred_at": 1, "team_id": 1, "player_id": 11, "zone": 40}},
    ],
)
async def test_bad_input_never_reaches_the_game(live_game, bad):
    """A malformed frame is refused where it is parsed, once: the game never sees it."""
    before = live_game.model.snapshot()
    with pytest.raises(REFUSALS):
        parse_row(bad["type"], bad)
    assert live_game.model.snapshot() == before
    assert live_game.seq == 1
    record(live_game, "stats", made_two(1), "live-1", 5_001)
    assert live_game.model.score() == {"home": 2, "away": 0}


async def test_a_message_the_game_refuses_is_counted_and_changes_nothing(live_game):
    before = live_game.model.snapshot()
    record(live_game, "stats", made_two(1, team=9, player=91), "live-1", 5_000)
    assert live_game.health.rejected == 1
    assert live_game.model.snapshot() == before
    record(live_game, "stats", made_two(2), "live-1", 5_001)
    assert live_game.model.score() == {"home": 2, "away": 0}


async def test_the_health_names_the_newest_delta_sent_even_one_the_layer_lost(
    live_game, memory_layer, monkeypatch
):
    channel = await memory_layer.new_channel()
    await memory_layer.group_add(groups.game_group("ev-9"), channel)
    real_publish = groups.publish_delta

    async def lost(game_id, payload):
        raise ConnectionError("the layer is away")

    record(live_game, "stats", made_two(1), "live-1", 5_000)
    await live_game.writer.drained()
    monkeypatch.setattr(groups, "publish_delta", lost)
    record(live_game, "stats", made_two(2, pts=4), "live-1", 6_000)
    await live_game.writer.drained()
    monkeypatch.setattr(groups, "publish_delta", real_publish)
    await live_game._write_health()

    received = [json.loads((await memory_layer.receive(channel))["text"]) for _ in range(2)]
    assert [(m["type"], m["seq"]) for m in received] == [("delta", 2), ("health", 3)]
