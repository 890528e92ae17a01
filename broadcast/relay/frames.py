"""Positions merged into frames: the latest position of every sensor, at most N per second.

A location message never becomes a group message of its own (DESIGN.md: one group
message per location collapses past ~50 clients); the relay folds them here and
publishes a frame as soon as something moved, paced to at most N frames a second
(``FramePacer``), so a frame waits in the relay only for its slot, not for a fixed
tick. A sensor that has not reported for a while (a player on the bench, a tag
switched off) leaves the frames.
"""

from __future__ import annotations

from typing import Any

from broadcast.game.positions import ON_COURT_MS as STALE_AFTER_MS  # the one timeout
from shottracker.models import Location

# A frame may go this share of a period before its slot: a feed's bursts come with jitter.
EARLY = 0.4


class FramePacer:
    """At most ``hz`` frames a second on average; each may go up to 0.4 period early.

    Slots are 1/hz apart; a frame may leave from 0.4 period before its slot, so bursts
    that arrive with jitter each make a frame, and two frames are never closer than
    0.6 period. A frame after a pause goes at once (the slots never pile up). The relay
    waits for its slot (``wait``/``sent``); a browser socket drops what comes early
    (``admit``): one grid for both.
    """

    __slots__ = ("_next", "period")

    def __init__(self, hz: float) -> None:
        self.period = 1.0 / hz
        self._next = 0.0

    def wait(self, now: float) -> float:
        """Seconds from ``now`` (monotonic) until a frame may go."""
        return max(0.0, self._next - self.period * EARLY - now)

    def sent(self, now: float) -> None:
        """A frame went at ``now``."""
        self._next = max(self._next, now) + self.period

    def admit(self, now: float) -> bool:
        """Whether a frame arriving at ``now`` goes out (it is counted as sent) or is dropped."""
        if now < self._next - self.period * EARLY:
            return False
        self.sent(now)
        return True


class FrameCoalescer:
    """Latest position per sensor; ``take()`` returns a frame when something changed."""

    __slots__ = ("_ball", "_dirty", "_oldest_ms", "_players", "_t", "frame")

    def __init__(self) -> None:
        self._players: dict[str, tuple[list[int], int]] = {}  # id -> (position, occurred_at)
        self._ball: tuple[list[int], int] | None = None
        self._dirty = False
        self._oldest_ms = 0  # receipt time of the oldest message folded into the pending frame
        self._t = 0
        self.frame = 0

    def add(self, location: Location, received_ms: int) -> None:
        """Fold one location message in (the hot path: keep it small)."""
        entry = ([location.x, location.y, location.z], location.occurred_at)
        if location.type == "BALL":
            self._ball = entry
        else:
            self._players[str(location.id)] = entry
        if location.occurred_at > self._t:
            self._t = location.occurred_at
        if not self._dirty:
            self._dirty = True
            self._oldest_ms = received_ms

    def take(self) -> dict[str, Any] | None:
        """The pending frame's fields, or None when nothing moved since the last one."""
        if not self._dirty:
            return None
        self._dirty = False
        self.frame += 1
        fresh_after = self._t - STALE_AFTER_MS
        stale = [pid for pid, (_, t) in self._players.items() if t < fresh_after]
        for pid in stale:
            del self._players[pid]
        ball = self._ball[0] if self._ball is not None and self._ball[1] >= fresh_after else None
        return {
            "frame": self.frame,
            "relay_ms": self._oldest_ms,
            "t": self._t,
            "players": {pid: position for pid, (position, _) in self._players.items()},
            "ball": ball,
        }
