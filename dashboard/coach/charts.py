"""SVG geometry for the coach views: zone charts, court lines, heat maps and trend lines.

Pure: numbers in, shapes out; the templates only print them. Zone shapes come from the one
zone definition (``shottracker.court``), drawn in its hoop frame, which is SVG's own
orientation (hoop at the top, +y toward centre court). Full-court drawings use the court
frame turned to SVG: ``svg_x = x + length/2``, ``svg_y = width/2 - y`` (north at the top).
Court lines are ``shottracker.court``'s, sampled into polylines.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dashboard import vocabulary
from dashboard.coach.analytics import ZoneCell, ZoneComparison
from dashboard.coach.heatmap import COLUMNS, ROWS, HeatCell
from shottracker.court import (
    HOOPS,
    NCAA,
    ZONES,
    from_hoop_frame,
    path_points,
    zone_centre,
    zone_outline,
)
from shottracker.court import half_court_lines as court_half_court_lines

SPEC = NCAA
# The zone chart shows the floor from the baseline to a little past the top of the arc
# (every zone has its label there), with a small margin outside the lines.
CHART_DEPTH = 9400
HALF_VIEW = (-SPEC.half_width - 150, SPEC.baseline_y - 150, SPEC.width + 300,
             CHART_DEPTH - SPEC.baseline_y + 150)  # fmt: skip
# The paint's zones and the corners are small: their labels are the percentage and the
# count only, and a corner's label sits a little inside the sideline so it is not cut off.
COMPACT_ZONES = frozenset({1, 2, 3, 4, 10, 14})
CORNER_LABEL_X = SPEC.half_width - 700
FULL_VIEW = (-150, -150, SPEC.length + 300, SPEC.width + 300)

NO_VALUE = vocabulary.DASH  # nothing attempted
Polyline = list[tuple[float, float]]


def half_court_lines() -> list[Polyline]:
    """The lines of one half court in the hoop frame, as ``shottracker.court`` defines them."""
    return [
        run
        for line in court_half_court_lines(SPEC)
        if not line["dashed"]  # a coach's chart keeps to the lines that are painted solid
        for run in path_points(line["path"], step=4.0)
    ]


def points(line: Polyline) -> str:
    """A polyline as an SVG ``points`` attribute."""
    return " ".join(f"{round(x)},{round(y)}" for x, y in line)


def to_full_court(x: float, y: float) -> tuple[float, float]:
    """A court-frame point in the full-court SVG."""
    return x + SPEC.length / 2, SPEC.width / 2 - y


def full_court_lines() -> list[str]:
    """Both halves' lines as SVG ``points`` in the full-court drawing."""
    out = []
    for hoop in HOOPS:
        for line in half_court_lines():
            out.append(points([to_full_court(*from_hoop_frame(x, y, hoop)) for x, y in line]))
    return out


HALF_COURT = {
    "view_box": " ".join(str(round(v)) for v in HALF_VIEW),
    "lines": [points(line) for line in half_court_lines()],
    "floor": (-SPEC.half_width, SPEC.baseline_y, SPEC.width, CHART_DEPTH - SPEC.baseline_y),
}
FULL_COURT = {
    "view_box": " ".join(str(round(v)) for v in FULL_VIEW),
    "lines": full_court_lines(),
    "width": SPEC.length,
    "height": SPEC.width,
}


# -- the zone chart ----------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneShape:
    """One zone as drawn: outline, label spot, colour class and the words on it."""

    zone: int
    label: str
    points: str
    x: int
    y: int
    tone: str  # a CSS class: hot2 hot1 even cold1 cold2 (against the average), none
    made: str  # "5/9"
    pct: str  # "56%", or NO_VALUE
    versus: str  # "+8 vs avg" / "avg 48%" / ""
    compact: bool  # a small zone: no room for the comparison in words


# Without an average to compare with, a zone is coloured by its own FG%.
ABSOLUTE_STEPS = (35.0, 45.0, 55.0, 65.0)


def tone_of(diff: float | None, cell: ZoneCell) -> str:
    """How a zone compares with the team's average (or, without one, by its FG%) as a class."""
    if cell.fga == 0:
        return "none"
    if diff is None:
        pct = cell.pct or 0.0
        cold2, cold1, hot1, hot2 = ABSOLUTE_STEPS
        if pct >= hot2:
            return "hot2"
        if pct >= hot1:
            return "hot1"
        if pct < cold2:
            return "cold2"
        return "cold1" if pct < cold1 else "even"
    if diff >= 10:
        return "hot2"
    if diff >= 3:
        return "hot1"
    if diff <= -10:
        return "cold2"
    if diff <= -3:
        return "cold1"
    return "even"


