"""Recording: what a client and its feeds receive, sorted into tapes; a game followed to one.

``Recorder`` is what a ``ShotTrackerClient`` (``on_reply``) and its ``LiveFeed``s
(``on_frame``) report to: it sorts replies and frames into one tape per event (the relay's
``--record-dir``, ``manage.py record``).

``record_live`` follows one live id and the sessions that PLAY_NEXT/DRILL_NEXT name after
it, until the event ends or ``stop`` is set. On every (re)connection it asks what the
relay asks to catch up (court, live stats, the event catch-up or, for a practice, the
session's shots), and once more at the end of each session, so the tape holds the REST
answers a relay needs at every moment it needs them. It touches no database: the tape
(``shottracker.tape``) is all it leaves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError
from shottracker.feed import Connected, LiveFeed
from shottracker.models import Marker
from shottracker.resources import CATCH_UP_RESOURCES
from shottracker.tape import TapeWriter

log = logging.getLogger(__name__)

_LIVE = re.compile(r"/v1/data/live/(?!_search\Z|notify(?:/|\Z))([^/]+)(?:/(.+))?\Z")
_LIVE_KINDS = {None: "info", "_subscribe": "subscribe", "court": "court", "stats": "stats",
               "stats/details": "details", "shots": "shots"}  # fmt: skip
_CATCH_UP = re.compile(r"/v1/data/stats/games/([^/]+)/([^/]+)\Z")
NEXT_MARKERS = ("PLAY_NEXT", "DRILL_NEXT")
END_MARKERS = ("PLAY_END", "PRACTICE_END")


async def record_live(
    client: ShotTrackerClient,
    ws_url: str,
    live_id: str,
    recorder: Recorder,
    stop: asyncio.Event,
) -> list[str]:
    """Record from ``live_id`` on until the event ends or ``stop``; the live ids recorded.

    ``client`` must report its replies to ``recorder`` (``on_reply=recorder.reply``).
    Raises ``ShotTrackerError`` when the first live id cannot be looked up.
    """
    info = await client.live_info(live_id)
    live = info.live
    event_id, is_game = live.event.id, live.is_game_event
    recorded: list[str] = []
    current: str | None = live_id
    while current is not None and not stop.is_set():
        recorded.append(current)
        if current != live_id:
            try:
                await client.live_info(current)  # the tape learns the live id is this event's
            except ShotTrackerError as exc:
                log.warning("live info of %s failed: %s", current, exc)
        current = await _follow(client, ws_url, current, event_id, is_game, recorder, stop)
    return recorded


async def _follow(
    client: ShotTrackerClient,
    ws_url: str,
    live_id: str,
    event_id: str,
    is_game: bool,
    recorder: Recorder,
    stop: asyncio.Event,
) -> str | None:
    """Record one session until it ends; the next live id, if it named one."""
    feed = LiveFeed(client, ws_url, live_id, on_frame=recorder.frame)
    next_id: str | None = None
    stopper = asyncio.create_task(_close_on(stop, feed))
    try:
        async for item in feed:
            if isinstance(item, Connected):
                await _catch_up(client, live_id, event_id, is_game, court=True)
                continue
            message = item.message
            if isinstance(message, Marker):
                if message.type in NEXT_MARKERS and message.live_id:
                    next_id = message.live_id
                    break
                if message.type in END_MARKERS:
                    break
    finally:
        stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopper
        await feed.close()
    # What happened at the session's end (or up to the stop) comes from one last catch-up.
    await _catch_up(client, live_id, event_id, is_game, court=False)
    return None if stop.is_set() else next_id


async def _close_on(stop: asyncio.Event, feed: LiveFeed) -> None:
    await stop.wait()
    await feed.close()


async def _catch_up(
    client: ShotTrackerClient, live_id: str, event_id: str, is_game: bool, *, court: bool
) -> None:
    """The relay's catch-up requests, so the tape holds their answers; failures are logged."""
    try:
        if court:
            with contextlib.suppress(ShotTrackerError):
                await client.court(live_id)
        await client.live_stats(live_id)
        if is_game:
            await client.catch_up(event_id, CATCH_UP_RESOURCES)
        else:
            await client.live_shots(live_id)
    except ShotTrackerError as exc:
        log.warning("catch-up of %s for the tape failed: %s", live_id, exc)


