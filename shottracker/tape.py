"""Tapes: a live session as ShotTracker sent it, to be served again by the emulator.

A tape is gzip'd JSON lines. The first line is the header::

    {"tape": "shottracker", "format": 1, "event_id": …, "event_name": …, "kind": "game",
     "teams": [{"id": …, "name": …}], "live_ids": [first live id], "started_at": epoch ms}

and every later line is one thing received, with its receipt time ``t`` (epoch ms):

- ``{"t", "live_id", "feed": raw frame text}``: a feed frame exactly as it came (acks,
  pongs and malformed frames included; the player skips what it cannot replay);
- ``{"t", "live_id", "lost": true}``: that feed's connection was lost;
- ``{"t", "rest": kind, "live_id" | "event_id", "body": JSON}``: a REST reply, ``kind``
  one of ``REST_KINDS`` (catch-up replies also carry ``resources``).

The header is written first, so a tape is readable while it is recorded; live ids met
later (PLAY_NEXT, DRILL_NEXT) are those of the lines (``Tape.live_ids``). The writer
flushes the gzip stream about once a second, so a recorder killed outright loses at
most that last second; ``read_tape`` reads a tape cut short up to its last whole line.

Recording must never slow or stop what it records: ``TapeWriter`` writes from its own
thread through a bounded queue, and a write error (a full disk) or a queue that fills
(a stalled disk) is logged once and stops that tape; the caller is never raised into.
What goes on a tape, and into which, is ``shottracker.recording``'s business.
"""

from __future__ import annotations

import bisect
import contextlib
import gzip
import itertools
import json
import logging
import queue
import threading
import time
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

FORMAT = 1
MAGIC = "shottracker"
REST_KINDS = ("info", "subscribe", "court", "stats", "details", "shots", "catch_up")
FLUSH_EVERY_S = 1.0
MAX_QUEUED_LINES = 200_000  # ~10 minutes of one game's feed at 275 msg/s: a disk that stalls


class TapeError(Exception):
    """A file is not a tape this code can read."""


# Writing ------------------------------------------------------------------------------------