def zone_chart(comparisons: Mapping[int, ZoneComparison]) -> list[ZoneShape]:
    """The 14 zones with their numbers, coloured by the difference from the average."""
    shapes = []
    for zone, info in ZONES.items():
        comparison = comparisons[zone]
        cell = comparison.now
        x, y = zone_centre(zone, SPEC)
        if zone in (10, 14):
            x = CORNER_LABEL_X if x > 0 else -CORNER_LABEL_X
        pct = cell.pct
        average = comparison.average
        diff = comparison.diff
        if diff is not None:
            versus = f"{diff:+.0f} vs avg"
        elif average is not None and average.pct is not None:
            versus = f"avg {average.pct:.0f}%"
        else:
            versus = ""
        shapes.append(
            ZoneShape(
                zone=zone,
                label=info.label,
                points=points(zone_outline(zone, SPEC)),
                x=x,
                y=y,
                tone=tone_of(diff, cell),
                made=vocabulary.tally(cell.fg, cell.fga),
                pct=vocabulary.zone_pct(pct),
                versus=versus,
                compact=zone in COMPACT_ZONES,
            )
        )
    return shapes


# -- the heat map ------------------------------------------------------------------------


# Heat from a brief visit to the busiest spot: deep blue, teal, yellow, orange, red.
HEAT_RAMP = ((0.0, (30, 64, 120)), (0.35, (24, 160, 160)), (0.6, (240, 210, 60)),
             (0.8, (255, 140, 40)), (1.0, (235, 50, 40)))  # fmt: skip


def heat_colour(level: float) -> str:
    """A level 0-1 on the heat ramp, as #rrggbb."""
    level = min(max(level, 0.0), 1.0)
    for (a, ca), (b, cb) in itertools.pairwise(HEAT_RAMP):
        if level <= b:
            t = (level - a) / (b - a)
            rgb = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#{:02x}{:02x}{:02x}".format(*HEAT_RAMP[-1][1])


@dataclass(frozen=True)
class HeatRect:
    x: int
    y: int
    width: int
    height: int
    fill: str
    opacity: float
    seconds: float


def heat_rects(cells: Sequence[HeatCell]) -> list[HeatRect]:
    """Heat cells as rectangles of the full-court drawing: hotter colours where busier."""
    w, h = SPEC.length / COLUMNS, SPEC.width / ROWS
    out = []
    for c in cells:
        # The square root spreads the middle: a few busy spots should not hide the rest.
        level = math.sqrt(c.level)
        out.append(
            HeatRect(
                x=round(c.column * w),
                y=round(c.row * h),
                width=math.ceil(w),
                height=math.ceil(h),
                fill=heat_colour(level),
                opacity=round(0.35 + 0.6 * level, 2),
                seconds=round(c.ms / 1000, 1),
            )
        )
    return out


# -- trend lines -------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChart:
    """A trend as drawn: the line's segments, its dots, the y gridlines and labels."""

    width: int
    height: int
    segments: list[str]
    dots: list[tuple[int, int, str]]  # x, y, the value as text
    ticks: list[tuple[int, str]]  # y, label
    first: str
    last: str


def _nice_step(span: float) -> float:
    raw = span / 3 or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _text(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 10 or float(value).is_integer() else f"{value:.1f}"


def line_chart(
    values: Sequence[float | None],
    labels: Sequence[str],
    *,
    width: int = 640,
    height: int = 260,
    pad: tuple[int, int, int, int] = (18, 20, 40, 64),  # top, right, bottom, left
) -> LineChart | None:
    """A line through the values (a None breaks it); None when there is nothing to draw."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    top, right, bottom, left = pad
    low, high = min(known), max(known)
    step = _nice_step(high - low if high > low else max(abs(high), 1.0))
    lo = math.floor(low / step) * step
    hi = math.ceil(high / step) * step
    if hi == lo:
        hi = lo + step
    if lo < 0 <= low:
        lo = 0.0
    inner_w, inner_h = width - left - right, height - top - bottom
    count = len(values)

    def px(i: int) -> int:
        return round(left + (inner_w * (i + 0.5) / count))

    def py(v: float) -> int:
        return round(top + inner_h * (1 - (v - lo) / (hi - lo)))

    segments, current, dots = [], [], []
    for i, value in enumerate(values):
        if value is None:
            if len(current) > 1:
                segments.append(" ".join(current))
            current = []
            continue
        x, y = px(i), py(value)
        current.append(f"{x},{y}")
        dots.append((x, y, _text(value)))
    if len(current) > 1:
        segments.append(" ".join(current))
    ticks = []
    v = lo
    while v <= hi + step / 1000:
        ticks.append((py(v), _text(v)))
        v += step
    return LineChart(
        width, height, segments, dots, ticks, labels[0] if labels else "",
        labels[-1] if labels else "",
    )  # fmt: skip
