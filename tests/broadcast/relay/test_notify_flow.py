"""Live notifications end to end: ShotTracker calls our hook, the relay attaches and finishes."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings

from broadcast.models import NotifyRegistration
from broadcast.relay.service import NOTIFY_PATH, Relay
from shottracker.client import ShotTrackerClient
from shottracker.emulator import Emulator

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]


async def until(predicate, within: float = 30.0) -> None:
    """Wait for a condition another process or task brings about."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.05)


async def test_a_notified_game_is_attached_and_followed_to_its_end(live_server, redis_layer):
    async with Emulator(
        port=0, ws_port=0, seed=21, games=0, loop_test=False, autostart_games=False
    ) as emulator:
        client = ShotTrackerClient(
            emulator.api_url, settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET
        )
        relay = Relay(client, emulator.ws_url, public_url=live_server.url, discover_interval=None)
        await relay.start()
        try:
            registered = await sync_to_async(list)(NotifyRegistration.objects.all())
            assert [r.url for r in registered] == [live_server.url + NOTIFY_PATH]
            handle = emulator.start_game(seed=22, half_minutes=1.0, speed=60.0, location_hz=1)
            # Nobody told the relay about this game: only the START notification can.
            await until(lambda: handle.event_id in relay.games)
            game = relay.games[handle.event_id]
            await asyncio.wait_for(game.finished.wait(), 60)
            assert game.live_ids == handle.live_ids
        finally:
            await relay.stop()
            await client.aclose()
