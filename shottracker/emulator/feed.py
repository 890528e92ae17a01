"""The live feed: a websocket server at ``/?token=…`` that streams one live session.

A subscription token (``issue_token``, from the REST ``_subscribe``) is one-time and
bound to a live id and the data types asked for. On connect the server sends the ack
exactly as the spec shows it, then every feed message of that session whose data type
was subscribed (markers always). ``{"action":"ping"}`` is answered with
``{"type":"pong"}``; a client that sends nothing for ``connectionTimeoutInMs`` is
closed. Each message is serialized once and queued per socket; a socket whose queue
overflows is closed rather than allowed to stall the game loop (its client resyncs by
REST), so ``publish`` never awaits.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request as WsRequest
from websockets.http11 import Response as WsResponse

log = logging.getLogger(__name__)

MAX_INPUT_BUFFER_BYTES = 8192
DEFAULT_QUEUE_SIZE = 8192
CLOSE_TIMEOUT_S = 2.0
DATA_TYPE_OF = {"stats": "STATS", "shot": "SHOTS", "location": "LOCATIONS"}


def dumps(message: dict) -> str:
    """The compact JSON the spec shows on the wire."""
    return json.dumps(message, separators=(",", ":"))


@dataclass(frozen=True)
class Chaos:
    """Wire-level faults for the relay's tests; the REST truth is never affected.

    ``duplicate_stats``: the probability that a stats frame is sent twice.
    ``reorder_stats``: the probability that a stats frame is held back and sent right
    after the next stats frame of the same session (a swap on the wire).
    """

    duplicate_stats: float = 0.0
    reorder_stats: float = 0.0


@dataclass
class Grant:
    """What a subscription token allows: one live id, some data types."""

    live_id: str
    data_types: frozenset[str]


@dataclass(eq=False)
class Subscriber:
    """One connected socket, its data types and its outgoing queue."""

    socket: ServerConnection
    live_id: str
    data_types: frozenset[str]
    queue: asyncio.Queue[str | None] = field(default_factory=asyncio.Queue)
    overflowed: bool = False


class FeedServer:
    """Websocket fan-out of feed messages to the sockets subscribed to each live id."""

    def __init__(
        self,
        *,
        connection_timeout_ms: int = 120_000,
        queue_size: int = DEFAULT_QUEUE_SIZE,
        chaos: Chaos | None = None,
        seed: int = 0,
    ) -> None:
        self.connection_timeout_ms = connection_timeout_ms
        self.queue_size = queue_size
        self.chaos = chaos or Chaos()
        self._rng = random.Random(seed)
        self._grants: dict[str, Grant] = {}
        self._subscribers: dict[str, set[Subscriber]] = {}
        self._held: dict[str, str] = {}
        self._stalled: dict[str, float] = {}  # live id -> loop time its stall ends
        self._server: Server | None = None
        self._closing: set[asyncio.Task] = set()

    # Tokens -------------------------------------------------------------------------------

    def issue_token(self, live_id: str, data_types: Iterable[str]) -> str:
        """A fresh one-time token for ``live_id`` and the given data types."""
        token = str(uuid.uuid4())
        self._grants[token] = Grant(live_id, frozenset(data_types))
        return token

    # Serving ------------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> tuple[str, int]:
        """Listen; returns the bound (host, port)."""
        self._server = await serve(
            self._handle,
            host,
            port,
            process_request=self._check_token,
            max_size=MAX_INPUT_BUFFER_BYTES,
            # The spec's keep-alive is the JSON ping, and an idle client is closed after
            # connectionTimeoutInMs; protocol-level pings would blur that contract.
            ping_interval=None,
            close_timeout=CLOSE_TIMEOUT_S,
            compression=None,
        )
        bound = next(iter(self._server.sockets)).getsockname()
        return bound[0], bound[1]

    async def stop(self) -> None:
        """Close every socket and stop listening."""
        if self._server is None:
            return
        self._server.close()
        await self._server.wait_closed()
        self._server = None

    @property
    def connections(self) -> int:
        """How many sockets are subscribed right now."""
        return sum(len(subs) for subs in self._subscribers.values())

    def drop_connections(self, live_id: str | None = None) -> int:
        """Abort every live socket (of ``live_id``) without a closing handshake; how many."""
        dropped = 0
        for key, subs in list(self._subscribers.items()):
            if live_id is not None and key != live_id:
                continue
            for sub in list(subs):
                sub.socket.transport.abort()
                dropped += 1
        return dropped

    def _check_token(self, connection: ServerConnection, request: WsRequest) -> WsResponse | None:
        query = parse_qs(urlsplit(request.path).query)
        token = (query.get("token") or [""])[0]
        if not token:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "A subscription token is required\n")
        grant = self._grants.pop(token, None)
        if grant is None:
            return connection.respond(HTTPStatus.FORBIDDEN, "Unknown or already used token\n")
        connection.grant = grant  # type: ignore[attr-defined]
        return None

    async def _handle(self, socket: ServerConnection) -> None:
        grant: Grant = socket.grant  # type: ignore[attr-defined]
        sub = Subscriber(socket, grant.live_id, grant.data_types, asyncio.Queue(self.queue_size))
        # The ack is queued before the socket joins its session, so it is the first frame.
        sub.queue.put_nowait(self._ack())
        self._subscribers.setdefault(grant.live_id, set()).add(sub)
        writer = asyncio.create_task(self._write(sub))
        try:
            await self._read(sub)
        finally:
            self._leave(sub)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer

    def _ack(self) -> str:
        return dumps({
            "data": {
                "socketSessionId": secrets.token_hex(4),
                "serverAttributes": {
                    "maxInputBufferSizeInBytes": MAX_INPUT_BUFFER_BYTES,
                    "connectionTimeoutInMs": self.connection_timeout_ms,
                },
            },
            "action": "subscribe",
            "type": "ack",
        })  # fmt: skip

    async def _read(self, sub: Subscriber) -> None:
        timeout = self.connection_timeout_ms / 1000
        while True:
            try:
                async with asyncio.timeout(timeout):
                    frame = await sub.socket.recv()
            except TimeoutError:
                await _close(sub.socket, 1000, "idle timeout")
                return
            except Exception:  # closed, aborted or a protocol error: the socket is done
                return
            try:
                request = json.loads(frame)
            except (ValueError, TypeError):
                continue  # a malformed client frame is ignored; it still counts as activity
            if isinstance(request, dict) and request.get("action") == "ping":
                self._enqueue(sub, '{"type":"pong"}')

    async def _write(self, sub: Subscriber) -> None:
        try:
            while True:
                text = await sub.queue.get()
                if text is None:  # the session ended and everything before was sent
                    await _close(sub.socket, 1000, "session ended")
                    return
                await sub.socket.send(text)
        except asyncio.CancelledError:
            raise
        except Exception:
            return  # the reader notices the closed socket and cleans up

    def _leave(self, sub: Subscriber) -> None:
        subs = self._subscribers.get(sub.live_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subscribers[sub.live_id]

    def _enqueue(self, sub: Subscriber, text: str | None) -> None:
        if sub.overflowed:
            return
        try:
            sub.queue.put_nowait(text)
        except asyncio.QueueFull:
            sub.overflowed = True
            log.warning("closing a slow feed consumer of %s (queue full)", sub.live_id)
            self._leave(sub)
            closing = _close(sub.socket, 1013, "consumer too slow")
            task = asyncio.get_running_loop().create_task(closing)
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    # Publishing ---------------------------------------------------------------------------

    def publish(self, live_id: str, message: dict) -> None:
        """Queue one feed message for every socket of ``live_id`` that subscribed to its type."""
        if live_id not in self._subscribers and live_id not in self._held:
            return  # nobody listens: do not even serialize
        text = dumps(message)
        if message.get("type") != "stats" or not (
            self.chaos.duplicate_stats or self.chaos.reorder_stats
        ):
            self._fan_out(live_id, message.get("type"), text)
            return
        held = self._held.pop(live_id, None)
        if (
            self.chaos.reorder_stats
            and held is None
            and self._rng.random() < self.chaos.reorder_stats
        ):
            self._held[live_id] = text
            return
        self._fan_out(live_id, "stats", text)
        if self._rng.random() < self.chaos.duplicate_stats:
            self._fan_out(live_id, "stats", text)
        if held is not None:
            self._fan_out(live_id, "stats", held)

    def stall(self, live_id: str, seconds: float) -> None:
        """Send nothing of ``live_id`` for ``seconds``, sockets kept open: a silent feed."""
        self._stalled[live_id] = asyncio.get_running_loop().time() + seconds

    def _is_stalled(self, live_id: str) -> bool:
        until = self._stalled.get(live_id)
        if until is None:
            return False
        if asyncio.get_running_loop().time() < until:
            return True
        del self._stalled[live_id]
        return False

    def publish_text(self, live_id: str, kind: str | None, text: str) -> None:
        """Queue a frame's text as it is (a tape's recorded frame) for ``live_id``'s sockets."""
        if live_id in self._subscribers:
            self._fan_out(live_id, kind, text)

    def session_ended(self, live_id: str) -> None:
        """Send what is left of a session (a stats frame chaos held back), then close its sockets.

        Closing tells a client that nothing more will come on this live id (a simulator
        may still send a correction after PLAY_NEXT); a client that reconnects finds the
        session no longer active.
        """
        held = self._held.pop(live_id, None)
        if held is not None:
            self._fan_out(live_id, "stats", held)
        for sub in list(self._subscribers.pop(live_id, ())):
            self._enqueue(sub, None)

    def _fan_out(self, live_id: str, kind: object, text: str) -> None:
        subs = self._subscribers.get(live_id)
        if not subs or (self._stalled and self._is_stalled(live_id)):
            return
        data_type = DATA_TYPE_OF.get(kind)  # type: ignore[arg-type]
        for sub in list(subs):
            if data_type is None or data_type in sub.data_types:
                self._enqueue(sub, text)


async def _close(socket: ServerConnection, code: int, reason: str) -> None:
    """Close with a handshake, or cut the connection if that cannot finish in time.

    The close frame waits behind the data a client is not reading, so a stuck client
    could otherwise hold the socket open for ever.
    """
    try:
        async with asyncio.timeout(CLOSE_TIMEOUT_S):
            await socket.close(code, reason)
    except TimeoutError:
        socket.transport.abort()