class TapeWriter:
    """Appends lines to one tape from a thread of its own; see the module docstring.

    ``file`` replaces the file opened at ``path`` (a test passes one whose writes fail).
    """

    def __init__(self, path: Path | str, header: dict[str, Any], *, file: IO[bytes] | None = None):
        self.path = Path(path)
        self.header = header
        self.lines = 0
        self.failed: BaseException | None = None
        self._queue: queue.Queue[str | None] = queue.Queue(MAX_QUEUED_LINES)
        self._closed = False
        self._file = file
        self._thread = threading.Thread(
            target=self._run, name=f"tape:{self.path.name}", daemon=True
        )
        self.write({"tape": MAGIC, "format": FORMAT, **header})
        self._thread.start()

    @property
    def recording(self) -> bool:
        return not self._closed and self.failed is None

    def write(self, entry: dict[str, Any]) -> None:
        """Queue one line; never raises, never waits."""
        if not self.recording:
            return
        try:
            line = json.dumps(entry, separators=(",", ":"))
        except (TypeError, ValueError) as exc:  # not JSON: a bug upstream, not a reason to stop
            log.warning("tape %s: a line could not be written: %s", self.path, exc)
            return
        self.write_line(line)

    def write_line(self, line: str) -> None:
        """Queue one line already in JSON (with no raw newline); never raises, never waits."""
        if not self.recording:
            return
        try:
            self._queue.put_nowait(line)
        except queue.Full:
            self._fail(OSError("the tape's disk does not keep up: over a queue of lines pending"))

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued and the gzip trailer; the tape is then complete."""
        self.finish()
        self._thread.join(timeout)

    def finish(self) -> None:
        """Like ``close`` without waiting: the writer's thread completes the tape on its own."""
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)

    def _fail(self, exc: BaseException) -> None:
        if self.failed is None:
            self.failed = exc
            log.error("recording to %s stopped: %s (relaying goes on)", self.path, exc)

    def _run(self) -> None:
        raw: IO[bytes] | None = None
        gz: gzip.GzipFile | None = None
        try:
            raw = self._file if self._file is not None else open(self.path, "wb")  # noqa: SIM115
            gz = gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0)
            flushed = time.monotonic()
            done = False
            while not done:
                try:
                    first = self._queue.get(timeout=FLUSH_EVERY_S)
                except queue.Empty:
                    first = ""
                batch = [first]
                while len(batch) < 10_000:
                    try:
                        batch.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                done = None in batch
                text = "".join(line + "\n" for line in batch if line)
                if text:
                    gz.write(text.encode())
                    self.lines += text.count("\n")
                if done or time.monotonic() - flushed >= FLUSH_EVERY_S:
                    gz.flush()  # a sync point: what is written so far reads back whole
                    raw.flush()
                    flushed = time.monotonic()
            gz.close()
            gz = None
            raw.close()
            raw = None
        except Exception as exc:
            self._fail(exc)
            self._drain()
        finally:
            for closing in (gz, raw):
                if closing is not None:
                    with contextlib.suppress(Exception):
                        closing.close()

    def _drain(self) -> None:
        """Empty the queue after a failure so that nobody waits on it."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return


# Reading ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedLine:
    """A feed frame (``raw``), or a lost connection (``raw`` None), of one live id."""

    t: int
    live_id: str
    raw: str | None


@dataclass(frozen=True, slots=True)
class Reply:
    """One REST reply: its kind, the live or event id it is of, and the JSON body.

    ``moment`` is the receipt time of the last feed line before it, plus 1 ms (or its own
    time when none came before): what the reply answered for (see emulator/tapes.py).
    """

    t: int
    kind: str
    key: str
    body: Any
    resources: tuple[str, ...] = ()
    moment: int = 0


@dataclass
class FeedIndex:
    """What a player needs to know of the feed lines without holding them."""

    first: dict[str, int] = field(default_factory=dict)  # live id -> first line's time
    last_frame: dict[str, tuple[int, str | None]] = field(default_factory=dict)  # time, marker
    named: dict[str, int] = field(default_factory=dict)  # live id -> PLAY_NEXT naming it
    last_t: int = 0
    lines: int = 0

    def add(self, line: FeedLine) -> None:
        self.lines += 1
        self.last_t = max(self.last_t, line.t)
        self.first.setdefault(line.live_id, line.t)
        if line.raw is None:
            return
        marker = marker_of(line.raw)
        self.last_frame[line.live_id] = (line.t, marker[0] if marker else None)
        if marker and marker[1] and marker[0] in ("PLAY_NEXT", "DRILL_NEXT"):
            self.named.setdefault(marker[1], line.t)


@dataclass
class Tape:
    """A tape: its header, replies and feed lines (held, or read again from ``path``)."""

    header: dict[str, Any]
    feed: list[FeedLine] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)
    truncated: bool = False
    index: FeedIndex = field(default_factory=FeedIndex)
    path: Path | None = None
    streamed: bool = False  # the feed lines are not held: ``feed_lines`` reads them again

    @property
    def event_id(self) -> str:
        return self.header["event_id"]

    @property
    def started_at(self) -> int:
        return int(self.header["started_at"])

    @property
    def ended_at(self) -> int:
        times = [self.started_at, self.index.last_t]
        if self.replies:
            times.append(self.replies[-1].t)
        return max(times)

    @property
    def live_ids(self) -> list[str]:
        """Every live id of the tape, in the order they were met."""
        found = list(self.header.get("live_ids") or [])
        met = sorted(
            [(t, live_id) for live_id, t in self.index.first.items()]
            + [(r.t, r.key) for r in self.replies if r.kind != "catch_up"]
        )
        for _, live_id in met:
            if live_id not in found:
                found.append(live_id)
        return found

    def feed_lines(self) -> Iterator[FeedLine]:
        """The feed lines in receipt order: held, or read again from the file."""
        if not self.streamed:
            yield from self.feed
            return
        assert self.path is not None
        lines = iter_lines(self.path)
        next(lines, None)  # the header
        for line in lines:
            if (feed := _feed_line(line)) is not None:
                yield feed

    def final_catch_up(self) -> Any | None:
        """The body of the last catch-up reply: what ShotTracker said the game was at the end."""
        for reply in reversed(self.replies):
            if reply.kind == "catch_up":
                return reply.body
        return None


def marker_of(raw: str) -> tuple[str, str | None] | None:
    """(type, live id) of a marker frame's text, else None."""
    if '"marker"' not in raw:
        return None
    try:
        message = json.loads(raw)
        data = message["data"] if message.get("type") == "marker" else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not isinstance(data, dict):
        return None
    live_id = data.get("live_id")
    return str(data.get("type")), live_id if isinstance(live_id, str) else None


