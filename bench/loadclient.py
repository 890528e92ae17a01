"""Browser-socket load: N websocket clients in one asyncio process, as operators' pages.

A ``Crowd`` opens N sockets to one path with an operator's session cookie (bounded
concurrency, each waits for its snapshot), then reads until closed. ``measure(T)``
counts what arrives within a window of T seconds: frames, deltas and health messages,
deliveries per second, and the lag of every frame and delta, receipt time minus its
``relay_ms`` (the epoch ms at which the relay received the feed message). Delta
``seq`` numbers are checked across the whole life of each socket: a delta that is not
the previous one plus one counts the missing numbers as gaps (a stat, shot or marker
lost). The client runs on the same machine as the stack and shares its cores.

``stalled_client`` is the slow reader of target 3: it takes its snapshot, then stops
reading for a while and watches its own TCP state (the kernel's, without reading) to
see when the server closes it; afterwards it drains what was buffered, to see whether
the server lowered its frame rate instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import socket
import struct
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

MAX_MESSAGE = 16 * 2**20  # a finished game's snapshot is large
_TCP_ESTABLISHED = 1


def _now_ms() -> float:
    return time.time() * 1000


@contextlib.contextmanager
def quiet_collector():
    """Keep the client's own garbage collector from stalling it while it measures.

    Full collections of a client holding 1,500 sockets took ~100 ms, during which every
    message waited and counted as lag of the server's. What is alive when a window opens
    is frozen (never walked) until it closes, and young collections are made rarer (as
    ``dashboard.fanout`` does for the web processes).
    """
    thresholds = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def percentile(values: list[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of ``values`` by rank, None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Tally:
    """What arrived within one window."""

    frames: int = 0
    deltas: int = 0
    health: int = 0
    snapshots: int = 0
    lags: list[float] = field(default_factory=list)
    delta_lags: list[float] = field(default_factory=list)  # also in ``lags``
    frame_lags: list[float] = field(default_factory=list)  # also in ``lags``


@dataclass
class Report:
    """One window's figures for a crowd."""

    clients: int
    seconds: float
    frames: int
    deltas: int
    health: int
    deliveries_per_s: float
    frames_per_client_s: float
    p50_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    seq_gaps: int
    failed: int
    open: int
    delta_p50_ms: float | None = None
    delta_p99_ms: float | None = None
    frame_p50_ms: float | None = None
    frame_p99_ms: float | None = None
    lags: list[float] = field(default_factory=list, repr=False)

    def line(self) -> str:
        def ms(v: float | None) -> str:
            return "-" if v is None else f"{v:.0f}"

        return (
            f"{self.clients} clients, {self.seconds:.0f} s: {self.deliveries_per_s:.0f} "
            f"deliveries/s, {self.frames_per_client_s:.1f} frames/s per client, "
            f"lag p50/p99/max {ms(self.p50_ms)}/{ms(self.p99_ms)}/{ms(self.max_ms)} ms "
            f"(frames p50/p99 {ms(self.frame_p50_ms)}/{ms(self.frame_p99_ms)} ms), "
            f"{self.deltas} deltas (lag p50/p99 {ms(self.delta_p50_ms)}/{ms(self.delta_p99_ms)} "
            f"ms), seq gaps {self.seq_gaps}, failed {self.failed}, "
            f"open {self.open}"
        )


class _Socket:
    __slots__ = ("seq", "ws")

    def __init__(self, ws: ClientConnection, seq: int | None) -> None:
        self.ws = ws
        self.seq = seq


def _client_options(origin: str, cookie: str | None) -> dict[str, Any]:
    return {
        "origin": origin,
        "additional_headers": {"Cookie": cookie} if cookie else None,
        # Browsers do not ping; the server's keepalive is what is under test.
        "ping_interval": None,
        "compression": None,
        "max_size": MAX_MESSAGE,
        "open_timeout": 60,
        "close_timeout": 2,
    }


