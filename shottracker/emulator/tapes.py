"""Recorded tapes served as live sessions, beside the simulated games.

A ``TapePlayer`` plays one tape (``shottracker.tape``) on a clock of its own: the *play
position* is tape time (ms since the tape started) running at ``speed`` from
``start_at``. Feed frames go out to the subscribers of their live id when the position
reaches their receipt time (acks and pongs stay out: the feed server makes its own);
a recorded lost connection drops that live id's sockets at the same moment, so the
relay reconnects and catches up as it did. REST answers what ShotTracker answered at
the matching moment: the latest recorded reply of each kind not after the position
(before the first one, the first one; a fresh token in every ``_subscribe``).

A reply's moment is that of the last feed line received before it, not its own
receipt time: the recorder asked because of that frame (a PLAY_END, a reconnection)
and its answer took a while to come; a relay that asks as soon as the replayed frame
arrives must get that answer, not the one before it (the final catch-up after PLAY_END
would otherwise be the one from the start of the half).

A live id is known from its first line (the tape's first live ids from the start, a
PLAY_NEXT/DRILL_NEXT's live id from that marker) and live until its feed's last frame
when that is an end or next marker, else until the tape ends. With ``loop`` the tape
starts again after its end under new ids (``<id>-r<lap>``), so a relay sees a new game
each lap instead of versions it already has.
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
from dataclasses import dataclass
from typing import Any

from shottracker.emulator.feed import FeedServer
from shottracker.tape import Reply, Tape

log = logging.getLogger(__name__)

LIVE_ENDS = ("PLAY_END", "PRACTICE_END", "PLAY_NEXT", "DRILL_NEXT")
SKIPPED_TYPES = ("ack", "pong")


@dataclass(frozen=True)
class Found:
    """A public id resolved to a tape: its player, the tape's own id and the lap."""

    player: TapePlayer
    tape_id: str
    lap: int


