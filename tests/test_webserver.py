"""The web process runs under either ASGI server, started one way (courtside/webserver.py).

Each server is started as production starts it, on the test database and the machine's
Redis; an operator's console socket gets its snapshot and a frame the relay publishes,
uncompressed though the browser offers compression, and ``docker stop``'s SIGTERM ends
the process in seconds with an operator still watching.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time

import pytest
import websockets
from channels_redis.pubsub import RedisPubSubChannelLayer
from websockets.exceptions import ConnectionClosed

from broadcast import groups
from broadcast.models import Game
from courtside import webserver
from tests.stack import ROOT, WebProcess, ensure_operator

pytestmark = [pytest.mark.stack, pytest.mark.django_db(transaction=True), pytest.mark.timeout(120)]

USERNAME, PASSWORD = "wes", "web-server-operator-2026"


def test_an_unknown_server_is_refused_naming_the_ones_there_are():
    result = subprocess.run(
        [sys.executable, "-m", "courtside.webserver"],
        env={**os.environ, "COURTSIDE_WEB_SERVER": "nginx"},
        cwd=ROOT, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert result.returncode == 2
    assert "COURTSIDE_WEB_SERVER='nginx': one of uvicorn, daphne" in result.stderr


def test_uvicorn_is_the_server_when_none_is_named(monkeypatch):
    monkeypatch.delenv("COURTSIDE_WEB_SERVER", raising=False)
    assert webserver.server_name() == "uvicorn"
    monkeypatch.setenv("COURTSIDE_WEB_SERVER", " Daphne ")
    assert webserver.server_name() == "daphne"


@pytest.fixture(params=webserver.SERVERS)
def serving(request, redis_url, tmp_path):
    """Each server as production starts it, a live game, and an operator's session cookie."""
    ensure_operator(USERNAME, PASSWORD)
    Game.objects.create(event_id="ev-web", name="Web vs Server", status=Game.Status.LIVE)
    web = WebProcess(redis_url, log_path=tmp_path / "web.log", server=request.param)
    web.start()
    try:
        asyncio.run(web.ready())
        yield web, asyncio.run(web.login(USERNAME, PASSWORD))
    finally:
        web.stop()


def _console(web: WebProcess, cookie: str, **options):
    """The game's console socket, opened as an operator's browser opens it."""
    url = web.url.replace("http://", "ws://") + "/ws/games/ev-web/"
    headers = {"Cookie": f"sessionid={cookie}"}
    return websockets.connect(url, origin=web.url, additional_headers=headers, **options)


async def _until_closed(ws) -> int | None:
    """Read until the server closes the socket; its close code."""
    with pytest.raises(ConnectionClosed):
        while True:
            await asyncio.wait_for(ws.recv(), 10)
    return ws.close_code


async def _watch(web: WebProcess, cookie: str, redis_url: str) -> dict:
    """Open the console's socket as a browser would (offering compression), read a frame."""
    layer = RedisPubSubChannelLayer(hosts=[redis_url])  # the web process's layer, its prefix
    async with _console(web, cookie, compression="deflate") as ws:
        snapshot = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert (snapshot["type"], snapshot["game_id"]) == ("snapshot", "ev-web")
        frame = groups.frame_payload(
            "ev-web", 1, 7, int(time.time() * 1000), {"11": [1, 2, 0]}, None
        )
        deadline = time.monotonic() + 10
        while True:  # the process's stream of the game subscribes as the socket opens
            await layer.group_send(groups.game_group("ev-web"), groups.frame_message(frame))
            try:
                message = json.loads(await asyncio.wait_for(ws.recv(), 0.5))
                break
            except TimeoutError:
                assert time.monotonic() < deadline, "no frame reached the socket"
        await layer.flush()
        return {
            "extensions": ws.response.headers.get("Sec-WebSocket-Extensions"),
            "frame": message,
        }


def test_each_server_serves_the_console_socket_and_stops_on_sigterm(serving, redis_url):
    web, cookie = serving
    seen = asyncio.run(_watch(web, cookie, redis_url))
    assert seen["frame"]["type"] == "frame" and seen["frame"]["frame"] == 1
    # One text made per process for every socket: no compressor per browser.
    assert seen["extensions"] is None

    async def stop_while_watching() -> tuple[int, float, int | None]:
        async with _console(web, cookie) as ws:
            await ws.recv()  # the snapshot: an operator is watching
            started = time.monotonic()
            code = await asyncio.to_thread(web.stop)
            took = time.monotonic() - started
            return code, took, await _until_closed(ws)

    code, took, close_code = asyncio.run(stop_while_watching())
    assert code == 0, web.log()[-2000:]
    assert took < webserver.GRACEFUL_SHUTDOWN_S + 3
    assert close_code is not None  # the browser is told, and reconnects to another process


def test_a_browser_message_far_over_any_requests_size_closes_its_socket(serving):
    web, cookie = serving

    async def flood() -> int | None:
        async with _console(web, cookie, max_size=None) as ws:
            await ws.recv()  # the snapshot
            await ws.send("x" * (webserver.WS_MAX_MESSAGE_BYTES * 4))
            return await _until_closed(ws)

    # uvicorn refuses it unread (1009, too big); daphne hands it to the consumer,
    # which refuses anything that is not a small request (4400).
    assert asyncio.run(flood()) == {"uvicorn": 1009, "daphne": 4400}[web.server]
    asyncio.run(web.ready())  # and the process serves on