def rest_kind(path: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(kind, live or event id, resources) of a REST path worth recording, else None."""
    if (match := _LIVE.match(path)) is not None:
        kind = _LIVE_KINDS.get(match.group(2))
        return (kind, match.group(1), ()) if kind else None
    if (match := _CATCH_UP.match(path)) is not None:
        return "catch_up", match.group(1), tuple(match.group(2).split(","))
    return None


class Recorder:
    """Sorts REST replies and feed frames into one tape per event.

    A live id belongs to the event its live info names, so a live id's tape opens (or
    takes it in) when its info is received; what arrives for a live id whose info was
    never seen (a session a restarted relay picked up from its own log) is not recorded.
    ``out`` is the one tape's file; without it each event gets
    ``directory/<event>-<ms>.jsonl.gz``.
    """

    def __init__(
        self,
        directory: Path | str | None = None,
        *,
        out: Path | str | None = None,
        file_of: Callable[[Path], IO[bytes]] | None = None,
    ) -> None:
        if (directory is None) == (out is None):
            raise ValueError("give a directory or one tape file")
        self.file_of = file_of  # the file a tape writes to (tests: one that fails)
        self.directory = Path(directory) if directory is not None else None
        self.out = Path(out) if out is not None else None
        self.tapes: dict[str, TapeWriter] = {}
        self._event_of: dict[str, str] = {}
        self._unknown: set[str] = set()

    def reply(self, path: str, text: str, received_ms: int) -> None:
        """A 2xx REST reply (``ShotTrackerClient(on_reply=…)``); never raises."""
        try:
            self._reply(path, text, received_ms)
        except Exception:
            log.warning("a reply to %s was not recorded", path, exc_info=True)

    def frame(self, live_id: str, raw: str | None, received_ms: int) -> None:
        """A feed frame, or None for a lost connection (``LiveFeed(on_frame=…)``); never raises."""
        tape = self._tape_of_live(live_id)
        if tape is None:
            return
        if raw is None:
            tape.write({"t": received_ms, "live_id": live_id, "lost": True})
        else:
            tape.write({"t": received_ms, "live_id": live_id, "feed": raw})

    def finish(self, event_id: str) -> None:
        """The event is over: its tape is completed (in the background); nothing more is added."""
        tape = self.tapes.get(event_id)
        if tape is not None:
            tape.finish()

    def close(self) -> None:
        for tape in self.tapes.values():
            tape.close()

    @property
    def paths(self) -> list[Path]:
        return [tape.path for tape in self.tapes.values()]

    def _reply(self, path: str, text: str, received_ms: int) -> None:
        found = rest_kind(path)
        if found is None:
            return
        kind, key, resources = found
        if kind == "info":
            self._learn(key, json.loads(text), received_ms)
        if kind == "catch_up":
            tape = self.tapes.get(key)
            entry = {"t": received_ms, "rest": kind, "event_id": key, "resources": list(resources)}
        else:
            tape = self._tape_of_live(key)
            entry = {"t": received_ms, "rest": kind, "live_id": key}
        if tape is not None:
            # The body goes in as it came (the client checked it is JSON): a long game's
            # catch-up is not parsed and serialized again on the relay's loop. JSON has
            # newlines only between tokens, where a space does as well.
            head = json.dumps(entry, separators=(",", ":"))[:-1]
            body = text.strip().replace("\r", " ").replace("\n", " ")
            tape.write_line(f'{head},"body":{body}}}')

    def _tape_of_live(self, live_id: str) -> TapeWriter | None:
        event_id = self._event_of.get(live_id)
        if event_id is None:
            if live_id not in self._unknown:
                self._unknown.add(live_id)
                log.warning("live %s is not recorded: its live info was not received", live_id)
            return None
        return self.tapes.get(event_id)

    def _learn(self, live_id: str, info: dict[str, Any], received_ms: int) -> None:
        """A live info reply: the event of ``live_id``; the event's tape opens if new."""
        teams = info.get("teams") or []
        live = (teams[0].get("live") if teams else None) or {}
        event = live.get("event") or {}
        event_id = event.get("id")
        if not isinstance(event_id, str) or not event_id:
            return
        self._event_of[live_id] = event_id
        self._unknown.discard(live_id)
        if event_id in self.tapes or (self.out is not None and self.tapes):
            return
        header = {
            "event_id": event_id,
            "event_name": event.get("name") or live.get("name") or "",
            "kind": "game" if live.get("is_game_event") else "practice",
            "teams": [{"id": t.get("id"), "name": t.get("name")} for t in teams],
            "live_ids": [live_id],
            "started_at": received_ms,
        }
        if self.out is not None:
            path = self.out
        else:
            assert self.directory is not None
            self.directory.mkdir(parents=True, exist_ok=True)
            path = self.directory / f"{_safe(event_id)}-{received_ms}.jsonl.gz"
        file = self.file_of(path) if self.file_of is not None else None
        self.tapes[event_id] = TapeWriter(path, header, file=file)
        log.info("recording event %s to %s", event_id, path)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name)[:80] or "event"
