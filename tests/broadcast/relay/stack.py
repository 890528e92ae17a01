"""A relay in its own process against an in-test emulator, and the emulator's truth.

The relay process gets the test database and real Redis through the same environment
variables production uses; the test reads the outcome through the public JSON API.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.test import Client

from shottracker.client import ShotTrackerClient

ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    """The test database as a URL a child process can use."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


class RelayProcess:
    """``manage.py relay`` as a child process, started, killed and restarted by the test."""

    def __init__(self, emulator, redis_url: str, live_ids: list[str]) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "SHOTTRACKER_API_URL": emulator.api_url,
            "SHOTTRACKER_WS_URL": emulator.ws_url,
            "COURTSIDE_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.live_ids = live_ids
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    def start(self) -> None:
        args = [sys.executable, "manage.py", "relay", "--no-notify"]
        for live_id in self.live_ids:
            args += ["--live-id", live_id]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=self.env)
        self.starts += 1

    def kill(self) -> None:
        """A crash: SIGKILL, nothing flushed."""
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(10)

    def stop(self) -> int:
        """A clean stop: SIGTERM, then wait for the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(5)


async def truth(emulator, event_id: str) -> dict:
    """What ShotTracker (the emulator) says the game is, through its catch-up."""
    async with ShotTrackerClient(
        emulator.api_url, settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET
    ) as client:
        catch_up = await client.catch_up(event_id, ("stats", "details", "shots"))
    players = {
        p.id: {k: v for k, v in p.stats.items()}
        for team in catch_up.stats
        for p in team.player_stats
    }
    return {
        "players": players,
        "score": {"home": catch_up.game_totals.home.value, "away": catch_up.game_totals.away.value},
        "shots": sorted(
            (s.player_id, s.occurred_at, s.is_make, s.is_3point, s.zone, s.status)
            for s in catch_up.shots
        ),
        "plays": sorted(d.version for d in catch_up.details if d.classification != "DISTANCE"),
        "last_version": max((d.version for d in catch_up.details), default=0),
    }


def seen(state: dict) -> dict:
    """The same figures as ``truth``, read from Courtside's state JSON."""
    players = {p["id"]: p["stats"] for team in state["teams"] for p in team["players"]}
    return {
        "players": players,
        "score": state["score"],
        "shots": sorted(
            (s["player_id"], s["occurred_at"], s["is_make"], s["is_3point"], s["zone"], s["status"])
            for s in state["shots"]
        ),
        "plays": sorted(p["version"] for p in state["plays"]),
        "last_version": state["last_version"],
    }


def assert_equal_to_truth(expected: dict, state: dict) -> None:
    """Every stat of every player, the score, every shot and every play match."""
    got = seen(state)
    for player_id, stats in expected["players"].items():
        assert player_id in got["players"], f"player {player_id} is missing"
        for key, value in stats.items():
            assert got["players"][player_id][key] == value, (player_id, key)
    assert got["score"] == expected["score"]
    assert got["shots"] == expected["shots"]
    assert got["plays"] == expected["plays"]
    assert got["last_version"] == expected["last_version"]


async def state_when_final(event_id: str, last_version: int, within: float = 60) -> dict:
    """Poll the public API until the relay has stored the final state (it runs elsewhere)."""
    deadline = time.monotonic() + within
    state: dict = {}
    answer = "no answer"
    while time.monotonic() < deadline:
        response = await asyncio.to_thread(_get, f"/api/games/{event_id}/state")
        answer = f"{response.status_code} {response.content[:300]!r}"
        if response.status_code == 200:
            state = response.json()
            if state["status"] == "final" and state["last_version"] >= last_version:
                return state
        await asyncio.sleep(0.25)
    raise AssertionError(
        f"the relay did not reach the final state in {within}s; last answer {answer}"
    )


async def state_with_plays(event_id: str, within: float = 30) -> dict:
    """Poll the public API until the relay has stored some plays of the game."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        response = await asyncio.to_thread(_get, f"/api/games/{event_id}/state")
        if response.status_code == 200 and response.json()["plays"]:
            return response.json()
        await asyncio.sleep(0.05)
    raise AssertionError(f"the relay stored no play of {event_id} in {within}s")


def _get(path: str):
    """A GET through Django in a worker thread that closes its database connection."""
    try:
        return Client().get(path)
    finally:
        connections.close_all()