class Crowd:
    """N sockets on one path, read until ``close()``; see the module docstring."""

    def __init__(
        self,
        url: str,
        count: int,
        *,
        origin: str,
        cookie: str | None = None,
        expect_snapshot: bool = True,
    ) -> None:
        self.url = url
        self.count = count
        self.origin = origin
        self.cookie = cookie
        self.expect_snapshot = expect_snapshot
        self.sockets: list[_Socket] = []
        self.tally = Tally()
        self.counting = False
        self.failed = 0
        self.seq_gaps = 0
        self.errors: Counter[str] = Counter()
        self._readers: set[asyncio.Task] = set()
        self._closing = False

    async def open(self, concurrency: int = 50, within: float = 120) -> float:
        """Open every socket (each has its snapshot) within ``within`` s; the seconds it took."""
        started = time.monotonic()
        gate = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with gate:
                await self._open_one()

        async with asyncio.timeout(within):
            await asyncio.gather(*(one() for _ in range(self.count)))
        return time.monotonic() - started

    async def _open_one(self) -> None:
        try:
            ws = await connect(self.url, **_client_options(self.origin, self.cookie))
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            self._fail(exc)
            return
        seq = None
        if self.expect_snapshot:
            try:
                first = json.loads(await asyncio.wait_for(ws.recv(), 60))
            except (ConnectionClosed, TimeoutError) as exc:
                self._fail(exc)
                await ws.close()
                return
            if first.get("type") != "snapshot":
                self._fail(ValueError(f"first message {first.get('type')!r}"))
                await ws.close()
                return
            seq = first["seq"]
        sock = _Socket(ws, seq)
        self.sockets.append(sock)
        task = asyncio.create_task(self._read(sock))
        self._readers.add(task)
        task.add_done_callback(self._readers.discard)

    def _fail(self, exc: BaseException) -> None:
        self.failed += 1
        if isinstance(exc, InvalidStatus):
            self.errors[f"HTTP {exc.response.status_code}"] += 1
        else:
            self.errors[type(exc).__name__] += 1

    async def _read(self, sock: _Socket) -> None:
        try:
            async for text in sock.ws:
                received = _now_ms()
                message = json.loads(text)
                kind = message.get("type")
                tally = self.tally
                if kind == "frame":
                    if self.counting:
                        tally.frames += 1
                        lag = received - message["relay_ms"]
                        tally.lags.append(lag)
                        tally.frame_lags.append(lag)
                elif kind == "delta":
                    seq = message["seq"]
                    if sock.seq is not None:
                        if seq > sock.seq + 1:
                            self.seq_gaps += seq - sock.seq - 1
                        if seq <= sock.seq:
                            continue  # already held (the page skips it too)
                    sock.seq = seq
                    if self.counting:
                        tally.deltas += 1
                        lag = received - message["relay_ms"]
                        tally.lags.append(lag)
                        tally.delta_lags.append(lag)
                elif kind == "health":
                    if self.counting:
                        tally.health += 1
                elif kind == "snapshot":
                    sock.seq = message["seq"]
                    tally.snapshots += 1
        except ConnectionClosed as exc:
            if not self._closing:
                self._fail(exc)
        finally:
            with contextlib.suppress(ValueError):
                self.sockets.remove(sock)

    async def measure(self, seconds: float) -> Report:
        """Count what arrives in the next ``seconds``."""
        self.tally = Tally()
        gaps_before, failed_before = self.seq_gaps, self.failed
        self.counting = True
        started = time.monotonic()
        await asyncio.sleep(seconds)
        self.counting = False
        elapsed = time.monotonic() - started
        tally = self.tally
        return Report(
            clients=self.count,
            seconds=elapsed,
            frames=tally.frames,
            deltas=tally.deltas,
            health=tally.health,
            deliveries_per_s=(tally.frames + tally.deltas + tally.health) / elapsed,
            frames_per_client_s=tally.frames / elapsed / max(self.count, 1),
            p50_ms=percentile(tally.lags, 0.50),
            p99_ms=percentile(tally.lags, 0.99),
            max_ms=max(tally.lags, default=None),
            seq_gaps=self.seq_gaps - gaps_before,
            failed=self.failed - failed_before,
            open=len(self.sockets),
            delta_p50_ms=percentile(tally.delta_lags, 0.50),
            delta_p99_ms=percentile(tally.delta_lags, 0.99),
            frame_p50_ms=percentile(tally.frame_lags, 0.50),
            frame_p99_ms=percentile(tally.frame_lags, 0.99),
            lags=tally.lags,
        )

    async def close(self) -> None:
        self._closing = True
        sockets = list(self.sockets)
        gate = asyncio.Semaphore(200)

        async def one(sock: _Socket) -> None:
            async with gate:
                await sock.ws.close()

        await asyncio.gather(*(one(s) for s in sockets), return_exceptions=True)
        for task in list(self._readers):
            task.cancel()
        await asyncio.gather(*self._readers, return_exceptions=True)


@dataclass
class StallReport:
    """What happened to a socket that stopped reading."""

    stalled_s: float
    closed_after_s: float | None  # when the server closed it, as the kernel saw it
    drained_frames: int  # frames still delivered once it read again
    downgraded_after_s: float | None  # when its frame rate fell to a trickle, if it did


def _tcp_state(ws: ClientConnection) -> int:
    sock = ws.transport.get_extra_info("socket")
    if sock is None:
        return 0
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return struct.unpack("B", info[:1])[0]


async def stalled_client(
    url: str, *, origin: str, cookie: str | None, stall_s: float, trickle_per_s: float = 5
) -> StallReport:
    """A socket that takes its snapshot, stops reading for ``stall_s``, then drains."""
    options = _client_options(origin, cookie)
    options["max_queue"] = 4  # the library stops reading the socket after a few messages
    ws = await connect(url, **options)
    await asyncio.wait_for(ws.recv(), 60)
    started_ms = _now_ms()
    started = time.monotonic()
    closed_after = None
    while time.monotonic() - started < stall_s:
        await asyncio.sleep(0.25)
        if _tcp_state(ws) != _TCP_ESTABLISHED:
            closed_after = time.monotonic() - started
            break
    stalled = time.monotonic() - started
    frame_times: list[float] = []
    if closed_after is None:
        # Read what the server sent during the stall (buffered on both sides), up to the
        # first frame sent after it. A deadline, not asyncio.timeout around wait_for: on
        # Python 3.11 wait_for can swallow the outer cancellation and loop for ever.
        stall_end_ms = started_ms + stalled * 1000
        deadline = time.monotonic() + 20
        with contextlib.suppress(ConnectionClosed, TimeoutError):
            while time.monotonic() < deadline:
                message = json.loads(await asyncio.wait_for(ws.recv(), 1.0))
                if message.get("type") != "frame":
                    continue
                if message["relay_ms"] > stall_end_ms:
                    break
                frame_times.append((message["relay_ms"] - started_ms) / 1000)
    await ws.close()
    return StallReport(
        stalled_s=stalled,
        closed_after_s=closed_after,
        drained_frames=len(frame_times),
        downgraded_after_s=_trickle_from(frame_times, stalled, trickle_per_s),
    )


def _trickle_from(times: list[float], until: float, per_s: float) -> float | None:
    """The first whole second from which every later second had at most ``per_s`` frames."""
    seconds = int(until)
    if seconds < 2:
        return None
    counts = Counter(int(t) for t in times if 0 <= t < seconds)
    start = None
    for second in range(seconds - 1, -1, -1):
        if counts[second] > per_s:
            break
        start = second
    return float(start) if start is not None else None