class TapePlayer:
    """Plays one tape as live sessions; see the module docstring."""

    def __init__(
        self,
        tape: Tape,
        feed: FeedServer,
        *,
        speed: float = 1.0,
        start_at_s: float = 0.0,
        loop: bool = False,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.tape = tape
        self.feed = feed
        self.speed = speed
        self.start_at_ms = max(int(start_at_s * 1000), 0)
        self.loop = loop
        self.lap = 0
        self.started = False
        self.finished = asyncio.Event()
        self.end_ms = tape.ended_at - tape.started_at
        self.live_ids = tape.live_ids
        self.opens, self.closes = self._session_times()
        self._replies: dict[tuple[str, str], list[Reply]] = {}
        for reply in tape.replies:
            self._replies.setdefault((reply.kind, reply.key), []).append(reply)
        self._origin: float | None = None  # loop.time() at position ``_origin_ms``
        self._origin_ms = self.start_at_ms

    # The play clock ---------------------------------------------------------------------------

    def position_ms(self) -> int:
        """Tape time now, in ms since the tape's start (the end once the tape has finished)."""
        if self._origin is None:
            return self._origin_ms
        elapsed = asyncio.get_running_loop().time() - self._origin
        return min(self._origin_ms + int(elapsed * self.speed * 1000), self.end_ms + 1)

    # Ids -------------------------------------------------------------------------------------

    def public(self, tape_id: str, lap: int | None = None) -> str:
        lap = self.lap if lap is None else lap
        return tape_id if lap == 0 else f"{tape_id}-r{lap}"

    def find(self, public_id: str) -> Found | None:
        """The live or event id of a lap of this tape (the current one or an earlier one)."""
        for tape_id in [*self.live_ids, self.tape.event_id]:
            if public_id == tape_id:
                return Found(self, tape_id, 0)
            prefix = f"{tape_id}-r"
            if public_id.startswith(prefix) and public_id[len(prefix) :].isdigit():
                lap = int(public_id[len(prefix) :])
                if 0 < lap <= self.lap:
                    return Found(self, tape_id, lap)
        return None

    def _rename(self, text: str, lap: int) -> str:
        if lap == 0:
            return text
        for tape_id in [*self.live_ids, self.tape.event_id]:
            text = text.replace(tape_id, self.public(tape_id, lap))
        return text

    def _renamed(self, body: Any, lap: int) -> Any:
        return body if lap == 0 else json.loads(self._rename(json.dumps(body), lap))

    # Sessions ----------------------------------------------------------------------------------

    def _session_times(self) -> tuple[dict[str, int], dict[str, int]]:
        """When each live id opens and closes, in ms of tape time (see the module docstring)."""
        start, index = self.tape.started_at, self.tape.index
        opens = {live_id: 0 for live_id in self.tape.header.get("live_ids") or []}
        for live_id, at in [*index.first.items(), *index.named.items()]:
            opens[live_id] = min(opens.get(live_id, at - start), at - start)
        for reply in self.tape.replies:
            if reply.kind != "catch_up":
                opens.setdefault(reply.key, reply.t - start)
        closes = {}
        for live_id in opens:
            at, marker = index.last_frame.get(live_id, (0, None))
            closes[live_id] = at - start + 1 if marker in LIVE_ENDS else self.end_ms + 1
        return opens, closes

    def state(self, found: Found) -> str | None:
        """ "live", "ended", or None while the live id is not known yet."""
        if found.lap < self.lap:
            return "ended"
        position = self.position_ms()
        if position < self.opens.get(found.tape_id, self.end_ms + 1):
            return None
        return "live" if position < self.closes.get(found.tape_id, 0) else "ended"

    def live_now(self) -> list[str]:
        """The public live ids live at the play position (for ``_search``)."""
        found = [Found(self, live_id, self.lap) for live_id in self.live_ids]
        return [self.public(f.tape_id) for f in found if self.state(f) == "live"]

    # REST --------------------------------------------------------------------------------------

    def reply(self, kind: str, found: Found, resources: tuple[str, ...] = ()) -> Any | None:
        """The recorded body of a kind at the play position, renamed for the lap; None if none.

        A catch-up asked for some resources is answered from a recorded one that had them all.
        """
        fitting = [
            r
            for r in self._replies.get((kind, found.tape_id), ())
            if not resources or set(resources) <= set(r.resources)
        ]
        if not fitting:
            return None
        position = self.position_ms() if found.lap == self.lap else self.end_ms + 1
        start = self.tape.started_at
        at = bisect.bisect_right([r.moment - start for r in fitting], position)
        chosen = fitting[at - 1] if at else fitting[0]
        body = self._renamed(chosen.body, found.lap)
        if resources and isinstance(body, dict):
            body = {k: v for k, v in body.items() if k in {*resources, "gameTotals"}}
        return body

    def search_entry(self, public_id: str) -> dict[str, Any]:
        """A ``_search`` entry of a live id, from its recorded live info."""
        found = self.find(public_id)
        assert found is not None
        info = self.reply("info", found) or {}
        teams = info.get("teams") or self.tape.header.get("teams") or []
        live = dict((teams[0].get("live") if teams else None) or {})
        live.setdefault("id", public_id)
        live.setdefault("event", {"id": self.public(self.tape.event_id)})
        keys = ("id", "type", "name", "started_at", "facility_name", "court_name", "location_id",
                "is_practice_event", "is_game_event", "event")  # fmt: skip
        return {
            **{k: live.get(k) for k in keys},
            "teams": [{"id": t.get("id"), "name": t.get("name")} for t in teams],
        }

    # The feed ----------------------------------------------------------------------------------

    async def run(self) -> None:
        """Play the tape (lap after lap with ``loop``) until its end."""
        loop = asyncio.get_running_loop()
        start = self.tape.started_at
        closes = sorted((at, live_id) for live_id, at in self.closes.items())
        while True:
            self._origin = loop.time()
            pending = [(at, live_id) for at, live_id in closes if at >= self._origin_ms]
            for line in self.tape.feed_lines():
                at = line.t - start
                if at < self._origin_ms:
                    continue  # --start-at: what came before is not sent
                while pending and pending[0][0] <= at:
                    await self._until(pending[0][0])
                    self.feed.session_ended(self.public(pending.pop(0)[1]))
                await self._until(at)
                public_id = self.public(line.live_id)
                if line.raw is None:
                    self.feed.drop_connections(public_id)
                else:
                    self._send(public_id, line.raw)
            for at, live_id in pending:
                await self._until(at)
                self.feed.session_ended(self.public(live_id))
            await self._until(self.end_ms + 1)
            if not self.loop:
                break
            self.lap += 1
            self._origin_ms = 0
            log.info("tape of %s: lap %d", self.tape.event_id, self.lap + 1)
        self.finished.set()

    async def _until(self, at_ms: int) -> None:
        """Sleep until the play position reaches ``at_ms``."""
        wait = (at_ms - self.position_ms()) / 1000 / self.speed
        if wait > 0:
            await asyncio.sleep(wait)

    def _send(self, public_id: str, raw: str) -> None:
        try:
            kind = json.loads(raw).get("type")
        except (ValueError, AttributeError):
            kind = None  # a bad frame goes out as it came: the relay must cope with it again
        if kind in SKIPPED_TYPES:
            return
        self.feed.publish_text(public_id, kind, self._rename(raw, self.lap))


class TapeDeck:
    """The tapes an emulator serves."""

    def __init__(self) -> None:
        self.players: list[TapePlayer] = []

    def find(self, public_id: str) -> Found | None:
        for player in self.players:
            if (found := player.find(public_id)) is not None:
                return found
        return None

    def search_entries(self) -> list[dict[str, Any]]:
        return [p.search_entry(live_id) for p in self.players for live_id in p.live_now()]
