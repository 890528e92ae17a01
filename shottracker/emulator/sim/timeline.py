"""The timeline: planned happenings and sampled movement, merged into emissions in time order.

Engines plan ahead (a possession at a time) and put what happens on the timeline; a
flush then turns everything up to a time into emissions: markers, stats through the
ledger (so versions follow the order of sending), corrections, DISTANCE every few
seconds per player on court, and location samples of the players and the ball.
"""

from __future__ import annotations

import heapq
import math
import random
from collections.abc import Iterator

from shottracker.emulator.sim.emissions import (
    Emission,
    FeedMessage,
    PossessionRecord,
    Session,
    SessionEnded,
    SessionStarted,
)
from shottracker.emulator.sim.ledger import Entry, Ledger
from shottracker.emulator.sim.motion import PLAYER_TAG_Z, Ball, Path

BALL_ID = 2147549498
DIST_TICK_MS = 500  # one player in ten gets a DISTANCE message per tick: each every 5 s
DIST_EVERY = 10


class Timeline:
    """Pending happenings of one event, the paths they move along, and the ledger."""

    def __init__(
        self, *, start_ms: int, location_hz: int, correction_rate: float, rng: random.Random
    ) -> None:
        self.ledger = Ledger(rng)
        self.paths: dict[int, Path] = {}
        self.team_of: dict[int, int] = {}
        self.ball = Ball()
        self.session: Session | None = None  # the session being planned
        self._live_id = ""  # the session being sent
        self.rng = rng
        self._heap: list[tuple[int, int, str, tuple]] = []
        self._seq = 0
        self._hz = location_hz
        self._frame_k = 0
        self._frame_base = start_ms
        self._next_frame = start_ms if location_hz else math.inf
        self._next_tick = start_ms
        self._tick = 0
        self._active: dict[int, Path] = {}  # players on court, sampled
        self._ball_on = False
        self._rate = correction_rate / 1000.0  # per ms
        self._next_arm = start_ms + rng.expovariate(self._rate) if correction_rate > 0 else math.inf
        self._fixes: list[tuple[int, int, Entry]] = []  # corrections due, in time order
        self.flushed_to = start_ms

    # --- planning -------------------------------------------------------------------

    def _push(self, t: int, kind: str, data: tuple) -> None:
        if t < self.flushed_to:
            raise ValueError(f"cannot plan at {t}, already sent up to {self.flushed_to}")
        self._seq += 1
        heapq.heappush(self._heap, (t, self._seq, kind, data))

    def start_session(self, session: Session) -> None:
        self.session = session
        self._push(session.started_at, "emit", (SessionStarted(session),))

    def end_session(self, t: int) -> None:
        assert self.session is not None
        self._push(t, "end", (self.session,))

    def settle_session(self, t: int) -> None:
        """The operator's pending corrections of the session go out at ``t``."""
        assert self.session is not None
        self._push(t, "settle", (self.session,))

    def marker(self, t: int, kind: str, live_id: str | None = None) -> None:
        data = {"occurred_at": t, "type": kind}
        if live_id is not None:
            data["live_id"] = live_id
        self._push(t, "feed", ({"type": "marker", "data": data},))

    def stat(self, t: int, team_id: int, player_id: int, classification: str,
             shot: dict | None = None) -> None:  # fmt: skip
        self._push(t, "stat", (team_id, player_id, classification, shot))

    def possession(self, record: dict) -> None:
        self._push(record["ended_at"], "emit", (PossessionRecord(record),))

    def enter(self, t: int, player_id: int) -> None:
        """The player is on court (sampled, running up distance) from t."""
        self.paths[player_id].enter(t)
        self._push(t, "enter", (player_id,))

    def leave(self, t: int, player_id: int) -> None:
        self.paths[player_id].leave(t)
        self._push(t, "leave", (player_id,))

    def ball_on(self, t: int, on: bool) -> None:
        self._push(t, "ball", (on,))

    # --- sending --------------------------------------------------------------------

    def flush(self, up_to: int) -> Iterator[tuple[int, Emission]]:
        """Everything that happens up to ``up_to`` (inclusive), in time order."""
        heap, fixes = self._heap, self._fixes
        while True:
            t_event = heap[0][0] if heap and heap[0][0] <= up_to else math.inf
            t_fix = fixes[0][0] if fixes and fixes[0][0] <= up_to else math.inf
            t_arm = self._next_arm if self._next_arm <= up_to else math.inf
            t_tick = self._next_tick if self._next_tick <= up_to else math.inf
            t_frame = self._next_frame if self._next_frame <= up_to else math.inf
            t = min(t_event, t_fix, t_arm, t_tick, t_frame)
            if t == math.inf:
                break
            if t_event == t:
                _, _, kind, data = heapq.heappop(heap)
                yield from self._happen(t, kind, data)
            elif t_fix == t:
                yield from self._feed(t, self.ledger.correct(heapq.heappop(fixes)[2]))
            elif t_arm == t:
                self._next_arm = t + max(1, round(self.rng.expovariate(self._rate)))
                self.ledger.arm()
            elif t_tick == t:
                yield from self._distance(t)
            else:
                yield from self._frame(t)
        self.flushed_to = max(self.flushed_to, up_to)
        # What was sent is final: later planning may only add movement after it.
        for path in self.paths.values():
            path.hold(up_to)

    def _feed(self, t: int, messages: list[dict]) -> Iterator[tuple[int, Emission]]:
        for message in messages:
            yield t, FeedMessage(self._live_id, message)

    def _fix_later(self, t: int, entry: Entry) -> None:
        self._seq += 1
        heapq.heappush(self._fixes, (t + self.ledger.delay(), self._seq, entry))

    def _happen(self, t: int, kind: str, data: tuple) -> Iterator[tuple[int, Emission]]:
        if kind == "feed":
            yield t, FeedMessage(self._live_id, data[0])
        elif kind == "stat":
            team_id, player_id, classification, shot = data
            messages, entry = self.ledger.record(
                t, self._live_id, team_id, player_id, classification, shot
            )
            yield from self._feed(t, messages)
            if entry is not None and entry.correction.recorded is None:
                self._push(t + 1, "double", (entry,))
            elif entry is not None:
                self._fix_later(t, entry)
        elif kind == "double":
            yield from self._feed(t, self.ledger.double(data[0]))
            self._fix_later(t, data[0])
        elif kind == "emit":
            emission = data[0]
            if isinstance(emission, SessionStarted):
                self._live_id = emission.session.live_id
            yield t, emission
        elif kind in ("settle", "end"):
            session = data[0]
            # An operator fixes the session's mistakes before closing it.
            due = [f for f in self._fixes if f[2].session_id == session.live_id]
            self._fixes = [f for f in self._fixes if f[2].session_id != session.live_id]
            heapq.heapify(self._fixes)
            for _, _, entry in sorted(due):
                yield from self._feed(t, self.ledger.correct(entry))
            if kind == "end":
                session.ended_at = t
                yield t, SessionEnded(session)
        elif kind == "enter":
            self._active[data[0]] = self.paths[data[0]]
        elif kind == "leave":
            self._active.pop(data[0], None)
        elif kind == "ball":
            self._ball_on = data[0]

    def _distance(self, t: int) -> Iterator[tuple[int, Emission]]:
        self._tick += 1
        self._next_tick = t + DIST_TICK_MS
        for player_id, path in self._active.items():
            if (player_id + self._tick) % DIST_EVERY == 0:
                cm = int(path.on_court_distance(t) / 10)
                yield from self._feed(t, self.ledger.distance(t, self.team_of[player_id],
                                                              player_id, cm))  # fmt: skip

    def _frame(self, t: int) -> Iterator[tuple[int, Emission]]:
        live_id = self._live_id
        self._frame_k += 1
        self._next_frame = self._frame_base + (self._frame_k * 1000) // self._hz
        for player_id, path in self._active.items():
            x, y = path.sample(t)
            yield t, FeedMessage(live_id, {"type": "location", "data": {
                "occurred_at": t, "type": "PLAYER", "id": player_id,
                "x": round(x), "y": round(y), "z": PLAYER_TAG_Z}})  # fmt: skip
        if self._ball_on:
            x, y, z = self.ball.sample(t)
            yield t, FeedMessage(live_id, {"type": "location", "data": {
                "occurred_at": t, "type": "BALL", "id": BALL_ID,
                "x": round(x), "y": round(y), "z": round(z)}})  # fmt: skip
