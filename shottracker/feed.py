"""The live feed: subscribe, connect, keep alive, reconnect, and hand over typed messages.

``async for event in LiveFeed(client, ws_url, live_id)`` yields ``Connected`` once per
connection (``attempt`` > 0 means the caller missed messages and must resync, e.g. from
catch-up) and ``Received`` for every good frame after it, pongs included. A lost
connection is replaced by a new one with a NEW token (tokens are one-time) after an
exponential backoff with jitter. Bad frames are counted, logged (rate-limited) and
skipped. Iteration ends after ``close()`` or when ``_subscribe`` answers 400/404: the
session is over. Transport errors and 5xx of ``_subscribe`` are retried; other error
answers (401, 403, ...) are raised: retrying cannot fix credentials or rights.

Keepalive: the spec's server keeps a connection while it sees traffic within
``connectionTimeoutInMs`` and expects the JSON ``{"action":"ping"}``, which a task sends
every ``ping_interval`` (default a third of that timeout, at most 30 s), also while the
caller is busy and not reading. websockets' own protocol pings stay on (every 20 s):
they are answered by the peer's websocket layer and checked by ours in the background,
so a dead TCP path is noticed and replaced even when no frame is being read; the JSON
ping alone would only be answered into the same unread stream. A caller that stops
reading for long fills ``MAX_QUEUED_FRAMES``; the socket is then not read, the protocol
pong goes unseen, and the connection is replaced: the next ``Connected`` asks for a resync.

``on_frame(live_id, raw, received_ms)`` is told every frame as read, before it is parsed
(the ack and bad frames too), and ``raw`` None when a connection is lost: a tape
recorder listens there (``shottracker.tape``).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.uri import parse_uri

from shottracker.errors import (
    BadRequest,
    MalformedMessage,
    NotFound,
    ServerError,
    TransportError,
)
from shottracker.models import Ack, FeedMessage, Pong, parse_feed_message
from shottracker.resources import Subscription

if TYPE_CHECKING:
    from shottracker.client import ShotTrackerClient

log = logging.getLogger(__name__)

PING = '{"action":"ping"}'
MAX_PING_INTERVAL_S = 30.0
ACK_TIMEOUT_S = 10.0
PROTOCOL_PING_S = 20.0  # websockets' keepalive: see the module docstring
# Frames buffered while the caller is busy (a catch-up): ~15 s of one game's 275 msg/s.
# Past it websockets stops reading the socket and TCP pushes back on the server.
MAX_QUEUED_FRAMES = 4096


@dataclass(frozen=True, slots=True)
class Connected:
    """A connection is up; ``attempt`` 0 is the first, above 0 a reconnection (resync!)."""

    ack: Ack
    subscription: Subscription
    attempt: int


@dataclass(frozen=True, slots=True)
class Received:
    """One good frame: the message, epoch ms at receipt, and the frame's text."""

    message: FeedMessage
    received_ms: int
    raw: str


@dataclass(slots=True)
class FeedCounters:
    """What the feed has seen; ``frames`` counts every frame read, good or bad."""

    frames: int = 0
    malformed: int = 0
    unknown_types: int = 0
    reconnects: int = 0
    pings: int = 0
    pongs: int = 0


class _NoAck(Exception):
    """The first frame of a connection was not the server's ack."""


class _Throttled:
    """Logs at most one record per ``every`` seconds and says how many it held back."""

    def __init__(self, level: int, every: float = 10.0) -> None:
        self.level = level
        self.every = every
        self._next = 0.0
        self._held = 0

    def __call__(self, msg: str, *args: object) -> None:
        now = time.monotonic()
        if now < self._next:
            self._held += 1
            return
        if self._held:
            msg, args = msg + " (and %d more since the last report)", (*args, self._held)
        self._held = 0
        self._next = now + self.every
        log.log(self.level, msg, *args)


