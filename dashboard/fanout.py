"""One receiver of a game's group per web process, shared by that process's sockets of the game.

Channels gives every consumer a channel of its own: a group message is then copied into
each consumer's queue, deserialized by each, and dispatched by each (a task per message,
and in Channels 4 a database clean-up per message in the process's one database
thread). With hundreds of sockets at 25 frames a second that is most of a web process's
time (bench/README.md). Here a process joins a game's group once, with one channel,
receives each message once, and hands it to every socket of the game it holds, in the
order the messages arrived.

When the process falls behind, a backlog of frames waits here; a frame that a newer one
behind it has made older by more than ``STALE_FRAME_MS`` (relay time) is dropped: the
newest position wins. Deltas and health are never dropped.

A stream starts with its game's first socket in the process and stops with its last.

The first stream in a process also tunes the garbage collector for fan-out (see
``_tune_the_collector``): in a daphne process with hundreds of sockets, full collections
of 50-160 ms, finding nothing to collect, held up every socket's frames every few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections import deque
from typing import Any, Protocol

from channels.layers import get_channel_layer

from broadcast import groups

log = logging.getLogger(__name__)

STALE_FRAME_MS = 200


class Member(Protocol):
    """A socket of the game: it takes every message of the game's group, in order."""

    async def take(self, message: dict[str, Any]) -> None: ...


class GameStream:
    """A game's group messages in this process (see the module docstring)."""

    def __init__(self, game_id: str, layer) -> None:
        self.game_id = game_id
        self.layer = layer
        self.members: dict[Member, None] = {}  # a dict: joined order, cheap removal
        self.dropped_frames = 0
        self._backlog: deque[dict[str, Any]] = deque()
        self._newest_frame_ms = 0
        self._wake = asyncio.Event()
        self.channel: str | None = None  # this process's channel in the game's group
        self._tasks: list[asyncio.Task] = []

    async def start(self) -> None:
        self.channel = await self.layer.new_channel("game-stream.")
        await self.layer.group_add(groups.game_group(self.game_id), self.channel)
        self._tasks = [
            asyncio.create_task(self._receive(), name=f"stream-in:{self.game_id}"),
            asyncio.create_task(self._hand_out(), name=f"stream-out:{self.game_id}"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.channel is not None:
            with contextlib.suppress(Exception):
                await self.layer.group_discard(groups.game_group(self.game_id), self.channel)

    async def _receive(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The layer's backend hiccuped (Redis restarting): keep the sockets, retry.
                log.warning("game %s: receiving failed", self.game_id, exc_info=True)
                await asyncio.sleep(1.0)
                continue
            if message.get("type") == "game.frame":
                self._newest_frame_ms = max(self._newest_frame_ms, message.get("relay_ms", 0))
            self._backlog.append(message)
            self._wake.set()

    def _stale(self, message: dict[str, Any]) -> bool:
        relay_ms = message.get("relay_ms")
        return relay_ms is not None and self._newest_frame_ms - relay_ms > STALE_FRAME_MS

    async def _hand_out(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._backlog:
                message = self._backlog.popleft()
                if message.get("type") == "game.frame" and self._stale(message):
                    self.dropped_frames += 1
                    continue
                for member in list(self.members):
                    try:
                        await member.take(message)
                    except asyncio.CancelledError:
                        raise
                    except Exception:
                        log.exception("game %s: a socket failed a %s", self.game_id,
                                      message.get("type"))  # fmt: skip


_tuned = False


def _tune_the_collector() -> None:
    """Once per process, at its first stream: keep collections short and rare.

    Every message handed to a socket allocates a few objects that live a moment. With
    the default thresholds a young collection ran every few milliseconds and promoted
    whatever was in flight at that instant; those promotions then triggered full
    collections of the whole heap (Django, Twisted, every socket's objects) every few
    seconds, 50-160 ms each (bench/README.md). Now what the process has loaded so far is
    frozen (never walked again) and young collections wait for 10,000 new objects (about
    5 ms each, every second or two under load), so little is promoted and a full
    collection is rare. Cyclic garbage is still collected, later.

    No full collection first: on a large heap it held the first socket's connect for
    over a second (what garbage there is now stays, once).
    """
    global _tuned
    if not _tuned:
        _tuned = True
        gc.freeze()
        gc.set_threshold(10_000, 50, 100)


# -- the registry: one stream per game in each process (and event loop, and layer) ------------

_streams: dict[tuple[int, int, str], tuple[GameStream, asyncio.Task]] = {}


def _key(layer, game_id: str) -> tuple[int, int, str]:
    return (id(asyncio.get_running_loop()), id(layer), game_id)


async def join(game_id: str, member: Member) -> GameStream:
    """Hand ``member`` the game's messages from now on (the stream starts if needed)."""
    layer = get_channel_layer()
    key = _key(layer, game_id)
    entry = _streams.get(key)
    if entry is None:
        _tune_the_collector()
        stream = GameStream(game_id, layer)
        entry = _streams[key] = (stream, asyncio.create_task(stream.start()))
    stream, starting = entry
    stream.members[member] = None
    try:
        # Shielded: a socket that goes away while the stream starts does not stop it
        # for the others waiting on the same start.
        await asyncio.shield(starting)
    except BaseException:
        stream.members.pop(member, None)
        if not stream.members:
            _spawn(_stop_unused(key, entry))
        raise
    return stream


async def _stop_unused(key: tuple[int, int, str], entry: tuple[GameStream, asyncio.Task]) -> None:
    """Stop a stream whose start failed or whose only members left while it started."""
    stream, starting = entry
    with contextlib.suppress(Exception, asyncio.CancelledError):
        await starting
    if not stream.members and _streams.get(key) is entry:
        del _streams[key]
        await stream.stop()


_chores: set[asyncio.Task] = set()


def _spawn(coroutine) -> None:
    task = asyncio.get_running_loop().create_task(coroutine)
    _chores.add(task)
    task.add_done_callback(_chores.discard)


async def leave(stream: GameStream, member: Member) -> None:
    """``member`` takes no more messages; the stream stops with its last member."""
    stream.members.pop(member, None)
    if stream.members:
        return
    key = _key(stream.layer, stream.game_id)
    entry = _streams.get(key)
    if entry is not None and entry[0] is stream:
        del _streams[key]
        await stream.stop()


def running() -> list[GameStream]:
    """The streams of this process's running event loop (tests, health).

    (A stream kept by an overlay's linger in an event loop that has since closed, as a
    test's loop does, is not running.)
    """
    try:
        loop = id(asyncio.get_running_loop())
    except RuntimeError:
        loop = None
    return [stream for key, (stream, _) in _streams.items() if loop is None or key[0] == loop]
