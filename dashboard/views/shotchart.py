"""The shot chart: an SVG half court in the hoop frame, the 14 zones and the shots.

Everything is drawn in hoop-frame millimetres straight from ``shottracker.court``
(``svg_x = x``, ``svg_y = y``: the hoop at the top, centre court at the bottom), its lines
(``half_court_lines``, turned into SVG path data here) and zones alike, so the chart, the
live court, the emulator and the coach views agree on where a line and a zone are. Zone figures come
from the game model's own ``zone_totals``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from broadcast.game import zone_totals
from broadcast.game.shots import ShotRecord
from shottracker.court import (
    NCAA,
    ZONES,
    CourtSpec,
    half_court_lines,
    zone_centre,
    zone_outline,
)

MARGIN = 300  # mm of floor drawn around the half court
MARK_RADIUS = 210
_ARM = round(MARK_RADIUS * math.sqrt(0.5))
MISS_PATH = f"M{-_ARM} {-_ARM} L{_ARM} {_ARM} M{_ARM} {-_ARM} L{-_ARM} {_ARM}"
# FG% buckets of a zone's colour, and the attempts that make it surer. static/shotchart.js
# reads both (and the marks' shapes) from the chart's <svg>, so the rules live here only.
HEAT_STEPS = (25.0, 40.0, 50.0, 60.0)
VOLUME_STEPS = (1, 2, 4)


@dataclass(frozen=True)
class CourtDrawing:
    """The lines of a half court as SVG attributes (hoop frame, mm)."""

    view_box: str
    floor: tuple[int, int, int, int]  # x, y, width, height
    lane: tuple[int, int, int, int]
    three_point: str
    restricted: str
    free_throw_solid: str
    free_throw_dashed: str
    centre_circle: str
    backboard: tuple[int, int, int, int]  # x1, y1, x2, y2
    rim: tuple[int, int, int]  # cx, cy, r


def _n(value: float) -> int:
    return round(value)


def _at(cx: float, cy: float, r: float, angle: float) -> tuple[int, int]:
    a = math.radians(angle)
    return _n(cx + r * math.cos(a)), _n(cy + r * math.sin(a))


def svg_path(path: list[list]) -> str:
    """A ``shottracker.court`` line path as SVG path data (the hoop frame is SVG's own)."""
    out: list[str] = []
    pen: tuple[int, int] | None = None
    for command in path:
        op = command[0]
        if op in ("M", "L"):
            pen = (_n(command[1]), _n(command[2]))
            out.append(f"{op} {pen[0]} {pen[1]}")
        elif op == "Z":
            out.append("Z")
        else:
            _, cx, cy, r, a0, a1 = command
            start = _at(cx, cy, r, a0)
            if start != pen:
                out.append(f"{'L' if out else 'M'} {start[0]} {start[1]}")
            # SVG arcs stop short of a whole turn: a long one goes in two halves.
            pieces = 2 if abs(a1 - a0) > 180 else 1
            for i in range(1, pieces + 1):
                pen = _at(cx, cy, r, a0 + (a1 - a0) * i / pieces)
                out.append(f"A {r} {r} 0 0 {1 if a1 > a0 else 0} {pen[0]} {pen[1]}")
    return " ".join(out)


@cache
def court_drawing(spec: CourtSpec = NCAA) -> CourtDrawing:
    """The half court of ``spec`` as ``shottracker.court`` defines its lines."""
    w, b, h = spec.half_width, spec.baseline_y, spec.half_court_y
    lane = spec.lane_width / 2
    paths = {line["name"]: svg_path(line["path"]) for line in half_court_lines(spec)}
    half_board = _n(spec.backboard_width / 2)
    return CourtDrawing(
        view_box=f"{-w - MARGIN} {b - MARGIN} {2 * (w + MARGIN)} {h - b + 2 * MARGIN}",
        floor=(-w, b, 2 * w, h - b),
        lane=(_n(-lane), b, _n(2 * lane), _n(spec.free_throw_y - b)),
        three_point=paths["three_point"],
        restricted=paths["restricted"],
        free_throw_solid=paths["free_throw"],
        free_throw_dashed=paths["free_throw_lane"],
        centre_circle=paths["centre_circle"],
        backboard=(-half_board, spec.backboard_y, half_board, spec.backboard_y),
        rim=(0, 0, spec.rim_radius),
    )


@cache
def zone_shapes(spec: CourtSpec = NCAA) -> tuple[dict[str, Any], ...]:
    """The 14 zones: number, label, SVG polygon points and where the label goes."""
    shapes = []
    for number, zone in ZONES.items():
        cx, cy = zone_centre(number, spec)
        if number == 1:
            # Below the rim and the backboard, where the label does not cover them.
            cy = round(spec.restricted_radius * 0.6)
        points = " ".join(f"{x},{y}" for x, y in zone_outline(number, spec))
        shapes.append({"number": number, "label": zone.label, "points": points, "cx": cx, "cy": cy})
    return tuple(shapes)


def volume(attempts: int) -> int:
    """How sure a zone's colour is, 0-3: one attempt is a hint, four or more a pattern."""
    return sum(attempts >= step for step in VOLUME_STEPS)


def heat(pct: float | None) -> int | None:
    """A zone's colour step 0-4 by FG%; None for a zone without attempts."""
    if pct is None:
        return None
    return sum(pct >= step for step in HEAT_STEPS)


def _record(shot: dict[str, Any]) -> ShotRecord:
    return ShotRecord(**{key: value for key, value in shot.items() if key != "id"})


def matches(shot: dict[str, Any], team_id: int | None, player_id: int | None, period: str | None):
    """Whether a snapshot shot passes the chart's filters."""
    return (
        (team_id is None or shot["team_id"] == team_id)
        and (player_id is None or shot["player_id"] == player_id)
        and (period is None or shot["period"] == period)
    )


def shot_chart(
    state: dict[str, Any],
    *,
    team_id: int | None,
    player_id: int | None = None,
    period: str | None = None,
    spec: CourtSpec = NCAA,
) -> dict[str, Any]:
    """The chart of a snapshot under filters: zones with FGA/FG/FG% and the shots to plot.

    Deleted shots are neither plotted nor counted (the model lists them for the record).
    """
    shots = [s for s in state.get("shots", []) if matches(s, team_id, player_id, period)]
    totals = zone_totals(
        (_record(s) for s in shots), team_id=team_id, player_id=player_id, period=period
    )
    zones = []
    for shape in zone_shapes(spec):
        cell = totals[shape["number"]]
        zones.append({**shape, **cell, "heat": heat(cell["pct"]), "volume": volume(cell["fga"])})
    plotted = [s for s in shots if s["status"] != "DELETED"]
    made = sum(1 for s in plotted if s["is_make"])
    return {
        "court": court_drawing(spec),
        "zones": zones,
        "shots": plotted,
        "made": made,
        "attempts": len(plotted),
        "pct": round(made / len(plotted) * 100, 1) if plotted else None,
        "mark_radius": MARK_RADIUS,
        "miss_path": MISS_PATH,
        "heat_steps": " ".join(f"{step:g}" for step in HEAT_STEPS),
        "volume_steps": " ".join(str(step) for step in VOLUME_STEPS),
    }