class LiveFeed:
    """The live feed of one session, reconnected until the session ends or ``close()``."""

    def __init__(
        self,
        client: ShotTrackerClient,
        ws_url: str,
        live_id: str,
        data_types: Sequence[str] | None = None,
        *,
        ping_interval: float | None = None,
        backoff: tuple[float, float] = (0.1, 5.0),
        clock: Callable[[], float] = time.time,
        on_frame: Callable[[str, str | None, int], None] | None = None,
    ) -> None:
        parse_uri(ws_url)  # a bad URL is a configuration error: fail now, not on every retry
        if ping_interval is not None and ping_interval <= 0:
            raise ValueError("ping_interval must be positive")
        if not 0 <= backoff[0] <= backoff[1]:
            raise ValueError("backoff must be (first, most) delays with first <= most")
        self.counters = FeedCounters()
        self._client = client
        self._ws_url = ws_url
        self._live_id = live_id
        self._data_types = tuple(data_types) if data_types else None
        self._ping_interval = ping_interval
        self._backoff = backoff
        self._clock = clock
        self._on_frame = on_frame
        self._closed = asyncio.Event()
        self._ws: ClientConnection | None = None
        self._pinger: asyncio.Task[None] | None = None
        self._iterated = False
        self._log_malformed = _Throttled(logging.WARNING)
        self._log_unknown = _Throttled(logging.DEBUG)

    async def __aenter__(self) -> LiveFeed:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def __aiter__(self) -> AsyncIterator[Connected | Received]:
        if self._iterated:
            raise RuntimeError("a LiveFeed is iterated once; make a new one")
        self._iterated = True
        return self._run()

    async def close(self) -> None:
        """Stop: the iteration ends, the connection and its pings stop."""
        self._closed.set()
        await self._disconnect()

    def url_for(self, token: str) -> str:
        """The websocket URL for one token: ``ws_url`` with ``?token=`` added, path kept."""
        parts = urlsplit(self._ws_url)
        query = [*parse_qsl(parts.query), ("token", token)]
        return urlunsplit(parts._replace(query=urlencode(query)))

    async def _run(self) -> AsyncIterator[Connected | Received]:
        connections = 0  # Connected events yielded so far
        failures = 0  # failed tries since frames last flowed; sets the backoff
        try:
            while not self._closed.is_set():
                if connections or failures:
                    self.counters.reconnects += 1
                    if await self._closed_within(self._delay(failures)):
                        return
                subscription = await self._subscribe()
                if subscription is None or self._closed.is_set():
                    return
                if isinstance(subscription, Exception):
                    failures += 1
                    continue
                try:
                    ack = await self._connect(subscription.token)
                except (OSError, TimeoutError, InvalidHandshake, ConnectionClosed, _NoAck) as exc:
                    failures += 1
                    log.warning("live %s: could not connect: %r", self._live_id, exc)
                    await self._disconnect()
                    continue
                if self._closed.is_set():
                    return
                yield Connected(ack, subscription, connections)
                connections += 1
                while (received := await self._next_frame()) is not None:
                    failures = 0
                    yield received
                failures += 1
                await self._disconnect()
        finally:
            await self._disconnect()

    async def _subscribe(self) -> Subscription | Exception | None:
        """A fresh token; None when the session is over, the error when worth retrying."""
        try:
            return await self._client.subscribe(self._live_id, self._data_types)
        except (BadRequest, NotFound) as exc:
            log.info("live %s is over: %s", self._live_id, exc)
            return None
        except (TransportError, ServerError, MalformedMessage) as exc:
            log.warning("live %s: subscribe failed: %s", self._live_id, exc)
            return exc

    async def _connect(self, token: str) -> Ack:
        """Open the websocket, read the ack, start pinging."""
        self._ws = ws = await connect(
            self.url_for(token),
            open_timeout=ACK_TIMEOUT_S,
            ping_interval=PROTOCOL_PING_S,
            ping_timeout=PROTOCOL_PING_S,
            max_queue=MAX_QUEUED_FRAMES,
        )
        async with asyncio.timeout(ACK_TIMEOUT_S):
            first = await ws.recv()
        self.counters.frames += 1
        if self._on_frame is not None:
            self._on_frame(self._live_id, _text(first), int(self._clock() * 1000))
        try:
            ack = parse_feed_message(json.loads(first))
        except (ValueError, MalformedMessage) as exc:
            raise _NoAck(f"the first frame is not an ack: {exc}") from None
        if not isinstance(ack, Ack):
            raise _NoAck(f"the first frame is a {type(ack).__name__}, not an ack")
        interval = self._ping_interval or min(ack.connection_timeout_ms / 3000, MAX_PING_INTERVAL_S)
        self._pinger = asyncio.create_task(self._ping(ws, interval))
        return ack

    async def _next_frame(self) -> Received | None:
        """The next good frame of the connection, or None once it closed; bad ones are skipped.

        This is the hot path (hundreds of frames a second per game): one ``json.loads``,
        one ``parse_feed_message``, counters as plain attributes.
        """
        ws = self._ws
        if ws is None:
            return None
        counters = self.counters
        while True:
            try:
                raw = await ws.recv()
            except ConnectionClosed as exc:
                if not self._closed.is_set():
                    log.warning("live %s: connection lost: %s", self._live_id, exc)
                    if self._on_frame is not None:
                        self._on_frame(self._live_id, None, int(self._clock() * 1000))
                return None
            received_ms = int(self._clock() * 1000)
            counters.frames += 1
            if self._on_frame is not None:
                self._on_frame(self._live_id, _text(raw), received_ms)
            try:
                if not isinstance(raw, str):
                    raw = raw.decode()
                message = parse_feed_message(json.loads(raw))
            except (ValueError, RecursionError) as exc:  # not JSON, or not UTF-8
                counters.malformed += 1
                self._log_malformed("live %s: a frame is not JSON: %s", self._live_id, exc)
                continue
            except MalformedMessage as exc:
                if exc.unknown_type:
                    counters.unknown_types += 1
                    self._log_unknown("live %s: skipped: %s", self._live_id, exc.reason)
                else:
                    counters.malformed += 1
                    self._log_malformed("live %s: bad frame: %s", self._live_id, exc.reason)
                continue
            if type(message) is Pong:
                counters.pongs += 1
            return Received(message, received_ms, raw)

    async def _ping(self, ws: ClientConnection, interval: float) -> None:
        """Send the spec's JSON ping every ``interval`` seconds until the connection closes."""
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.sleep(interval)
                await ws.send(PING)
                self.counters.pings += 1

    async def _disconnect(self) -> None:
        pinger, self._pinger = self._pinger, None
        if pinger is not None:
            pinger.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pinger
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close()

    def _delay(self, failures: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random."""
        first, most = self._backoff
        delay = min(most, first * 2 ** max(failures - 1, 0))
        return random.uniform(delay / 2, delay)

    async def _closed_within(self, seconds: float) -> bool:
        try:
            await asyncio.wait_for(self._closed.wait(), seconds)
        except TimeoutError:
            return False
        return True


def _text(frame: str | bytes) -> str:
    return frame if isinstance(frame, str) else frame.decode(errors="replace")
