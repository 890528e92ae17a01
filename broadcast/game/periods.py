"""Status, period and drill, folded from game/practice markers in occurred_at order.

Markers, attached sessions and catch-up's gameTotals are all points on one timeline
(feed time); the state is the fold of that timeline, so a late marker slots into place
instead of rewinding the game. Games: PLAY_START -> H1 live, END_FIRST_HALF -> halftime,
START_SECOND_HALF -> H2 live, PLAY_END -> final. Practices: a session or DRILL_START
starts a drill, DRILL_END ends it, DRILL_NEXT names the next one, PRACTICE_END -> final.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# At one instant: a session opens, a period starts, play ends, the next one is named,
# the game ends, and a catch-up reading (taken at that instant) comes last.
_RANK = {
    "SESSION": 0, "PLAY_START": 1, "START_SECOND_HALF": 1, "DRILL_START": 1,
    "END_FIRST_HALF": 2, "DRILL_END": 2, "PLAY_NEXT": 3, "DRILL_NEXT": 3,
    "PLAY_END": 4, "PRACTICE_END": 4, "RECONCILE": 5,
}  # fmt: skip
PERIOD_OF_MARKER = {"PLAY_START": "H1", "START_SECOND_HALF": "H2"}
HALVES = ("H1", "H2")
_OVERTIME = re.compile(r"OT([1-9]\d?)")


def period_of_session(number: int) -> str:
    """A game's ``number``-th session (from 1): H1, H2, then the overtimes OT1, OT2…

    The spec has no overtime markers: an overtime is one more GAME_ROUND session, linked
    by PLAY_NEXT like the second half, and gameTotals name its period (OT1…).
    """
    if number < 1:
        raise ValueError(f"session number {number}")
    return HALVES[number - 1] if number <= len(HALVES) else f"OT{number - len(HALVES)}"


def is_overtime(period: str | None) -> bool:
    return bool(period) and _OVERTIME.fullmatch(period) is not None


def overtime_length(half_ms: int) -> int:
    """An overtime's playing time: a quarter of a half (5 minutes to 20-minute halves)."""
    return max(60_000, half_ms // 4)


def period_order(period: str) -> tuple[int, int, str]:
    """Sorts periods as played: H1, H2, OT1, OT2, … OT10 (then anything else by name)."""
    if period in HALVES:
        return (0, HALVES.index(period), "")
    match = _OVERTIME.fullmatch(period)
    return (1, int(match.group(1)), "") if match else (2, 0, period)


@dataclass(slots=True)
class Session:
    """A live session of the game (a half, a drill) as the relay attached it."""

    live_id: str
    session_type: str | None = None
    period: str | None = None
    started_at: int | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "live_id": self.live_id,
            "session_type": self.session_type,
            "period": self.period,
            "started_at": self.started_at,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class Mark:
    """A point on the timeline: a marker, an attached session, or a catch-up reading."""

    occurred_at: int
    kind: str
    session_id: str | None = None  # the live session it happened in
    next_live_id: str | None = None  # PLAY_NEXT / DRILL_NEXT
    period: str | None = None  # SESSION / RECONCILE
    status: str | None = None  # RECONCILE: SCHEDULED / ACTIVE / FINAL

    @property
    def key(self) -> tuple:
        return (
            self.occurred_at,
            _RANK.get(self.kind, 9),
            self.kind,
            self.session_id or "",
            self.next_live_id or "",
            self.period or "",
            self.status or "",
        )


@dataclass(slots=True)
class Phase:
    """Where the game stands: status, period, drill, and the current period's time window."""

    status: str
    period: str | None = None
    drill: dict[str, Any] | None = None
    start_ms: int | None = None
    end_ms: int | None = None
    key: str | None = None
    opened_by: str | None = None  # the kind of mark that opened the current window
    drills: int = 0

    @property
    def playing(self) -> bool:
        return self.status == "live"


class Timeline:
    """The marks in timeline order, without duplicates."""

    __slots__ = ("_keys", "marks")

    def __init__(self) -> None:
        self.marks: list[Mark] = []
        self._keys: list[tuple] = []

    def add(self, mark: Mark) -> bool:
        """Slot a mark into place; False when it was already there."""
        key = mark.key
        i = bisect.bisect_left(self._keys, key)
        if i < len(self._keys) and self._keys[i] == key:
            return False
        self._keys.insert(i, key)
        self.marks.insert(i, mark)
        return True

    def remove(self, mark: Mark) -> bool:
        """Take a mark out; False when it was not there."""
        key = mark.key
        i = bisect.bisect_left(self._keys, key)
        if i == len(self._keys) or self._keys[i] != key:
            return False
        del self._keys[i], self.marks[i]
        return True

    def until(self, t: int) -> list[Mark]:
        """The marks at or before ``t``."""
        return self.marks[: bisect.bisect_right(self._keys, (t, 99))]


def _new_drill(phase: Phase, mark: Mark, sessions: Mapping[str, Session]) -> None:
    session = sessions.get(mark.session_id) if mark.session_id else None
    phase.drills += 1
    phase.drill = {
        "number": phase.drills,
        "live_id": mark.session_id,
        "type": session.session_type if session else None,
        "name": session.name if session else None,
        "started_at": mark.occurred_at,
        "ended_at": None,
        "active": True,
        "next_live_id": None,
    }
    phase.start_ms, phase.end_ms, phase.key = mark.occurred_at, None, f"drill:{phase.drills}"


def _end_window(phase: Phase, t: int) -> None:
    if phase.start_ms is not None and phase.end_ms is None:
        phase.end_ms = t


def _fold_practice(phase: Phase, m: Mark, sessions: Mapping[str, Session]) -> None:
    drill = phase.drill
    if m.kind == "SESSION":
        if drill is None or drill["live_id"] != m.session_id:
            _new_drill(phase, m, sessions)
        phase.status = "live"
    elif m.kind == "DRILL_START":
        same_session = m.session_id is None or (
            drill is not None and drill["live_id"] in (None, m.session_id)
        )
        if drill is None or not drill["active"] or not same_session:
            _new_drill(phase, m, sessions)
        phase.status = "live"
    elif m.kind in ("DRILL_END", "PRACTICE_END") and drill is not None and drill["active"]:
        drill["active"], drill["ended_at"] = False, m.occurred_at
        _end_window(phase, m.occurred_at)
    elif m.kind == "DRILL_NEXT" and drill is not None:
        drill["next_live_id"] = m.next_live_id
    if m.kind == "PRACTICE_END" or (m.kind == "RECONCILE" and m.status == "FINAL"):
        phase.status = "final"
        _end_window(phase, m.occurred_at)
    elif m.kind == "RECONCILE" and m.status == "ACTIVE":
        phase.status = "live"


def _enter(phase: Phase, period: str, m: Mark) -> bool:
    """Move to ``period`` (a new clock window) unless already in it; True when it moved.

    A period's own start marker restarts a window that a session opened: the session
    starts before the half does, and the clock must not count play from the previous one.
    """
    restart = m.kind in PERIOD_OF_MARKER and phase.opened_by == "SESSION"
    if phase.period == period and phase.start_ms is not None and not restart:
        return False
    phase.period, phase.start_ms, phase.end_ms, phase.key = period, m.occurred_at, None, period
    phase.opened_by = m.kind
    return True


def _fold_game(phase: Phase, m: Mark) -> None:
    t = m.occurred_at
    if m.kind in PERIOD_OF_MARKER:
        _enter(phase, PERIOD_OF_MARKER[m.kind], m)
        phase.status = "live"
    elif m.kind == "SESSION":
        moved = m.period is not None and _enter(phase, m.period, m)
        if moved or phase.status == "scheduled":
            phase.status = "live"
    elif m.kind == "END_FIRST_HALF":
        phase.period = phase.period or "H1"
        phase.status = "halftime"
        _end_window(phase, t)
    elif m.kind == "PLAY_END":
        phase.status = "final"
        _end_window(phase, t)
    elif m.kind == "RECONCILE":
        moved = m.period is not None and _enter(phase, m.period, m)
        if m.status == "SCHEDULED":
            phase.status = "scheduled"
        elif m.status == "FINAL":
            phase.status = "final"
            _end_window(phase, t)
        elif m.status == "ACTIVE" and (moved or phase.status != "halftime"):
            # ACTIVE at halftime is still halftime; ACTIVE after our "final" reopens play.
            phase.status, phase.end_ms = "live", None


def fold(marks: Iterable[Mark], *, practice: bool, sessions: Mapping[str, Session]) -> Phase:
    """The state after every mark, in timeline order."""
    phase = Phase(status="live" if practice else "scheduled")
    for mark in marks:
        if practice:
            _fold_practice(phase, mark, sessions)
        else:
            _fold_game(phase, mark)
    return phase
