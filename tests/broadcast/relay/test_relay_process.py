"""The relay in its own process keeps Courtside equal to ShotTracker's truth, whatever happens.

Each test plays a whole (short, fast) game on the emulator with the relay in a child
process over real Redis and the test database, then compares the public state JSON
with the emulator's catch-up: every stat of every player, the score, every shot,
every play.
"""

from __future__ import annotations

import asyncio
import random

import pytest

from shottracker.emulator import Chaos, Emulator
from tests.stack import (
    RelayProcess,
    assert_equal_to_truth,
    state_when_final,
    state_with_plays,
    truth,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack, pytest.mark.timeout(240)]

GAME = {"half_minutes": 2.0, "speed": 60.0, "location_hz": 2}


async def play(emulator: Emulator, redis_url: str, *, seed: int, faults=None, **game):
    """Play a game relayed from its first live id, with ``faults`` meanwhile; both views."""
    handle = emulator.start_game(seed=seed, **{**GAME, **game})
    relay = RelayProcess(emulator, redis_url, [handle.live_ids[0]])
    relay.start()
    try:
        if faults is not None:
            await faults(handle, relay)
        await asyncio.wait_for(handle.finished.wait(), 120)
        expected = await truth(emulator, handle.event_id)
        state = await state_when_final(handle.event_id, expected["last_version"])
    finally:
        assert relay.stop() == 0, "the relay did not stop cleanly on SIGTERM"
    return handle, expected, state


@pytest.fixture
async def emulator():
    async with Emulator(
        port=0, ws_port=0, seed=11, games=0, loop_test=False, autostart_games=False
    ) as emu:
        yield emu


async def test_after_a_whole_game_the_state_equals_the_emulators_catch_up(emulator, redis_url):
    _handle, expected, state = await play(emulator, redis_url, seed=3)
    assert_equal_to_truth(expected, state)
    assert expected["plays"], "the game had no plays: the test would prove nothing"


async def test_a_half_change_continues_the_same_game(emulator, redis_url):
    handle, expected, state = await play(emulator, redis_url, seed=4)
    assert len(handle.live_ids) == 2
    assert state["live_ids"] == handle.live_ids
    periods = {p["period"] for p in state["plays"]}
    assert periods == {"H1", "H2"}
    assert_equal_to_truth(expected, state)


async def test_killed_feed_connections_lose_nothing(emulator, redis_url):
    async def drop_every_now_and_then(handle, relay):
        rng = random.Random(5)
        drops = 0
        while not handle.finished.is_set() and drops < 6:
            await asyncio.sleep(rng.uniform(0.3, 0.9))
            drops += emulator.drop_feed_connections() > 0
        assert drops >= 3, "the feed was not dropped often enough to prove anything"

    _handle, expected, state = await play(
        emulator, redis_url, seed=5, faults=drop_every_now_and_then
    )
    assert_equal_to_truth(expected, state)
    assert state["health"]["reconnects"] >= 3


async def test_a_relay_killed_and_restarted_mid_game_rebuilds_and_catches_up(emulator, redis_url):
    async def crash_once_it_relays_then_restart(handle, relay):
        await state_with_plays(handle.event_id)
        relay.kill()
        await asyncio.sleep(0.5)
        relay.start()

    _handle, expected, state = await play(
        emulator, redis_url, seed=6, faults=crash_once_it_relays_then_restart
    )
    assert_equal_to_truth(expected, state)


async def test_a_relay_down_across_the_half_change_finds_the_second_half(emulator, redis_url):
    async def down_across_play_next(handle, relay):
        await state_with_plays(handle.event_id)
        relay.kill()
        await handle.live_id(1)  # the second half opened while no relay ran
        relay.start()

    # Halves of 6 s: a relay restarted on a busy machine takes seconds to start, and the
    # test is about the half it missed the start of, not one that ended before it came back.
    handle, expected, state = await play(
        emulator, redis_url, seed=8, faults=down_across_play_next, half_minutes=6.0
    )
    assert state["live_ids"] == handle.live_ids
    assert_equal_to_truth(expected, state)


async def test_duplicated_and_reordered_versions_change_nothing(redis_url):
    chaos = Chaos(duplicate_stats=0.25, reorder_stats=0.25)
    async with Emulator(
        port=0, ws_port=0, seed=12, games=0, loop_test=False, autostart_games=False, chaos=chaos
    ) as emulator:
        _handle, expected, state = await play(emulator, redis_url, seed=7)
    assert_equal_to_truth(expected, state)


async def test_a_game_tied_after_regulation_is_followed_through_its_overtimes(emulator, redis_url):
    # Seed 20 with these teams and halves: tied after H2, tied again after OT1.
    handle, expected, state = await play(emulator, redis_url, seed=20)
    assert len(handle.live_ids) == 4, "the game did not go to two overtimes: pick another seed"
    assert state["live_ids"] == handle.live_ids
    assert [s["period"] for s in state["sessions"]] == ["H1", "H2", "OT1", "OT2"]
    assert (state["status"], state["period"]) == ("final", "OT2")
    assert {"OT1", "OT2"} & {p["period"] for p in state["plays"]}
    assert_equal_to_truth(expected, state)
    assert state["score"]["home"] != state["score"]["away"]
