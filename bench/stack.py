"""The production-shaped stack as child processes: Redis, PostgreSQL, emulator, relay, web.

Every process writes its output to a log file in the run directory, and the harness
reads what it needs from there (the emulator prints its ports), so no pipe can fill
and stall a child. Redis is a private ``redis-server`` on a free port (the machine's
6379 belongs to the test suite); PostgreSQL is the machine's, with a database of the
harness's own, dropped and created afresh. The web tier is several web processes
(``courtside.webserver``: uvicorn or daphne) behind one port: each gets its own
listening socket on that port with ``SO_REUSEPORT`` (passed with ``--fd``), and the
kernel spreads new connections over them.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import re
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from courtside import webserver

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
# The mock credentials of the spec, which the emulator accepts and the settings default to.
USERNAME = "2e4118d42e5011e6b4a4deecc6e6f587"
SECRET = "2d64b892e8d434100001"


class StackError(RuntimeError):
    """A process of the stack did not start or answer in time."""


def free_port() -> int:
    """A port nobody listens on right now (the child binds it a moment later)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the harness dies, however it dies."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


_PR_SET_PDEATHSIG = 1


class Child:
    """One process of the stack, its output in ``<run_dir>/<name>.log``.

    It gets SIGTERM if the harness dies (Linux's parent-death signal), so an interrupted
    run leaves no daphne, relay or Redis behind.
    """

    def __init__(
        self, name: str, args: list[str], env: dict[str, str], run_dir: Path, pass_fds=()
    ) -> None:
        self.name = name
        self.log_path = run_dir / f"{name}.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                args,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=pass_fds,
                preexec_fn=_die_with_parent,
            )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_for(self, pattern: str, timeout: float) -> re.Match:
        """The first match of ``pattern`` in the output, waiting up to ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern, re.MULTILINE)
        while time.monotonic() < deadline:
            match = regex.search(self.log())
            if match:
                return match
            if not self.alive():
                break
            time.sleep(0.05)
        tail = self.log()[-2000:]
        raise StackError(f"{self.name} did not print {pattern!r} in {timeout}s; output:\n{tail}")

    def stop(self, timeout: float = 20) -> int | None:
        """SIGTERM (a clean stop), then SIGKILL if it does not exit in time."""
        if self.proc.poll() is not None:
            return self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait(10)


@dataclass
class EmulatorProcess:
    child: Child
    api_url: str
    ws_url: str


@dataclass
class LiveGame:
    """A game the emulator plays: ShotTracker's event id and its first live id."""

    event_id: str
    live_id: str


def database_urls(url: str) -> tuple[str, str]:
    """The harness's database URL and the maintenance database's on the same server."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql") or not parts.path.strip("/"):
        raise StackError(f"--database-url must be a PostgreSQL URL with a database name: {url}")
    return url, urlunsplit(parts._replace(path="/postgres"))


def fresh_database(url: str) -> None:
    """Drop the harness's database if it exists and create it empty."""
    import psycopg

    _, admin_url = database_urls(url)
    name = urlsplit(url).path.strip("/")
    if not re.fullmatch(r"[A-Za-z0-9_]+", name):
        raise StackError(f"database name {name!r}: letters, digits and _ only")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


