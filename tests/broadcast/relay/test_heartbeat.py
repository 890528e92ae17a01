"""The relay beats every few seconds, games or none, so ``/healthz`` can tell it is alive."""

from __future__ import annotations

import asyncio
import time

import pytest
from asgiref.sync import sync_to_async

from broadcast.models import RelayHeartbeat
from broadcast.relay import heartbeat
from broadcast.relay.service import Relay

pytestmark = pytest.mark.django_db(transaction=True)


async def test_a_relay_following_no_game_still_beats(memory_layer):
    # No live id and no discovery: the client is never asked for anything.
    relay = Relay(None, "ws://unused/", discover_interval=None, heartbeat_interval=0.05)
    await relay.start()
    try:
        first = await _wait_for_beat(after_ms=0)
        second = await _wait_for_beat(after_ms=first)
    finally:
        await relay.stop()
    assert second > first
    assert abs(time.time() * 1000 - second) < 2000
    row = await RelayHeartbeat.objects.aget(relay=heartbeat.relay_name())
    assert row.games == 0


def test_the_newest_beat_of_any_relay_is_the_last_one():
    now = int(time.time() * 1000)
    heartbeat.beat("old-host:1", 0, now_ms=now - 60_000)
    heartbeat.beat("new-host:2", 3, now_ms=now)
    assert heartbeat.last_beat_ms() == now


def test_relays_gone_for_a_day_are_forgotten():
    now = int(time.time() * 1000)
    heartbeat.beat("gone:1", 0, now_ms=now - heartbeat.FORGOTTEN_AFTER_MS - 1)
    heartbeat.beat("here:2", 1, now_ms=now)
    assert list(RelayHeartbeat.objects.values_list("relay", flat=True)) == ["here:2"]


async def _wait_for_beat(after_ms: int, within: float = 5.0) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        last = await sync_to_async(heartbeat.last_beat_ms)()
        if last is not None and last > after_ms:
            return last
        await asyncio.sleep(0.02)
    raise AssertionError("no heartbeat")
