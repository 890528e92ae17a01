"""The browser websocket ``/ws/games/<game_id>/``: a snapshot, then the game's deltas.

Thin, like the consumers of Channels' sample project: check the operator, join the
game's stream (the process's one receiver of the game's group, ``dashboard.fanout``),
accept, send the current state, then forward what the relay publishes. The stream is
joined *before* the snapshot is read, so a delta published meanwhile is either in the
snapshot or sent after it. Group messages carry their browser text ready-made; it is
forwarded as is. A socket that stops reading is closed by the server's keepalive
(``courtside.webserver``'s keepalive: the pong never comes back).

Close codes: 4403 not an operator, 4404 unknown game, 4400 a message that is not a
small JSON object with a known ``action``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Coroutine
from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.sessions import InstanceSessionWrapper

from broadcast import groups
from broadcast.models import Game
from broadcast.relay.frames import FramePacer
from broadcast.state import game_state
from dashboard import fanout
from dashboard.roles import OPERATOR, has_role

CLOSE_BAD_MESSAGE = 4400
CLOSE_FORBIDDEN = 4403
CLOSE_UNKNOWN_GAME = 4404

MAX_RATE = 25
MAX_MESSAGE_BYTES = 256
ACTIONS = ("snapshot", "rate")


def parse_rate(query_string: bytes) -> int:
    """Position frames per second from ``?rate=N``: 1 to 25, 25 when absent or unreadable."""
    values = parse_qs(query_string.decode("latin-1")).get("rate")
    try:
        rate = int(values[-1]) if values else MAX_RATE
    except ValueError:
        return MAX_RATE
    return min(max(rate, 1), MAX_RATE)


@database_sync_to_async
def _operator_game(user, game_id: str) -> tuple[bool, Game | None]:
    if not has_role(user, OPERATOR):
        return False, None
    return True, Game.objects.filter(event_id=game_id).first()


@database_sync_to_async
def _snapshot_text(game: Game) -> tuple[int, str]:
    game.refresh_from_db(fields=["health"])
    state, seq = game_state(game)
    now = int(time.time() * 1000)
    payload = groups.snapshot_payload(game.event_id, seq, now, state, game.health or {})
    return seq, groups.dumps(payload)


class GameConsumer(AsyncWebsocketConsumer):
    """One operator's live view of one game.

    The game's messages come from the process's stream of the game (``dashboard.fanout``),
    not through a channel of the socket's own, so the consumer has none. While a snapshot
    is read and sent, the stream's deltas and health wait in ``_held`` (frames are
    dropped): the page gets the snapshot first, then what followed it, in order.
    """

    channel_layer_alias = None  # no channel per socket: see dashboard.fanout
    game: Game | None = None
    stream: fanout.GameStream | None = None
    _held: list[dict[str, Any]] | None = None

    async def connect(self) -> None:
        game_id = self.scope["url_route"]["kwargs"]["game_id"]
        allowed, game = await _operator_game(self.scope.get("user"), game_id)
        if not allowed or game is None:
            # Accept first: a close before the handshake reaches a browser without its code.
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN if not allowed else CLOSE_UNKNOWN_GAME)
            return
        self.game = game
        self._server_send = past_session_wrappers(self.base_send)
        self.gate = FramePacer(parse_rate(self.scope.get("query_string", b"")))
        self.snapshot_seq = 0
        # Join before the snapshot is read: a delta published meanwhile is held, then
        # either skipped (the snapshot has it) or sent after the snapshot.
        self._held = []
        self.stream = await fanout.join(game.event_id, self)
        await self.accept()
        await self.send_snapshot()

    async def disconnect(self, code: int) -> None:
        if self.stream is not None:
            await fanout.leave(self.stream, self)
            self.stream = None

    async def send_snapshot(self) -> None:
        if self._held is None:
            self._held = []
        try:
            self.snapshot_seq, text = await _snapshot_text(self.game)
            await self.send(text_data=text)
        finally:
            # Send what was held, still holding what arrives meanwhile, until none is left.
            while self._held:
                held, self._held = self._held, []
                for message in held:
                    step = self._outgoing(message)
                    if step is not None:
                        await step
            self._held = None

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        request = _parse_request(text_data)
        if request is None:
            await self.close(code=CLOSE_BAD_MESSAGE)
            return
        if request["action"] == "snapshot":
            await self.send_snapshot()
        elif request["action"] == "rate":
            self.gate = FramePacer(request["rate"])

    # -- the game group's messages, from the stream ------------------------------------------

    def take(self, message: dict[str, Any]) -> Coroutine[Any, Any, None] | None:
        """The stream hands over one message of the game's group: what to send, if anything.

        A plain function, not a coroutine: at 25 frames a second to hundreds of sockets a
        process runs it for every socket and message, and returns the server's own send
        of the text the stream made once (``message["send"]``), or None.
        """
        if self._held is not None:
            if message["type"] != "game.frame":
                self._held.append(message)
            return None
        return self._outgoing(message)

    def _outgoing(self, message: dict[str, Any]) -> Coroutine[Any, Any, None] | None:
        kind = message["type"]
        if kind == "game.frame":
            if not self.gate.admit(time.monotonic()):
                return None  # this socket asked for fewer frames a second
        elif kind == "game.delta":
            if message["seq"] <= self.snapshot_seq:
                return None  # in the snapshot already: the page would skip it anyway
        elif kind == "game.resync":
            # The socket fell too far behind for the stream to keep its deltas: a snapshot
            # holds them all (the page takes a snapshot at any time, as after a gap).
            return self.send_snapshot()
        elif kind != "game.health":
            return None
        return self._server_send(message["send"])


def past_session_wrappers(send):
    """The server's own ``send``, behind Channels' session middleware.

    ``SessionMiddleware`` wraps a socket's every send to save the session on an HTTP
    response; on a websocket it never saves, yet it looks the lazy session up twice per
    message: about a tenth of a web process's main thread at 500 readers (bench/README.md).
    The stream's messages, 25 a second per socket, go past it.
    """
    while isinstance(getattr(send, "__self__", None), InstanceSessionWrapper):
        send = send.__self__.real_send
    return send


def _parse_request(text: str | None) -> dict[str, Any] | None:
    """A browser's request, checked; None for anything that is not one."""
    if text is None or len(text) > MAX_MESSAGE_BYTES:
        return None
    try:
        request = json.loads(text)
    except ValueError:
        return None
    if not isinstance(request, dict) or request.get("action") not in ACTIONS:
        return None
    if request["action"] == "snapshot":
        return request if set(request) == {"action"} else None
    rate = request.get("rate")
    if set(request) != {"action", "rate"} or type(rate) is not int or not 1 <= rate <= MAX_RATE:
        return None
    return request