def _feed_line(line: dict[str, Any]) -> FeedLine | None:
    t, live_id = line.get("t"), line.get("live_id")
    if not isinstance(t, int) or not isinstance(live_id, str):
        return None
    if "feed" in line:
        return FeedLine(t, live_id, str(line["feed"]))
    if line.get("lost"):
        return FeedLine(t, live_id, None)
    return None


def iter_lines(path: Path | str) -> Iterator[dict[str, Any]]:
    """The JSON lines of a tape; a tape cut short ends at its last whole line."""
    with gzip.open(path, "rb") as gz:
        pending = b""
        started = False
        while True:
            try:
                chunk = gz.read(1 << 16)
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                if not started:
                    raise TapeError(f"{path} is not a gzip'd tape: {exc}") from None
                log.warning("tape %s ends early (%s): read up to its last whole line", path, exc)
                return
            if not chunk:
                break
            started = True
            pending += chunk
            *whole, pending = pending.split(b"\n")
            for line in whole:
                if line.strip():
                    yield _json_line(line, path)
        if pending.strip():
            yield _json_line(pending, path)


def _json_line(line: bytes, path: Path | str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        raise TapeError(f"{path}: a line is not JSON") from None
    if not isinstance(value, dict):
        raise TapeError(f"{path}: a line is not a JSON object")
    return value


def read_tape(path: Path | str, *, hold_feed: bool = True) -> Tape:
    """Read a tape; ``TapeError`` when it is not one (or of a newer format).

    ``hold_feed=False`` keeps only the replies and an index of the feed, whose lines
    ``Tape.feed_lines`` then reads again from the file: a long game at 25 Hz is a
    million lines, too many to hold while serving.
    """
    lines = iter_lines(path)
    try:
        header = next(lines)
    except StopIteration:
        raise TapeError(f"{path} is empty") from None
    except (OSError, EOFError) as exc:
        raise TapeError(f"{path} cannot be read: {exc}") from None
    if header.get("tape") != MAGIC or not isinstance(header.get("format"), int):
        raise TapeError(f"{path} has no tape header")
    if header["format"] > FORMAT:
        raise TapeError(f"{path} is of format {header['format']}, newer than {FORMAT}")
    for key in ("event_id", "started_at"):
        if key not in header:
            raise TapeError(f"{path}: the header has no {key}")
    tape = Tape(header, path=Path(path), streamed=not hold_feed)
    feed_times = array("q")  # 8 bytes a line, to place each reply after the frame before it
    replies: list[tuple[int, str, str, Any, tuple[str, ...]]] = []
    try:
        for line in lines:
            if (feed := _feed_line(line)) is not None:
                tape.index.add(feed)
                feed_times.append(feed.t)
                if hold_feed:
                    tape.feed.append(feed)
                continue
            t = line.get("t")
            if not isinstance(t, int) or line.get("rest") not in REST_KINDS:
                continue
            key = line.get("event_id") if line["rest"] == "catch_up" else line.get("live_id")
            if isinstance(key, str):
                resources = tuple(line.get("resources") or ())
                replies.append((t, line["rest"], key, line.get("body"), resources))
    except (OSError, EOFError):
        tape.truncated = True
    # Lines are written as they are received; a tape made otherwise is put in that order.
    if any(a > b for a, b in itertools.pairwise(feed_times)):
        feed_times = array("q", sorted(feed_times))
        tape.feed.sort(key=lambda f: f.t)
    replies.sort(key=lambda r: r[0])
    for t, kind, key, body, resources in replies:
        before = bisect.bisect_right(feed_times, t)
        moment = feed_times[before - 1] + 1 if before else t
        tape.replies.append(Reply(t, kind, key, body, resources, min(moment, t)))
    return tape
