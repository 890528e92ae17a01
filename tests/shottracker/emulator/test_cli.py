"""``python -m shottracker.emulator`` as a process: it starts, says where, serves and stops."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from websockets.asyncio.client import connect

from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME
from shottracker.signing import HmacAuth
from shottracker.tape import read_tape
from tests.tapes import tape_paths

FAST = ["--speed", "60", "--half-minutes", "1", "--location-hz", "5", "--seed", "3"]


class Running:
    def __init__(self, process: asyncio.subprocess.Process, api_url: str, ws_url: str) -> None:
        self.process, self.api_url, self.ws_url = process, api_url, ws_url


@asynccontextmanager
async def emulator_process(*args: str, env: dict | None = None) -> AsyncIterator[Running]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shottracker.emulator", "--port", "0", "--ws-port", "0", *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    try:
        urls = {}
        async with asyncio.timeout(30):
            while len(urls) < 2:
                line = (await process.stdout.readline()).decode()
                assert line, (await process.stderr.read()).decode()
                label, _, url = line.partition(": ")
                if label in ("REST API", "Live feed"):
                    urls[label] = url.strip()
        yield Running(process, urls["REST API"], urls["Live feed"])
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
async def test_it_serves_on_the_ports_it_prints_and_stops_cleanly_on_a_signal(sig):
    async with emulator_process(*FAST) as running:
        assert running.api_url.startswith("http://127.0.0.1:")
        assert running.ws_url.startswith("ws://127.0.0.1:") and running.ws_url.endswith("/")
        auth = HmacAuth(MOCK_USERNAME, MOCK_SECRET)
        async with httpx.AsyncClient(base_url=running.api_url, auth=auth) as api:
            live = (await api.get("/v1/data/live/_search")).json()["live"]
            token = (await api.get("/v1/data/live/test/_subscribe")).json()["token"]
        assert "test" in {entry["id"] for entry in live}
        assert any(entry["type"] == "GAME_ROUND" for entry in live)  # --games defaults to 1
        async with connect(f"{running.ws_url}?token={token}") as socket:
            assert '"type":"ack"' in await asyncio.wait_for(socket.recv(), 5)
            running.process.send_signal(sig)
            rest = (await asyncio.wait_for(running.process.stdout.read(), 20)).decode()
        code = await asyncio.wait_for(running.process.wait(), 20)
    assert code == 0
    assert rest.strip().endswith("stopped")


async def test_games_runs_that_many_games_at_once():
    async with emulator_process(*FAST, "--games", "3") as running:
        auth = HmacAuth(MOCK_USERNAME, MOCK_SECRET)
        async with httpx.AsyncClient(base_url=running.api_url, auth=auth) as api:
            live = (await api.get("/v1/data/live/_search")).json()["live"]
        games = {entry["event"]["id"] for entry in live if entry["type"] == "GAME_ROUND"}
        assert len(games) == 3
        running.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(running.process.wait(), 20) == 0


async def test_insecure_serves_unsigned_requests():
    async with (
        emulator_process(*FAST, "--insecure") as running,
        httpx.AsyncClient(base_url=running.api_url) as api,
    ):
        assert (await api.get("/v1/data/live/_search")).status_code == 200


async def test_credentials_come_from_the_option_and_the_environment():
    env = {"SHOTTRACKER_EMULATOR_CREDENTIALS": "envuser:envpw:STATS"}
    async with emulator_process(*FAST, "--credential", "cli:clipw:SHOTS+STATS", env=env) as run:
        async with httpx.AsyncClient(base_url=run.api_url, auth=HmacAuth("cli", "clipw")) as api:
            cli = await api.get("/v1/data/live/test/_subscribe")
            cli_allowed = await api.get("/v1/data/live/test/_subscribe", params={"dt": "SHOTS"})
        async with httpx.AsyncClient(
            base_url=run.api_url, auth=HmacAuth("envuser", "envpw")
        ) as api:
            env_shots = await api.get("/v1/data/live/test/shots")
            env_stats = await api.get("/v1/data/live/test/stats")
    assert cli.status_code == 403 and cli.json()["message"] == "No access to LOCATIONS data"
    assert cli_allowed.status_code == 200
    assert env_shots.status_code == 403 and env_stats.status_code == 200


async def test_a_bad_credential_option_fails_at_once_with_a_message():
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shottracker.emulator", "--credential", "scout:pw:GOALS",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"GOALS" in err


async def test_tapes_are_served_under_their_recorded_live_ids_instead_of_a_game(tmp_path):
    first, second = tape_paths()[:2]
    async with emulator_process(
        "--tape", str(first), "--tape", str(second), "--speed", "0.5", "--start-at", "0.2"
    ) as running:
        auth = HmacAuth(MOCK_USERNAME, MOCK_SECRET)
        async with httpx.AsyncClient(base_url=running.api_url, auth=auth) as api:
            live = (await api.get("/v1/data/live/_search")).json()["live"]
        running.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(running.process.wait(), 20) == 0
    expected = {read_tape(p).live_ids[0] for p in (first, second)}
    games = {entry["id"] for entry in live if entry["type"] == "GAME_ROUND"}
    assert games == expected  # the two tapes, and no simulated game beside them


async def test_a_file_that_is_not_a_tape_fails_at_once_with_a_message(tmp_path):
    bad = tmp_path / "notes.jsonl.gz"
    bad.write_text("not a tape")
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "shottracker.emulator", "--tape", str(bad),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert b"notes.jsonl.gz" in err and b"not a gzip'd tape" in err
