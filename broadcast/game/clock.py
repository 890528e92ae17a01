"""The game clock, derived from state markers: it runs only while play is LIVE.

All times are feed time (the ``occurred_at`` epoch ms of the messages), so the clock
does not depend on when a message arrived. Elapsed time in a period is the LIVE time
since the period's start (or since the last correction from catch-up's ``gameClock``),
up to the period's end.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import Any

_LIVE = "LIVE"
_CLOCK_TEXT = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})$")


class StateMarks:
    """LIVE/PAUSED/FOUL markers in occurred_at order (late ones slot into place)."""

    __slots__ = ("_marks",)

    def __init__(self) -> None:
        self._marks: list[tuple[int, str]] = []

    def add(self, occurred_at: int, kind: str) -> bool:
        """Record a state marker; False when it was already known."""
        mark = (occurred_at, kind)
        i = bisect.bisect_left(self._marks, mark)
        if i < len(self._marks) and self._marks[i] == mark:
            return False
        self._marks.insert(i, mark)
        return True

    @property
    def latest(self) -> str | None:
        """The play state now: the newest marker's kind."""
        return self._marks[-1][1] if self._marks else None

    def state_at(self, t: int) -> str | None:
        # "~" sorts after every marker name, so this finds the last mark at or before t.
        i = bisect.bisect_right(self._marks, (t, "~"))
        return self._marks[i - 1][1] if i else None

    def live_ms(self, start: int, stop: int) -> int:
        """Milliseconds of LIVE play between ``start`` and ``stop``."""
        if stop <= start:
            return 0
        i = bisect.bisect_right(self._marks, (start, "~"))
        state = self._marks[i - 1][1] if i else None
        total, since = 0, start
        for t, kind in self._marks[i:]:
            if t > stop:
                break
            if state == _LIVE:
                total += t - since
            state, since = kind, t
        if state == _LIVE:
            total += stop - since
        return total


@dataclass(frozen=True, slots=True)
class ClockFix:
    """A correction from catch-up: ``elapsed_ms`` into period ``key`` at feed time ``at_ms``."""

    key: str
    at_ms: int
    elapsed_ms: int


def parse_game_clock(text: str) -> int:
    """'00:15:00' (HH:MM:SS, or MM:SS) as milliseconds; ValueError when it is not a clock."""
    match = _CLOCK_TEXT.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"gameClock {text!r} is not HH:MM:SS")
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if minutes > 59 or seconds > 59:
        raise ValueError(f"gameClock {text!r} is not HH:MM:SS")
    return ((hours * 60 + minutes) * 60 + seconds) * 1000


def display(remaining_ms: int) -> str:
    """Time left as MM:SS, rounded up so 00:00 means the period is really over."""
    seconds = math.ceil(remaining_ms / 1000)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def clock_view(
    marks: StateMarks,
    *,
    period_length_ms: int,
    key: str | None,
    start_ms: int | None,
    end_ms: int | None,
    fix: ClockFix | None,
    playing: bool,
    as_of_ms: int,
) -> dict[str, Any]:
    """The clock of the current period as of ``as_of_ms`` (feed time), as JSON.

    ``start_ms``/``end_ms`` bound the period (None: not started / not ended); ``fix`` is
    used when it belongs to this period; ``playing`` is False outside live play (halftime,
    final), where the clock never runs.
    """
    elapsed, running = 0, False
    if start_ms is not None:
        anchor_ms, elapsed = start_ms, 0
        if fix is not None and fix.key == key and fix.at_ms >= start_ms:
            anchor_ms, elapsed = fix.at_ms, fix.elapsed_ms
        stop = as_of_ms if end_ms is None else min(as_of_ms, end_ms)
        elapsed = min(max(elapsed + marks.live_ms(anchor_ms, stop), 0), period_length_ms)
        running = (
            playing
            and end_ms is None
            and elapsed < period_length_ms
            and marks.state_at(as_of_ms) == _LIVE
        )
    remaining = period_length_ms - elapsed
    return {
        "period_length_ms": period_length_ms,
        "elapsed_ms": elapsed,
        "remaining_ms": remaining,
        "running": running,
        "as_of_ms": as_of_ms,
        "display": display(remaining),
    }
