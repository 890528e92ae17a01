"""The live feed against a real websocket server: ack, keepalive pings, reconnects, bad frames."""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections.abc import Awaitable, Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from websockets.asyncio.server import ServerConnection, serve

from shottracker import errors
from shottracker.client import ShotTrackerClient
from shottracker.feed import Connected, LiveFeed, Received
from shottracker.models import Location, Pong, Stats
from tests.shottracker import bodies

STATS = (
    '{"type":"stats","data":{"occurred_at":1484865816836,"team_id":461,"player_id":123,'
    '"stats":{"FGA":4.0,"PTS":4.0,"FG":2.0},"classification":"TWO_POINT_MAKE","version":317}}'
)
LOCATION = (
    '{"type":"location","data":{"occurred_at":1478800197342,"type":"PLAYER","id":123,'
    '"x":123,"y":456,"z":789}}'
)


def ack(timeout_ms: int = 120000, session: str = "2edbccd1") -> str:
    return json.dumps({
        "data": {"socketSessionId": session, "serverAttributes": {
            "maxInputBufferSizeInBytes": 8192, "connectionTimeoutInMs": timeout_ms}},
        "action": "subscribe", "type": "ack",
    })  # fmt: skip


class Rest:
    """The ``_subscribe`` endpoint: a new one-time token per call, or the answers it is given."""

    def __init__(self) -> None:
        self.subscribes: list[httpx.Request] = []
        self.answers: list[httpx.Response] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/data/live/test/_subscribe"
        self.subscribes.append(request)
        if self.answers:
            return self.answers.pop(0)
        body = {**bodies.SUBSCRIPTION, "token": f"token-{len(self.subscribes)}"}
        return httpx.Response(200, json=body)


Script = Callable[["FeedServer", ServerConnection], Awaitable[None]]


class FeedServer:
    """The live feed as the spec describes it; connection n follows ``scripts[n]``."""

    def __init__(self, scripts: list[Script]) -> None:
        self.scripts = scripts
        self.paths: list[str] = []
        self.pings: asyncio.Queue[float] = asyncio.Queue()
        self.closed = asyncio.Event()

    @property
    def tokens(self) -> list[str]:
        return [parse_qs(urlsplit(path).query)["token"][0] for path in self.paths]

    async def handler(self, ws: ServerConnection) -> None:
        self.paths.append(ws.request.path)
        script = self.scripts[min(len(self.paths), len(self.scripts)) - 1]
        try:
            await script(self, ws)
        finally:
            self.closed.set()

    async def answer_pings(self, ws: ServerConnection) -> None:
        """Read until the client leaves, answering the JSON ping with the spec's pong."""
        async for message in ws:
            if json.loads(message) == {"action": "ping"}:
                await self.pings.put(time.monotonic())
                await ws.send('{"type":"pong"}')


def send(*frames: str | bytes, stay: bool = True) -> Script:
    """A script: send ``frames``, then answer pings until the client leaves (or drop at once)."""

    async def script(server: FeedServer, ws: ServerConnection) -> None:
        for frame in frames:
            await ws.send(frame)
        if stay:
            await server.answer_pings(ws)

    return script


@pytest.fixture
def rest() -> Rest:
    return Rest()


@pytest.fixture
async def client(rest: Rest):
    async with ShotTrackerClient(
        "http://api.test",
        "2e4118d42e5011e6b4a4deecc6e6f587",
        "2d64b892e8d434100001",
        retries=0,
        transport=httpx.MockTransport(rest),
    ) as client:
        yield client