class Stack:
    """The processes of one harness run; ``stop()`` ends every one still running."""

    def __init__(self, run_dir: Path, database_url: str) -> None:
        self.run_dir = run_dir
        self.database_url = database_url
        self.redis_url = ""
        self.redis: Child | None = None
        self.web_url = ""
        self.webs: list[Child] = []
        self._children: list[Child] = []
        self._sockets: list[socket.socket] = []

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a Courtside process: production settings, bench services."""
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "courtside-bench-not-secret",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_HTTPS": "0",  # plain HTTP on 127.0.0.1, no TLS proxy in front
            "COURTSIDE_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        env.update(extra)
        return env

    def _start(self, name: str, args: list[str], env: dict[str, str], pass_fds=()) -> Child:
        child = Child(name, args, env, self.run_dir, pass_fds)
        self._children.append(child)
        return child

    # -- services ---------------------------------------------------------------------------

    def start_redis(self) -> str:
        """A private Redis on a free port, no persistence."""
        port = free_port()
        child = self._start(
            "redis",
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.run_dir), "--maxclients", "10000"],
            dict(os.environ),
        )  # fmt: skip
        child.wait_for(r"Ready to accept connections", 10)
        self.redis = child
        self.redis_url = f"redis://127.0.0.1:{port}/0"
        return self.redis_url

    def prepare(self) -> None:
        """A fresh database, migrated, and the static files collected (as the image does)."""
        fresh_database(self.database_url)
        # Static files first: with DEBUG off, loading the URLs needs their manifest.
        for command in (["collectstatic", "--noinput", "-v", "0"], ["migrate", "--noinput"]):
            result = subprocess.run(
                [PYTHON, "manage.py", *command],
                cwd=ROOT,
                env=self.env(),
                capture_output=True,
                text=True,
                timeout=300,
            )
            if result.returncode != 0:
                raise StackError(f"{command[0]} failed:\n{result.stdout}\n{result.stderr}")

    # -- processes --------------------------------------------------------------------------

    def start_emulator(
        self,
        name: str,
        *,
        games: int,
        speed: float = 1.0,
        location_hz: int = 25,
        half_minutes: float = 20.0,
        seed: int,
    ) -> EmulatorProcess:
        args = [
            PYTHON, "-m", "bench.emulator", "--games", str(games), "--speed", str(speed),
            "--location-hz", str(location_hz), "--half-minutes", str(half_minutes),
            "--seed", str(seed),
        ]  # fmt: skip
        child = self._start(name, args, self.env())
        api = child.wait_for(r"^REST API: (\S+)$", 60).group(1)
        ws = child.wait_for(r"^Live feed: (\S+)$", 10).group(1)
        return EmulatorProcess(child, api, ws)

    def start_relay(self, name: str, emulator: EmulatorProcess, live_ids: list[str]) -> Child:
        args = [PYTHON, "manage.py", "relay", "--no-notify"]
        for live_id in live_ids:
            args += ["--live-id", live_id]
        env = self.env(SHOTTRACKER_API_URL=emulator.api_url, SHOTTRACKER_WS_URL=emulator.ws_url)
        child = self._start(name, args, env)
        attached = int(child.wait_for(r"relaying from \S+: (\d+) game", 120).group(1))
        if attached < len(live_ids):  # one live id per game
            raise StackError(f"{name} attached {attached} of {len(live_ids)} games:\n"
                             f"{child.log()[-2000:]}")  # fmt: skip
        return child

    def start_web(
        self,
        processes: int,
        *,
        ping_interval: int,
        ping_timeout: int,
        server: str = webserver.DEFAULT_SERVER,
    ) -> str:
        """``processes`` web processes (``server``: daphne or uvicorn) on one port; the base URL."""
        port = free_port()
        for number in range(processes):
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            listener.bind(("127.0.0.1", port))
            listener.listen(4096)
            self._sockets.append(listener)
            fd = listener.fileno()
            args = webserver.command(
                server, fd=fd, access_log=False, ping_interval=ping_interval,
                ping_timeout=ping_timeout,
            )  # fmt: skip
            self.webs.append(self._start(f"{server}-{number}", args, self.env(), pass_fds=(fd,)))
        self.web_url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(not web.alive() for web in self.webs):
                dead = next(web for web in self.webs if not web.alive())
                raise StackError(f"{dead.name} exited:\n{dead.log()[-2000:]}")
            try:
                # Up when it answers (the JSON needs a login: 403 is an answer).
                if httpx.get(self.web_url + "/api/games/", timeout=2).status_code < 500:
                    return self.web_url
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise StackError(f"{server} did not answer /api/games/ in 60s")

    def stop_web(self) -> None:
        for web in self.webs:
            web.stop()
        for listener in self._sockets:
            listener.close()
        self.webs, self._sockets = [], []

    def stop(self) -> None:
        """Stop every child, newest first (the relay before the emulator, Redis last)."""
        for child in reversed(self._children):
            child.stop()
        for listener in self._sockets:
            listener.close()

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


async def live_games(api_url: str, count: int, within: float = 30) -> list[LiveGame]:
    """The emulator's ``count`` live games (not its practice ``test``), waiting for them."""
    from shottracker.client import ShotTrackerClient

    deadline = time.monotonic() + within
    async with ShotTrackerClient(api_url, USERNAME, SECRET) as client:
        while True:
            search = await client.search_live()
            found = [LiveGame(s.event.id, s.id) for s in search.live if s.is_game_event]
            if len(found) >= count:
                return found[:count]
            if time.monotonic() > deadline:
                raise StackError(f"the emulator lists {len(found)} live games, not {count}")
            await asyncio.sleep(0.2)


def game_list(web_url: str, cookie: str) -> dict[str, dict]:
    """The games the web tier knows, by event id (``GET /api/games/``, as an operator)."""
    response = httpx.get(web_url + "/api/games/", headers={"Cookie": cookie}, timeout=10)
    response.raise_for_status()
    games = response.json()["games"]
    return {game["id"]: game for game in games}


def wait_for_games(
    web_url: str,
    cookie: str,
    event_ids: list[str],
    *,
    status: str | None = None,
    timeout: float = 60,
) -> None:
    """Wait until every game is known to the web tier (and has ``status``, if given)."""
    deadline = time.monotonic() + timeout
    while True:
        games = game_list(web_url, cookie)
        missing = [
            e for e in event_ids if e not in games or (status and games[e]["status"] != status)
        ]
        if not missing:
            return
        if time.monotonic() > deadline:
            seen = {e: games.get(e, {}).get("status") for e in missing}
            raise StackError(f"games not {status or 'known'} after {timeout}s: {seen}")
        time.sleep(0.25)
