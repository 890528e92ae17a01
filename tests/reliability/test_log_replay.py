"""What the relay published equals what its log replays to (the web's snapshots, a restart).

Browsers that follow the deltas and browsers that (re)load a snapshot must show the same
game. The snapshot is the log replayed; the deltas are what the relay's live model said.
"""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from broadcast.log import parse_row
from broadcast.models import FeedEvent, Game
from broadcast.relay.game import GameRelay
from broadcast.state import forget, game_state
from tests.reliability.browsers import fold_change, view_of_snapshot

pytestmark = pytest.mark.django_db(transaction=True)

ANN = 11
ROSTER = {
    "teams": [
        {"id": 1, "name": "Harbor Hawks", "players": [{"id": ANN, "display_name": "Ann Lee"}]},
        {"id": 2, "name": "Mesa Owls", "players": [{"id": 21, "display_name": "Bo Kim"}]},
    ]
}


def stats(version: int, values: dict, classification: str) -> dict:
    return {
        "type": "stats",
        "data": {
            "occurred_at": 1_000 + version,
            "team_id": 1,
            "player_id": ANN,
            "stats": values,
            "classification": classification,
            "version": version,
        },
    }


@pytest.fixture
async def relayed(memory_layer):
    game = await sync_to_async(Game.objects.create)(event_id="ev-replay", name="Hawks vs Owls")
    relay = GameRelay(game, client=None, ws_url="ws://unused/")
    relay.start()
    yield relay
    await relay.stop()
    forget("ev-replay")


async def follow_and_replay(relay: GameRelay, rows: list[tuple[str, dict, str]]):
    """Record rows as the relay does; the browser's fold of the deltas and the replayed view."""
    browser = view_of_snapshot(relay.model.snapshot(), play_dist=True)
    for kind, payload, source in rows:
        entry, period = parse_row(kind, payload)
        changes = relay.record(entry, "live-1", 5_000, source=source, period=period)
        for change in changes:
            fold_change(browser, change.kind, change.data, play_dist=True)
    await relay.writer.drained()
    replayed, _seq = await sync_to_async(game_state)(relay.game)
    return browser, view_of_snapshot(replayed, play_dist=True)


async def test_a_catch_up_after_an_outage_replays_to_what_the_browsers_were_sent(relayed):
    feed, catch_up = FeedEvent.Source.FEED, FeedEvent.Source.CATCHUP
    browser, replayed = await follow_and_replay(
        relayed,
        [
            ("roster", ROSTER, catch_up),
            ("stats", stats(1, {"DIST": 100}, "DISTANCE"), feed),
            # The feed was down for v2-v5. Catch-up brings live totals first, then the details.
            (
                "totals",
                {"team_id": 1, "player_id": ANN, "version": 5, "stats": {"DIST": 500, "TO": 1}},
                catch_up,
            ),
            ("stats", stats(2, {"DIST": 200}, "DISTANCE"), catch_up),
            ("stats", stats(3, {"DIST": 300}, "DISTANCE"), catch_up),
            ("stats", stats(4, {"TO": 1}, "TURNOVER"), catch_up),
            ("stats", stats(5, {"DIST": 500}, "DISTANCE"), catch_up),
        ],
    )
    assert browser["plays"]["4"]["stats"]["DIST"] == 300  # the truth: Ann had run 300 by v4
    assert replayed["plays"]["4"] == browser["plays"]["4"]


async def test_live_messages_in_order_replay_to_what_the_browsers_were_sent(relayed):
    feed = FeedEvent.Source.FEED
    browser, replayed = await follow_and_replay(
        relayed,
        [
            ("roster", ROSTER, FeedEvent.Source.CATCHUP),
            ("stats", stats(1, {"DIST": 100}, "DISTANCE"), feed),
            ("stats", stats(2, {"FGA": 1, "FG": 1, "PTS": 2}, "TWO_POINT_MAKE"), feed),
            ("stats", stats(4, {"TO": 1}, "TURNOVER"), feed),
            ("stats", stats(3, {"DIST": 300}, "DISTANCE"), feed),  # late: re-totals v4
            ("stats", stats(5, {"FGA": 0, "FG": 0, "PTS": 0}, "DELETED_TWO_POINT_MAKE"), feed),
        ],
    )
    assert browser["plays"]["4"]["stats"]["DIST"] == 300
    assert browser["score"] == {"home": 0, "away": 0}
    assert replayed == browser