@pytest.fixture
async def start_feed(client):
    """Start a feed server with some scripts and a LiveFeed on it; both are closed afterwards."""
    started: list[tuple[LiveFeed, object]] = []

    async def start(*scripts: Script, **options) -> tuple[FeedServer, LiveFeed]:
        server = FeedServer(list(scripts))
        ws_server = await serve(server.handler, "127.0.0.1", 0)
        port = ws_server.sockets[0].getsockname()[1]
        options.setdefault("backoff", (0.01, 0.05))
        feed = LiveFeed(client, f"ws://127.0.0.1:{port}/live/", "test", **options)
        started.append((feed, ws_server))
        return server, feed

    yield start
    for feed, ws_server in started:
        await feed.close()
        ws_server.close()
        await ws_server.wait_closed()


async def next_event(events) -> Connected | Received:
    async with asyncio.timeout(5):
        return await anext(events)


async def test_it_reads_the_ack_and_says_it_is_connected(start_feed, rest):
    server, feed = await start_feed(send(ack(), STATS), data_types=["STATS", "SHOTS"])
    events = aiter(feed)
    before_ms = time.time() * 1000

    connected = await next_event(events)
    received = await next_event(events)

    assert isinstance(connected, Connected)
    assert connected.attempt == 0
    assert connected.ack.socket_session_id == "2edbccd1"
    assert connected.ack.connection_timeout_ms == 120000
    assert connected.subscription.token == "token-1"
    assert rest.subscribes[0].url.params.get_list("dt") == ["STATS", "SHOTS"]
    assert server.paths == ["/live/?token=token-1"]
    assert isinstance(received.message, Stats) and received.message.version == 317
    assert received.raw == STATS
    assert before_ms - 1 <= received.received_ms <= time.time() * 1000 + 1


async def test_it_pings_at_a_third_of_the_timeout_while_the_caller_is_busy(start_feed):
    server, feed = await start_feed(send(ack(timeout_ms=300)))
    events = aiter(feed)
    await next_event(events)

    # Not reading the feed, like a caller busy with a catch-up: the pings go on.
    async with asyncio.timeout(3):
        times = [await server.pings.get() for _ in range(4)]

    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert all(0.07 <= gap <= 0.3 for gap in gaps), gaps
    assert feed.counters.pings >= 4


async def test_the_pongs_reach_the_caller_and_are_counted(start_feed):
    _, feed = await start_feed(send(ack()), ping_interval=0.02)
    events = aiter(feed)
    await next_event(events)

    pongs = [await next_event(events) for _ in range(3)]

    assert all(isinstance(event.message, Pong) for event in pongs)
    assert feed.counters.pongs == 3


async def test_after_a_drop_it_reconnects_with_a_new_token(start_feed, rest):
    server, feed = await start_feed(send(ack(session="first"), STATS, stay=False),
                                    send(ack(session="second"), LOCATION))  # fmt: skip
    events = aiter(feed)

    seen = [await next_event(events) for _ in range(4)]

    assert [type(event) for event in seen] == [Connected, Received, Connected, Received]
    assert (seen[0].attempt, seen[2].attempt) == (0, 1)
    assert seen[2].ack.socket_session_id == "second"
    assert seen[2].subscription.token == "token-2"
    assert server.tokens == ["token-1", "token-2"]
    assert len(rest.subscribes) == 2
    assert isinstance(seen[3].message, Location)
    assert feed.counters.reconnects == 1


async def test_a_connection_without_an_ack_is_replaced(start_feed):
    server, feed = await start_feed(send(STATS), send(ack(session="acked"), LOCATION))
    events = aiter(feed)

    connected = await next_event(events)
    received = await next_event(events)

    assert server.tokens == ["token-1", "token-2"]
    assert (connected.attempt, connected.ack.socket_session_id) == (0, "acked")
    assert isinstance(received.message, Location)
    assert feed.counters.reconnects == 1


