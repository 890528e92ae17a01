"""Fixtures for the emulator's server tests: a real emulator on port 0, fast games.

Games in tests run at high speed with short halves and a low location rate, so a whole
game takes a few seconds; ``test`` (the looping scrimmage) is always there.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect

from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Emulator
from shottracker.signing import HmacAuth

FAST = {"speed": 120.0, "half_minutes": 1.0, "location_hz": 5}


def make_emulator(**overrides) -> Emulator:
    options = {"port": 0, "ws_port": 0, "seed": 7, "games": 0, "autostart_games": False,
               "history_weeks": 6, **FAST, **overrides}  # fmt: skip
    return Emulator(**options)


def mock_auth() -> HmacAuth:
    """Signing with the spec's mock credentials."""
    return HmacAuth(MOCK_USERNAME, MOCK_SECRET)


@pytest.fixture
async def emulator() -> AsyncIterator[Emulator]:
    async with make_emulator() as emu:
        yield emu


@pytest.fixture
async def api(emulator: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client that signs every request with the spec's mock credentials."""
    async with httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth(), timeout=10) as client:
        yield client


async def subscribe(client: httpx.AsyncClient, live_id: str, dt: list[str] | None = None) -> dict:
    response = await client.get(f"/v1/data/live/{live_id}/_subscribe", params={"dt": dt or []})
    assert response.status_code == 200, response.text
    return response.json()


async def open_feed(emulator: Emulator, token: str) -> ClientConnection:
    return await connect(
        f"{emulator.ws_url}?token={token}", max_size=None, max_queue=None, ping_interval=None
    )


async def next_frame(socket: ClientConnection, within: float = 10.0) -> dict:
    return json.loads(await asyncio.wait_for(socket.recv(), within))


async def frames_until(socket: ClientConnection, predicate, within: float = 20.0) -> list[dict]:
    """Read frames until one satisfies ``predicate``; returns all read, that one last."""
    frames = []
    async with asyncio.timeout(within):
        while True:
            frame = json.loads(await socket.recv())
            frames.append(frame)
            if predicate(frame):
                return frames


@pytest.fixture
async def api_and_tape():
    """Serve a tape on an emulator without games: ``await api_and_tape(tape, speed=…)``."""
    running = []

    async def serve(tape, *, speed=1.0, start_at=0.0, loop=False):
        emulator = make_emulator(
            loop_test=False, tapes=[tape], speed=speed, tape_start_at_s=start_at, tape_loop=loop
        )
        await emulator.start()
        client = httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth(), timeout=10)
        running.append((emulator, client))
        return client, emulator

    yield serve
    for emulator, client in running:
        await client.aclose()
        await emulator.stop()
