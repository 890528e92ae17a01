"""Player movement from location samples: time spent per court cell, distance and speed.

Pure: no Django, no I/O. Positions are in the court frame of ``shottracker.court`` (mm,
origin at centre court, x along the length). The court is cut into ``COLUMNS`` x ``ROWS``
cells of about a metre; a sample credits its cell with the time until the player's next
sample (at most ``MAX_CREDIT_MS``, so a gap in the feed is not counted as standing still).

Speed comes from consecutive positions: the distance between two samples at least
``SPEED_WINDOW_MS`` apart over the time between them, which smooths the tag's jitter.
A step faster than ``MAX_SPEED_MPS`` is a sensor jump and is ignored for speed and distance,
and so is a step across a gap longer than ``MAX_GAP_MS`` (the player left and came back).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from shottracker.court import NCAA

COURT_LENGTH_MM = NCAA.length
COURT_WIDTH_MM = NCAA.width
COLUMNS, ROWS = 30, 16
MAX_CREDIT_MS = 200
SPEED_WINDOW_MS = 500
MAX_GAP_MS = 2000
MAX_SPEED_MPS = 12.0  # faster than any sprinter: a jump of the tag, not a run
CURRENT_MS = 3000  # a speed older than this (feed time) is not "now"


def cell_of(x_mm: float, y_mm: float) -> tuple[int, int]:
    """The (column, row) of a court-frame point; points off the court go to the edge cell.

    Column 0 is the west baseline (x = -length/2), row 0 the north sideline (y = +width/2),
    so a grid drawn top-down reads like the court diagram with +y up.
    """
    u = (x_mm + COURT_LENGTH_MM / 2) / COURT_LENGTH_MM
    v = (COURT_WIDTH_MM / 2 - y_mm) / COURT_WIDTH_MM
    column = min(max(int(u * COLUMNS), 0), COLUMNS - 1)
    row = min(max(int(v * ROWS), 0), ROWS - 1)
    return column, row


@dataclass
class Track:
    """One player's movement so far."""

    cells: dict[tuple[int, int], int] = field(default_factory=dict)  # ms per cell
    distance_mm: float = 0.0
    top_speed: float = 0.0  # m/s
    speed: float = 0.0  # m/s over the last window
    speed_at: int = 0  # feed time of ``speed``
    last: tuple[int, int, int] | None = None  # x, y, t of the newest sample
    anchor: tuple[int, int, int] | None = None  # where the current speed window began
    samples: int = 0

    @property
    def distance_m(self) -> float:
        return round(self.distance_mm / 1000, 1)

    def add(self, x: int, y: int, t: int) -> None:
        """Take one sample; samples older than the newest are ignored (duplicates, replays)."""
        last = self.last
        if last is not None and t <= last[2]:
            return
        self.samples += 1
        if last is not None:
            lx, ly, lt = last
            dt = t - lt
            if dt <= MAX_GAP_MS:
                cell = cell_of(lx, ly)
                self.cells[cell] = self.cells.get(cell, 0) + min(dt, MAX_CREDIT_MS)
                step = math.hypot(x - lx, y - ly)
                if step / dt <= MAX_SPEED_MPS:  # mm per ms is m/s
                    self.distance_mm += step
                else:
                    self.anchor = None  # no speed is measured across a jump
            else:
                self.anchor = None
        self.last = (x, y, t)
        anchor = self.anchor
        if anchor is None:
            self.anchor = (x, y, t)
            return
        ax, ay, at = anchor
        dt = t - at
        if dt >= SPEED_WINDOW_MS:
            speed = math.hypot(x - ax, y - ay) / dt
            if speed <= MAX_SPEED_MPS:
                self.speed, self.speed_at = speed, t
                self.top_speed = max(self.top_speed, speed)
            self.anchor = (x, y, t)

    def speed_now(self, now_ms: int) -> float | None:
        """The latest speed in m/s, or None when the player has not moved recently."""
        if not self.speed_at or now_ms - self.speed_at > CURRENT_MS:
            return None
        return round(self.speed, 1)


class Movement:
    """The tracks of every player of a game, fed location samples in any batch size."""

    def __init__(self) -> None:
        self.tracks: dict[int, Track] = {}
        self.now_ms = 0  # the newest sample's time (feed time)

    def add(self, player_id: int, x: int, y: int, t: int) -> None:
        track = self.tracks.get(player_id)
        if track is None:
            track = self.tracks[player_id] = Track()
        track.add(x, y, t)
        self.now_ms = max(self.now_ms, t)

    def add_batch(self, messages: Iterable[Mapping[str, Any]]) -> int:
        """Take a stored batch of wire location data; how many player samples were used.

        Ball samples and malformed entries are skipped: a bad sample must not stop the rest.
        """
        used = 0
        for m in messages:
            if m.get("type") != "PLAYER":
                continue
            try:
                pid, x, y, t = int(m["id"]), int(m["x"]), int(m["y"]), int(m["occurred_at"])
            except (KeyError, TypeError, ValueError):
                continue
            self.add(pid, x, y, t)
            used += 1
        return used


@dataclass(frozen=True)
class HeatCell:
    column: int
    row: int
    ms: int
    level: float  # 0-1, share of the busiest cell


def heat(track: Track | None) -> list[HeatCell]:
    """The cells a player spent time in, each with its share of the busiest cell."""
    if track is None or not track.cells:
        return []
    busiest = max(track.cells.values())
    return [
        HeatCell(column, row, ms, round(ms / busiest, 3))
        for (column, row), ms in sorted(track.cells.items())
    ]
