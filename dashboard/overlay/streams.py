"""One stream per output and bus per web process: what that process's overlays of it get.

However many overlays (and preview frames) show an output in a process, one stream serves
them: it listens to the output's group (takes, clears, cues, settings, revocation), and
hears the game's deltas and frames from the game's ``live.LiveGame`` (a member of the
process's one fan-out of the game, ``dashboard.fanout``, which keeps the game's snapshot
current in memory). It recomputes only the graphic on the bus when a delta can change it
(coalesced while a recompute waits), from that in-memory snapshot: no database read and no
snapshot rebuild per delta. It forwards position frames only while a framed graphic (the
mini court) is up, and holds everything back by the output's delay before its overlays get
it. An overlay never sees a raw delta or another graphic's data.

The program stream also runs the output's marker automation (``control.apply_markers``
is exactly-once across processes), and either stream tells the operators when a
correction changed a number it shows.

A stream starts with its first overlay and stops a little after its last one leaves
(``LINGER_S`` plus the delay), so a reloaded overlay comes back to the same delayed state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from broadcast import groups
from dashboard.overlay import control, graphics, live, markers

log = logging.getLogger(__name__)

LINGER_S = 5.0  # how long a stream outlives its last overlay (plus the output's delay)


class Subscriber(Protocol):
    """An overlay socket, as a stream sees it."""

    async def deliver(self, text: str) -> None: ...

    async def revoked(self) -> None: ...


class DelayLine:
    """Hands texts on ``delay`` seconds after they were pushed, in the order pushed."""

    def __init__(self, deliver: Callable[[str, str], Awaitable[None]]) -> None:
        self.delay = 0.0
        self._deliver = deliver
        self._queue: deque[tuple[float, str, str]] = deque()
        self._task: asyncio.Task | None = None

    async def push(self, text: str, kind: str) -> None:
        """Deliver now (no delay, nothing waiting) or queue it for its time."""
        if self.delay <= 0 and not self._queue:
            await self._deliver(text, kind)
            return
        self._queue.append((time.monotonic() + self.delay, text, kind))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain())

    async def _drain(self) -> None:
        while self._queue:
            due, text, kind = self._queue[0]
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._queue.popleft()
            await self._deliver(text, kind)

    def stop(self) -> None:
        self._queue.clear()
        if self._task is not None:
            self._task.cancel()


class OutputStream:
    """One output's bus in this process, shared by its overlays."""

    def __init__(self, output_id: int, bus: str) -> None:
        self.output_id = output_id
        self.bus = bus
        self.subscribers: set[Subscriber] = set()
        self.ready = asyncio.Event()
        self.alive = False
        self.pending = 0  # overlays waiting for the start
        self.game = None
        self.live: live.LiveGame | None = None
        # Each layer's graphic, options and data (None: empty), as computed (not yet delayed).
        self.layers: dict[str, dict[str, Any] | None] = dict.fromkeys(control.LAYERS)
        self.version = 0
        self.on_air_text: str | None = None  # the state the overlays have now
        self.data_texts: dict[str, str] = {}  # and each layer's newest data since
        self.line = DelayLine(self._deliver)
        self._channel: str | None = None
        self._tasks: set[asyncio.Task] = set()
        self._loop_task: asyncio.Task | None = None
        self._recompute_task: asyncio.Task | None = None
        self._linger: asyncio.TimerHandle | None = None
        self._dirty: set[str] = set()
        self._correction: set[str] = set()
        self._seq = 0
        self._relay_ms = 0

    # -- life -----------------------------------------------------------------------------

    async def start(self) -> bool:
        """Join the output's group and the game's live state; False when the output is gone."""
        try:
            output = await database_sync_to_async(control.airing)(self.output_id)
            if output is None:
                return False
            self.game = output.game
            layer = get_channel_layer()
            self._channel = await layer.new_channel()
            # Join first, then read the state: a take in between is either in what was
            # read or arrives as a message (a repeat of a version already held is skipped).
            await groups.join_output_stream(self._channel, self.output_id)
            self.live = await live.join(self.game, self)
            output = await database_sync_to_async(control.airing)(self.output_id)
            if output is None:
                await self._leave()
                return False
            payload = control.state_payload(output, self.bus, self.live.view())
            if self.bus == control.PROGRAM:
                self.line.delay = output.delay_ms / 1000
            self._adopt(payload)
            self.on_air_text = groups.dumps(payload)
            self._loop_task = asyncio.create_task(self._listen(layer))
            self.alive = True
            return True
        finally:
            self.ready.set()

    async def stop(self) -> None:
        self.alive = False
        if self._linger is not None:
            self._linger.cancel()
        self.line.stop()
        current = asyncio.current_task()
        for task in (self._loop_task, self._recompute_task, *self._tasks):
            if task is not None and task is not current and not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        await self._leave()

    async def _leave(self) -> None:
        if self.live is not None:
            with contextlib.suppress(Exception):
                await live.leave(self.live, self)
            self.live = None
        if self._channel is not None:
            with contextlib.suppress(Exception):
                await groups.leave_output_stream(self._channel, self.output_id)

    async def greet(self, subscriber: Subscriber) -> None:
        """Bring a new overlay to the state the others show."""
        for text in (self.on_air_text, *self.data_texts.values()):
            if text is not None:
                await subscriber.deliver(text)

    # -- what arrives -----------------------------------------------------------------------

    async def _listen(self, layer) -> None:
        while True:
            try:
                message = await layer.receive(self._channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                # The layer's backend hiccuped (Redis restarting): keep the output up and retry.
                log.warning("output %s (%s): receiving failed", self.output_id, self.bus,
                            exc_info=True)  # fmt: skip
                await asyncio.sleep(1.0)
                continue
            try:
                await self._handle(message)
            except asyncio.CancelledError:
                raise
            except Exception:
                # One bad message must not end the stream (and blank an output on air).
                log.exception("output %s (%s): a %s failed", self.output_id, self.bus,
                              message.get("type"))  # fmt: skip

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "overlay.state":
            if message["version"] > self.version:
                layers = control.bus_layers(message["program"], message["cued"], self.bus)
                data = control.layers_with_data(layers, self.live.view())
                payload = groups.on_air_payload(
                    self.output_id, self.bus, message["version"], data, control.now_ms()
                )
                self._adopt(payload)
                await self.line.push(groups.dumps(payload), "on_air")
        elif kind == "overlay.settings":
            if self.bus == control.PROGRAM:
                self.line.delay = max(0, int(message["delay_ms"])) / 1000
        elif kind == "overlay.revoked":
            await self._revoked()

    def _adopt(self, payload: dict[str, Any]) -> None:
        self.version = payload["version"]
        self.layers = dict(payload["layers"])

    def _graphic(self, layer: str) -> str | None:
        entry = self.layers.get(layer)
        return entry["graphic"] if entry else None

    # -- what the live game hands over (deltas already folded into its snapshot) -------------

    async def on_frame(self, message: dict[str, Any]) -> None:
        if self.alive and any(self._graphic(lay) in graphics.FRAMED for lay in control.LAYERS):
            await self.line.push(message["text"], "frame")

    def on_delta(self, seq: int, relay_ms: int, changes: list[dict[str, Any]]) -> None:
        if not self.alive:
            return
        if self.bus == control.PROGRAM and markers.markers_in(changes):
            self._spawn(self._automate(changes))
        kinds = {change.get("kind") for change in changes}
        dirty = {lay for lay in control.LAYERS if graphics.affects(self._graphic(lay), kinds)}
        if not dirty:
            return
        if graphics.has_correction(changes):
            self._correction |= dirty
        self._mark_dirty(dirty, seq, relay_ms)

    def on_reload(self, seq: int, relay_ms: int) -> None:
        """The live game read the snapshot again (it missed a delta): recompute what is up."""
        dirty = {
            lay for lay in control.LAYERS
            if self._graphic(lay) and self._graphic(lay) not in graphics.FROZEN
        }  # fmt: skip
        if self.alive and dirty:
            self._mark_dirty(dirty, seq, relay_ms)

    def _mark_dirty(self, layers: set[str], seq: int, relay_ms: int) -> None:
        self._dirty |= layers
        self._seq = max(self._seq, seq)
        self._relay_ms = relay_ms
        if self._recompute_task is None or self._recompute_task.done():
            self._recompute_task = asyncio.create_task(self._recompute())

    # -- work -------------------------------------------------------------------------------

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _automate(self, changes: list[dict[str, Any]]) -> None:
        try:
            output = await database_sync_to_async(control.apply_markers)(self.output_id, changes)
            if output is not None:
                await groups.publish_output_state(
                    self.game.event_id, output.pk, output.version, output.program, output.cued
                )
        except Exception:
            log.exception("output %s: marker automation failed", self.output_id)

    async def _recompute(self) -> None:
        while self._dirty:
            dirty, self._dirty = self._dirty, set()
            seq, relay_ms, version = self._seq, self._relay_ms, self.version
            view = self.live.view()
            for layer in control.LAYERS:
                if self.version != version:
                    break  # a take or clear meanwhile: its state already has fresh data
                entry = self.layers.get(layer)
                if layer not in dirty or entry is None or entry["graphic"] in graphics.FROZEN:
                    continue  # (a frozen graphic airs what was taken: never recomputed)
                correction = layer in self._correction
                self._correction.discard(layer)
                graphic = entry["graphic"]
                try:
                    data = control.data_for(graphic, entry["options"], view)
                except Exception:
                    log.exception("output %s: recomputing %s failed", self.output_id, graphic)
                    continue
                if data is None or data == entry["data"]:
                    continue  # it can no longer air (kept as it was), or nothing changed
                before = entry["data"]
                self.layers[layer] = {**entry, "data": data}
                payload = groups.graphic_update_payload(
                    self.output_id, self.bus, version, layer, graphic, data, seq, relay_ms
                )
                await self.line.push(groups.dumps(payload), f"data:{layer}")
                changed = graphics.what_changed(graphic, before, data) if correction else []
                if changed:
                    note = groups.graphics_note_payload(
                        self.game.event_id, self.output_id, self.bus, version, graphic, seq,
                        changed, relay_ms,
                    )  # fmt: skip
                    self._spawn(groups.publish_graphics_note(self.game.event_id, note))
            await asyncio.sleep(0)  # let deltas that arrived meanwhile coalesce

    async def _deliver(self, text: str, kind: str) -> None:
        if kind == "on_air":
            self.on_air_text, self.data_texts = text, {}
        elif kind.startswith("data:"):
            self.data_texts[kind[5:]] = text
        for subscriber in list(self.subscribers):
            try:
                await subscriber.deliver(text)
            except Exception:
                log.warning("an overlay of output %s could not be sent to", self.output_id)

    async def _revoked(self) -> None:
        self.alive = False
        _forget(self)
        for subscriber in list(self.subscribers):
            with contextlib.suppress(Exception):
                await subscriber.revoked()
        self.subscribers.clear()
        self._spawn_stop()

    def _spawn_stop(self) -> None:
        # Stopping cancels the listening task; never from inside it.
        _stopping(self)


# -- the registry: one stream per output and bus in each process (and event loop) -------------

_streams: dict[tuple[int, int, str], OutputStream] = {}


def _key(output_id: int, bus: str) -> tuple[int, int, str]:
    return (id(asyncio.get_running_loop()), output_id, bus)


def _forget(stream: OutputStream) -> None:
    key = (id(asyncio.get_running_loop()), stream.output_id, stream.bus)
    if _streams.get(key) is stream:
        del _streams[key]


_stops: set[asyncio.Task] = set()


def _stopping(stream: OutputStream) -> None:
    """Stop a stream in a task of its own (held, so it is not collected half-way)."""
    task = asyncio.get_running_loop().create_task(stream.stop())
    _stops.add(task)
    task.add_done_callback(_stops.discard)


def running() -> list[OutputStream]:
    """The streams alive in this process's running event loop (for tests and health)."""
    loop = id(asyncio.get_running_loop()) if _in_loop() else None
    return [stream for key, stream in _streams.items() if loop is None or key[0] == loop]


def _in_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def settled() -> None:
    """Wait until the streams have finished the work in hand: recomputes, automation, stops."""
    while True:
        busy = [t for t in _stops if not t.done()]
        for stream in _streams.values():
            busy += [t for t in (stream._recompute_task, *stream._tasks) if t and not t.done()]
        if not busy:
            return
        await asyncio.gather(*busy, return_exceptions=True)


async def attach(output_id: int, bus: str, subscriber: Subscriber) -> OutputStream | None:
    """Give an overlay its output's stream (started if needed); None when the output is gone."""
    key = _key(output_id, bus)
    stream = _streams.get(key)
    if stream is None:
        stream = _streams[key] = OutputStream(output_id, bus)
        stream.pending += 1
        try:
            started = await stream.start()
        finally:
            stream.pending -= 1
        if not started:
            _forget(stream)
            return None
    else:
        stream.pending += 1
        try:
            await stream.ready.wait()
        finally:
            stream.pending -= 1
        if not stream.alive:
            return None
    if stream._linger is not None:
        stream._linger.cancel()
        stream._linger = None
    stream.subscribers.add(subscriber)
    await stream.greet(subscriber)
    return stream


async def detach(stream: OutputStream, subscriber: Subscriber) -> None:
    """An overlay left; the stream stops after a while when it was the last one."""
    stream.subscribers.discard(subscriber)
    if stream.subscribers or stream.pending or not stream.alive:
        return
    linger = LINGER_S + stream.line.delay if LINGER_S > 0 else 0
    if linger <= 0:
        _forget(stream)
        await stream.stop()
        return
    loop = asyncio.get_running_loop()

    def expire() -> None:
        stream._linger = None
        if not stream.subscribers and not stream.pending and stream.alive:
            _forget(stream)
            _stopping(stream)

    if stream._linger is not None:
        stream._linger.cancel()
    stream._linger = loop.call_later(linger, expire)
