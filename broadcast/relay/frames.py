"""Positions merged into frames: the latest position of every sensor, at most N per second.

A location message never becomes a group message of its own (DESIGN.md: one group
message per location collapses past ~50 clients); the relay folds them here and a
ticker publishes one frame per period when something moved.
"""

from __future__ import annotations

from typing import Any

from shottracker.models import Location


class FrameCoalescer:
    """Latest position per sensor; ``take()`` returns a frame when something changed."""

    __slots__ = ("_ball", "_dirty", "_oldest_ms", "_players", "_t", "frame")

    def __init__(self) -> None:
        self._players: dict[str, list[int]] = {}
        self._ball: list[int] | None = None
        self._dirty = False
        self._oldest_ms = 0  # receipt time of the oldest message folded into the pending frame
        self._t = 0
        self.frame = 0

    def add(self, location: Location, received_ms: int) -> None:
        """Fold one location message in (the hot path: keep it small)."""
        point = [location.x, location.y, location.z]
        if location.type == "BALL":
            self._ball = point
        else:
            self._players[str(location.id)] = point
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
        return {
            "frame": self.frame,
            "relay_ms": self._oldest_ms,
            "t": self._t,
            "players": dict(self._players),
            "ball": self._ball,
        }
