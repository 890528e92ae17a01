"""The numbers on air are ShotTracker's, on the production-shaped stack, whatever the feed says.

Each test plays a whole game (no manual corrections, so a score never has a reason to
go down) on the emulator in this process, with a private Redis, the relay and a web process as
processes, PostgreSQL, and three operator consoles on the game's socket (websocket
clients folding snapshot and deltas as ``static/console.js`` does: ``browsers.Browser``).
A fault is injected mid-game; at the end the state equals the emulator's truth, every
browser shows exactly the server's state, and no browser ever saw a score step back.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from shottracker.emulator.simulator import Player
from tests.reliability.live import GAME, Figures, LiveBroadcast, wait_until
from tests.stack import api_get, truth

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack, pytest.mark.timeout(300)]

# Halves of 3 minutes at 12x (about 30 s of wall time, a dozen baskets), no deletion:
# a score going down is a fault.
STEADY = {**GAME, "half_minutes": 3.0, "speed": 12.0, "correction_rate": 0.0}


async def state_of(event_id: str) -> dict:
    response = await asyncio.to_thread(api_get, f"/api/games/{event_id}/state")
    assert response.status_code == 200
    return response.json()


async def health_until(event_id: str, predicate, within: float = 20) -> dict:
    """Poll the relay's health record (in the state JSON) until ``predicate`` holds."""
    deadline = time.monotonic() + within
    while True:
        health = (await state_of(event_id)).get("health") or {}
        if predicate(health):
            return health
        if time.monotonic() > deadline:
            raise AssertionError(f"the health record never got there: {health}")
        await asyncio.sleep(0.1)


def assert_no_score_stepped_back(broadcast: LiveBroadcast) -> int:
    """No browser saw a side's score go down; how many scores they saw in all."""
    for browser in broadcast.browsers:
        steps = browser.backward_steps()
        assert not steps, f"{browser.name} saw the score step back: {steps[:3]}"
    seen = [len(b.scores) for b in broadcast.browsers]
    assert min(seen) >= 5, f"too few scores seen to prove anything: {seen}"
    return sum(seen)


async def test_a_hostile_feeds_unknown_player_and_impossible_stat_never_reach_the_air(live, report):
    broadcast = await live(seed=61, game=STEADY)
    emulator, handle = broadcast.emulator, broadcast.handle
    figures = Figures("hostile-feed-off-air")
    await asyncio.sleep(1)
    emulator.send_unrostered_stats(handle, player_id=990_001, points=50)
    await asyncio.sleep(1)
    bad = emulator.send_impossible_stats(handle, extra_points=50)["data"]

    health = await health_until(
        broadcast.event_id, lambda h: h.get("unconfirmed") and h.get("impossible", 0) >= 1
    )
    (held,) = health["unconfirmed"]
    assert (held["player_id"], held["stats"]["PTS"]) == (990_001, 50)
    assert held["since_ms"] > 0
    (refused,) = health["impossible_recent"]
    assert (refused["player_id"], refused["version"]) == (bad["player_id"], bad["version"])
    assert "PTS +52" in refused["reason"]

    figures.extra.update(await broadcast.finish())
    expected = await truth(emulator, broadcast.event_id)
    final = (await state_of(broadcast.event_id))["health"]
    assert [u["player_id"] for u in final["unconfirmed"]] == [990_001]  # never confirmed
    assert final["confirmations"] >= 1 and final["disagreements"] == 0
    highest = {side: max(b.scores[-1][side] for b in broadcast.browsers) for side in ("home",)}
    assert highest["home"] == expected["score"]["home"]  # the 50 points never went on air
    figures.extra["scores_seen"] = assert_no_score_stepped_back(broadcast)
    figures.extra.update(unconfirmed=1, impossible=final["impossible"],
                         confirmations=final["confirmations"])  # fmt: skip
    report(figures)


async def test_a_player_signed_mid_game_counts_once_the_roster_confirms_him(live, report):
    broadcast = await live(seed=62, game=STEADY)
    emulator, handle = broadcast.emulator, broadcast.handle
    figures = Figures("player-signed-mid-game")
    away = handle.event.teams[1]
    rookie = Player(8_888, "Remy", "Rookie", "Remy Rookie", 99, "guard", "")
    await asyncio.sleep(1)

    signed_at = time.monotonic()
    emulator.sign_player(handle, away.id, rookie)
    key = f"{away.id}:{rookie.id}"
    on_air = [
        await b.until(lambda b: (b.view["players"].get(key) or {}).get("PTS") == 2, 5)
        for b in broadcast.browsers
    ]

    figures.extra.update(await broadcast.finish())
    expected = await truth(emulator, broadcast.event_id)
    assert expected["players"][rookie.id]["PTS"] == 2
    state = await state_of(broadcast.event_id)
    (named,) = [p for t in state["teams"] for p in t["players"] if p["id"] == rookie.id]
    assert named["display_name"] == "Remy Rookie"
    assert state["health"]["unconfirmed"] == [] and state["health"]["confirmations"] >= 1
    figures.extra["scores_seen"] = assert_no_score_stepped_back(broadcast)
    figures.extra["signed_to_on_air_s"] = round(max(on_air) - signed_at, 3)
    report(figures)


async def test_a_rest_lagging_the_feed_never_steps_the_score_back(live, report):
    broadcast = await live(seed=63, game=STEADY)
    emulator, handle = broadcast.emulator, broadcast.handle
    figures = Figures("rest-lagging-the-feed")
    emulator.lag_rest(handle, 3.0)  # 36 s of game at 12x: a few baskets behind
    feed = emulator.feed
    for _ in range(4):  # each reconnect brings a catch-up from the lagging REST
        await asyncio.sleep(1.5)
        if emulator.drop_feed_connections():
            await wait_until(lambda: feed.connections > 0 or handle.finished.is_set(), 30)
    emulator.lag_rest(handle, 0)

    figures.extra.update(await broadcast.finish())
    health = (await state_of(broadcast.event_id))["health"]
    assert health["catchups"] >= 4
    assert health["disagreements"] == 0, health["disagreements_recent"]  # lag is no dispute
    figures.extra["scores_seen"] = assert_no_score_stepped_back(broadcast)
    report(figures)
