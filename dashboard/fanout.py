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

Each socket has a sender of its own, so that no socket's slow ``send`` holds the stream
(``_Sender``). A socket's ``take`` is first run inline, up to its first real wait. A send
waits only when the socket's buffer is full (uvicorn writes to the socket at once and
pauses a sender past its buffer's high-water mark; daphne never makes one wait), so it
almost always finishes there, with no task, no queue and no loop turn per socket and
message (the process's CPU per delivery is what limits it: bench/README.md). Only a
``take`` that does wait is finished by a task of the socket's own; until that task has caught up,
the socket's messages queue behind it: the newest frame only (one slot, latest wins),
every delta and health message in order, at most ``MAX_QUEUED``. A socket that falls
further behind than that is handed one ``game.resync`` instead of what it missed (its
consumer sends a fresh snapshot, which holds every delta it missed; a member that numbers
deltas itself, as an overlay's live game does, may ignore it: the next delta shows it the
gap). A reader that stops altogether is still closed by the server's keepalive.

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
from collections.abc import Coroutine
from typing import Any, Protocol

from channels.layers import get_channel_layer

from broadcast import groups

log = logging.getLogger(__name__)

STALE_FRAME_MS = 200
MAX_QUEUED = 1000  # a socket's deltas and health waiting behind a send: about 40 s of a game
RESYNC = {"type": "game.resync"}


class Member(Protocol):
    """A socket of the game: it takes every message of the game's group, in order.

    ``take`` returns what to await for the message (a coroutine: for a socket, usually
    the server's own send), or None when it has nothing to send. An ``async def take``
    does; a plain ``def`` spares a coroutine (and its frames) per socket and message when
    the message is skipped, and layers of coroutines when it is sent.
    """

    def take(self, message: dict[str, Any]) -> Coroutine[Any, Any, None] | None: ...


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
        self._senders: dict[Member, _Sender] = {}  # sockets whose send is waiting

    async def start(self) -> None:
        self.channel = await self.layer.new_channel("game-stream.")
        await self.layer.group_add(groups.game_group(self.game_id), self.channel)
        self._tasks = [
            asyncio.create_task(self._receive(), name=f"stream-in:{self.game_id}"),
            asyncio.create_task(self._hand_out(), name=f"stream-out:{self.game_id}"),
        ]

    async def stop(self) -> None:
        tasks = self._tasks + [sender.task for sender in self._senders.values()]
        for task in tasks:
            task.cancel()
        for task in tasks:
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
            if "text" in message:
                # What the server sends, made once here for every socket (none alters it).
                message["send"] = {"type": "websocket.send", "text": message["text"]}
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
                    sender = self._senders.get(member)
                    if sender is not None:
                        sender.offer(message)
                        continue
                    waiting = _run_until_it_waits(member, message, self.game_id)
                    if waiting is not None:
                        self._senders[member] = _Sender(self, member, waiting)

    def _caught_up(self, member: Member) -> None:
        self._senders.pop(member, None)

    def forget(self, member: Member) -> None:
        """``member`` left: its sender, if it has one, stops."""
        sender = self._senders.pop(member, None)
        if sender is not None:
            sender.task.cancel()


def _run_until_it_waits(member: Member, message: dict[str, Any], game_id: str) -> _Waiting | None:
    """Hand ``member`` the message and run what it returns inline; None if that finished
    (or there was nothing to send, or it failed), else where it waits."""
    try:
        step = member.take(message)
        if step is None:
            return None
        awaited = step.send(None)
    except StopIteration:
        return None
    except Exception:
        log.exception("game %s: a socket failed a %s", game_id, message.get("type"))
        return None
    return _Waiting(step, awaited)


class _Waiting:
    """The rest of a coroutine that was run inline until it awaited ``awaited``.

    Awaited from a task, it hands the task what the coroutine waits for and resumes the
    coroutine with the outcome, until it returns: what ``await`` would have done had the
    coroutine started in that task.
    """

    __slots__ = ("awaited", "coroutine")

    def __init__(self, coroutine, awaited) -> None:
        self.coroutine = coroutine
        self.awaited = awaited

    def __await__(self):
        coroutine, awaited = self.coroutine, self.awaited
        while True:
            try:
                outcome = yield awaited
            except GeneratorExit:
                coroutine.close()
                raise
            except BaseException as exc:  # the task's cancellation, or the awaited's error
                try:
                    awaited = coroutine.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    awaited = coroutine.send(outcome)
                except StopIteration as stop:
                    return stop.value


_FRAME = object()  # in a sender's queue: where the newest frame goes out


class _Sender:
    """A socket's messages while its ``take`` waits: the newest frame, every other one in order."""

    def __init__(self, stream: GameStream, member: Member, waiting: _Waiting) -> None:
        self.stream = stream
        self.member = member
        self.queue: deque[Any] = deque()
        self.frame: dict[str, Any] | None = None
        self.queued = 0  # messages in the queue other than the frame's place
        self.task = asyncio.create_task(self._send(waiting), name=f"sender:{stream.game_id}")

    def offer(self, message: dict[str, Any]) -> None:
        if message.get("type") == "game.frame":
            if self.frame is None:
                self.queue.append(_FRAME)
            else:
                self.stream.dropped_frames += 1
            self.frame = message
            return
        if self.queued >= MAX_QUEUED:
            # Too far behind to catch up message by message: a snapshot will do instead.
            self.queue.clear()
            self.frame = None
            self.queued = 1
            self.queue.append(RESYNC)
            log.warning("game %s: a socket fell %d messages behind: resync",
                        self.stream.game_id, MAX_QUEUED)  # fmt: skip
            return
        self.queued += 1
        self.queue.append(message)

    async def _send(self, waiting: _Waiting) -> None:
        message: Any = None
        try:
            await waiting
        except Exception:
            log.exception("game %s: a socket failed a message", self.stream.game_id)
        while self.queue:
            message = self.queue.popleft()
            if message is _FRAME:
                message, self.frame = self.frame, None
            else:
                self.queued -= 1
            try:
                step = self.member.take(message)
                if step is not None:
                    await step
            except Exception:
                log.exception("game %s: a socket failed a %s", self.stream.game_id,
                              message.get("type"))  # fmt: skip
        # Caught up, with nothing awaited since the queue was found empty: the stream
        # hands this socket its next message inline again.
        self.stream._caught_up(self.member)


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
    stream.forget(member)
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
