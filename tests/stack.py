"""The production-shaped stack for tests: Redis, the relay and a web process as children.

The emulator runs in the test process (so faults can be injected); the relay
(``manage.py relay``) and the web process (``courtside.webserver``'s command line) are
children with the test database and a Redis through the same environment variables
production uses. ``RedisServer`` is a private ``redis-server`` on a free port, for tests
that stop and restart it (the machine's 6379 is shared). The test reads the outcome
through the public JSON API, as an operator, and compares it with the emulator's truth:
every stat of every player, the score, every shot, every play.

A child's ``clock_offset_s`` runs it with its wall clock (``time.time``, which request
signatures and ``relay_ms`` read) that far off, as on a host whose clock is wrong.
"""

from __future__ import annotations

import asyncio
import atexit
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connections
from django.test import Client

from bench.stack import free_port
from courtside import webserver
from dashboard.roles import OPERATOR, ensure_role_groups
from shottracker.client import ShotTrackerClient

ROOT = Path(__file__).resolve().parents[1]
API_READER = "stack-api-reader"


def database_url() -> str:
    """The test database as a URL a child process can use."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    user = db.get("USER") or "postgres"
    return (
        f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


@functools.cache
def collected_static() -> str:
    """Static files collected once per test run, as the image does at build time.

    With DEBUG off every page names its scripts by their hashed names, which only the
    manifest that ``collectstatic`` writes knows; a web process without it cannot render.
    """
    root = Path(tempfile.mkdtemp(prefix="courtside-static-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "collectstatic-" + "x" * 40,
        "COURTSIDE_STATIC_ROOT": str(root),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    return str(root)


def _command(args: list[str], clock_offset_s: float) -> list[str]:
    if not clock_offset_s:
        return [sys.executable, *args]
    return [sys.executable, "-m", "tests.skewed_clock", str(clock_offset_s), *args]


class Child:
    """A child process whose output goes to a file (no pipe to fill), or to ours."""

    def __init__(self, log_path: Path | None = None) -> None:
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self._log_mark = 0  # where the current start's output begins in the log

    def _spawn(self, args: list[str], env: dict[str, str]) -> None:
        self._log_mark = len(self.log())
        if self.log_path is None:
            self.proc = subprocess.Popen(args, cwd=ROOT, env=env)
        else:
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(
                    args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
                )
        self.starts += 1

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        """Everything the process printed so far (when it writes to a file)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")

    async def wait_for_output(self, text: str, within: float = 60) -> None:
        """Wait until the process printed ``text`` since its latest start."""
        deadline = time.monotonic() + within
        while text not in self.log()[self._log_mark :]:
            if not self.alive():
                raise AssertionError(f"the process exited:\n{self.log()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in {within}s:\n{self.log()[-3000:]}")
            await asyncio.sleep(0.02)

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


class RelayProcess(Child):
    """``manage.py relay`` as a child process, started, killed and restarted by the test."""

    def __init__(
        self,
        emulator,
        redis_url: str,
        live_ids: list[str],
        *,
        log_path: Path | None = None,
        clock_offset_s: float = 0.0,
        extra_args: list[str] = (),
    ) -> None:
        super().__init__(log_path)
        self.extra_args = list(extra_args)
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
        self.clock_offset_s = clock_offset_s

    def start(self) -> None:
        args = ["manage.py", "relay", "--no-notify", *self.extra_args]
        for live_id in self.live_ids:
            args += ["--live-id", live_id]
        self._spawn(_command(args, self.clock_offset_s), self.env)

    async def ready(self, within: float = 60) -> None:
        """Wait until it restored its games, attached and listens ("relaying from")."""
        await self.wait_for_output("relaying from", within)