async def test_bad_frames_are_counted_and_skipped_while_good_ones_flow(start_feed, caplog):
    bad_location = LOCATION.replace('"x":123', '"x":"left"')
    _, feed = await start_feed(
        send(ack(), "not json {", STATS, '{"type":"substitution","data":{}}', bad_location,
             b"\xff\xfe", "[]", LOCATION)
    )  # fmt: skip
    events = aiter(feed)
    await next_event(events)

    with caplog.at_level(logging.WARNING, logger="shottracker.feed"):
        first, second = await next_event(events), await next_event(events)

    assert isinstance(first.message, Stats) and isinstance(second.message, Location)
    assert feed.counters.malformed == 4
    assert feed.counters.unknown_types == 1
    assert feed.counters.frames == 8
    # Rate-limited: a burst of bad frames is one warning, not one per frame.
    assert [r.getMessage() for r in caplog.records if r.name == "shottracker.feed"] == [
        "live test: a frame is not JSON: Expecting value: line 1 column 1 (char 0)"
    ]


async def test_failed_subscribes_are_retried(start_feed, rest):
    rest.answers = [httpx.Response(503, json={"status": 503, "message": "busy"})]
    _, feed = await start_feed(send(ack()))

    connected = await next_event(aiter(feed))

    assert connected.attempt == 0 and connected.subscription.token == "token-2"
    assert feed.counters.reconnects == 1


async def test_the_iteration_ends_when_subscribe_says_the_session_is_over(start_feed, rest):
    rest.answers = [
        httpx.Response(200, json={**bodies.SUBSCRIPTION, "token": "only"}),
        httpx.Response(400, json=bodies.ERROR_400),
    ]
    server, feed = await start_feed(send(ack(), stay=False))

    async with asyncio.timeout(5):
        seen = [event async for event in feed]

    assert [type(event) for event in seen] == [Connected]
    assert server.tokens == ["only"]
    assert len(rest.subscribes) == 2


async def test_an_unknown_live_id_yields_nothing(start_feed, rest):
    rest.answers = [httpx.Response(404, json={"status": 404, "message": "Invalid id"})]
    server, feed = await start_feed(send(ack()))

    async with asyncio.timeout(5):
        seen = [event async for event in feed]

    assert seen == []
    assert server.paths == []


async def test_missing_rights_are_raised_not_retried(start_feed, rest):
    rest.answers = [
        httpx.Response(403, json={"status": 403, "message": "No access to LOCATIONS data"})
    ]
    _, feed = await start_feed(send(ack()))

    with pytest.raises(errors.Forbidden, match="LOCATIONS"):
        await next_event(aiter(feed))
    assert len(rest.subscribes) == 1


async def test_close_ends_an_iteration_that_is_waiting_for_frames(start_feed):
    server, feed = await start_feed(send(ack()))
    events = aiter(feed)
    await next_event(events)
    waiting = asyncio.ensure_future(next_event(events))
    await asyncio.sleep(0)  # let it reach the socket

    await feed.close()

    with pytest.raises(StopAsyncIteration):
        await waiting
    async with asyncio.timeout(5):
        await server.closed.wait()
    assert feed.counters.reconnects == 0


async def test_a_feed_is_iterated_once(start_feed):
    _, feed = await start_feed(send(ack()))
    aiter(feed)

    with pytest.raises(RuntimeError, match="once"):
        aiter(feed)


async def test_every_frame_as_read_and_every_lost_connection_reach_on_frame(start_feed):
    heard: list[tuple[str, str | None]] = []
    _, feed = await start_feed(
        send(ack(session="first"), "not json {", STATS, stay=False),
        send(ack(session="second"), LOCATION),
        on_frame=lambda live_id, raw, received_ms: heard.append((live_id, raw)),
    )
    events = aiter(feed)
    seen = [await next_event(events) for _ in range(4)]  # connected, stats, connected, location

    assert isinstance(seen[3].message, Location)
    # The tape's view: the acks and the bad frame too, as sent, and the drop between them.
    assert heard == [
        ("test", ack(session="first")), ("test", "not json {"), ("test", STATS),
        ("test", None), ("test", ack(session="second")), ("test", LOCATION),
    ]  # fmt: skip