class WebProcess(Child):
    """A web process (``courtside.webserver``: the production server and flags) on one port.

    Production settings over HTTP; ``server`` picks uvicorn or daphne (default: the
    project's, as ``COURTSIDE_WEB_SERVER`` would).
    """

    def __init__(
        self,
        redis_url: str,
        *,
        log_path: Path | None = None,
        port: int | None = None,
        clock_offset_s: float = 0.0,
        server: str | None = None,
    ) -> None:
        super().__init__(log_path)
        self.server = webserver.server_name(server)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.clock_offset_s = clock_offset_s
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",  # no TLS proxy in front of it in the tests
            "DJANGO_SECRET_KEY": "stack-test-secret-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "COURTSIDE_LOG_LEVEL": "WARNING",
            "COURTSIDE_STATIC_ROOT": collected_static(),
            "PYTHONUNBUFFERED": "1",
        }

    def start(self) -> None:
        args = webserver.command(self.server, host="127.0.0.1", port=self.port, access_log=False)
        self._spawn(_command(args, self.clock_offset_s), self.env)

    def stop(self) -> int:
        """SIGTERM, then the exit code: 0 for a clean stop.

        uvicorn raises the SIGTERM it handled again once its graceful shutdown is done (it
        logs "Finished server process"), so that a supervisor sees the process ended by
        that signal; that is a clean stop too. A process killed by SIGTERM before it
        finished its shutdown is not.
        """
        code = super().stop()
        if code == -signal.SIGTERM and "Finished server process" in self.log()[self._log_mark :]:
            return 0
        return code

    async def ready(self, within: float = 60) -> None:
        """Wait until it answers HTTP (the login page)."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(base_url=self.url, timeout=1) as client:
            while True:
                if not self.alive():
                    raise AssertionError(f"{self.server} exited:\n{self.log()[-3000:]}")
                try:
                    if (await client.get("/accounts/login/")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"{self.server} did not answer in {within}s:\n{self.log()}"
                    )
                await asyncio.sleep(0.02)

    async def login(self, username: str, password: str) -> str:
        """Log in through the login form; the session cookie's value."""
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as client:
            await client.get("/accounts/login/")
            response = await client.post(
                "/accounts/login/",
                data={
                    "username": username,
                    "password": password,
                    "csrfmiddlewaretoken": client.cookies["csrftoken"],
                },
                headers={"Origin": self.url, "Referer": self.url + "/accounts/login/"},
            )
            assert response.status_code == 302, f"login failed: {response.status_code}"
            return client.cookies["sessionid"]


class RedisServer(Child):
    """A private ``redis-server`` on a free port (no persistence), stopped and restarted at will."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory / "redis.log")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", str(self.directory)]  # fmt: skip
        self._spawn(args, dict(os.environ))

    async def ready(self, within: float = 10) -> None:
        """Wait until it answers PING."""
        deadline = time.monotonic() + within
        while not self.answers():
            if not self.alive() or time.monotonic() > deadline:
                raise AssertionError(f"redis-server did not start:\n{self.log()[-2000:]}")
            await asyncio.sleep(0.01)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def ensure_operator(username: str, password: str) -> User:
    """An operator account in the test database (children see it: tests commit)."""
    ensure_role_groups()
    user, _ = User.objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=OPERATOR))
    return user


async def truth(emulator, event_id: str) -> dict:
    """What ShotTracker (the emulator) says the game is, through its catch-up."""
    async with ShotTrackerClient(
        emulator.api_url, settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET
    ) as client:
        catch_up = await client.catch_up(event_id, ("stats", "details", "shots"))
    return truth_of(catch_up)


def truth_of(catch_up) -> dict:
    """The figures ``assert_equal_to_truth`` compares, from an event catch-up (a ``CatchUp``)."""
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
        response = await asyncio.to_thread(api_get, f"/api/games/{event_id}/state")
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
        response = await asyncio.to_thread(api_get, f"/api/games/{event_id}/state")
        if response.status_code == 200 and response.json()["plays"]:
            return response.json()
        await asyncio.sleep(0.05)
    raise AssertionError(f"the relay stored no play of {event_id} in {within}s")


def api_get(path: str):
    """A GET through Django as an operator, in a worker thread that closes its connection."""
    try:
        ensure_role_groups()
        reader, created = User.objects.get_or_create(username=API_READER)
        if created:
            reader.groups.add(Group.objects.get(name=OPERATOR))
        client = Client()
        client.force_login(reader)
        return client.get(path)
    finally:
        connections.close_all()
