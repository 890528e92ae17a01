"""The basketball court and ShotTracker's 14 shot zones: the one definition every part uses.

Two frames, both in millimetres:

**Court frame** (the live feed's ``location`` messages, the ``court`` endpoint).
Origin at centre court, z up. +x runs along the length toward the *east* hoop (the
right-hand hoop on a diagram drawn with +y up), +y toward the *north* sideline, so
x is in [-length/2, length/2] ([-14325, 14325] on an NCAA/NBA court) and y in
[-width/2, width/2] ([-7620, 7620]). The frame is right-handed. ``HOOPS`` holds the
west hoop (x < 0) and the east hoop (x > 0) at rim height.

**Hoop frame** (shots' ``hoop_player_x``/``hoop_player_y``, the zones). Origin at the
centre of one hoop (projected on the floor); +y runs from the hoop toward centre
court; +x runs to the right *of a player facing that hoop from centre court* (the
shooter's right, so zone 10 is the corner on the shooter's right). With z up this
frame is left-handed, a mirror of the court frame: seen from above with centre court
at the bottom of the picture, +x is to the right and +y goes down, which is exactly
SVG's orientation (hoop at the top of a chart, ``svg_x = x``, ``svg_y = y``). The
baseline is at ``y = -hoop_from_baseline``; the half-court line at
``y = length/2 - hoop_from_baseline``; the sidelines at ``x = ±width/2``.

**Lines** (hoop frame): the three-point line is a pair of straight corner lines at
``|x| = three_corner`` from the baseline up to the break ``y = break_y``, where they
meet the arc ``r = three_radius`` around the hoop. The lane (paint) is the rectangle
``|x| <= lane_width/2``, from the baseline to the free-throw line at ``y = free_throw_y``.
The restricted area is the semicircle ``r <= restricted_radius`` in front of the hoop
(``y >= 0``) and, behind the hoop's centre (``y < 0``), the strip ``|x| <= restricted_radius``
down to the baseline (the arc's tangents carried to the baseline).

**Zones.** A line belongs to the area inside it: a foot on the three-point line is a
two, the restricted arc is in zone 1, the lane lines are paint. Angles are measured
from the +x axis at the hoop, ``atan2(max(y, 0), x)``: a point behind the hoop's
centre counts as 0° on the right and 180° on the left.

====  =====================  ==========================================================
zone  name                   where
====  =====================  ==========================================================
1     restricted area        the restricted area above
2     paint right            lane outside zone 1, ``x > lane_width/6``
3     paint middle           lane outside zone 1, ``|x| <= lane_width/6``
4     paint left             lane outside zone 1, ``x < -lane_width/6``
5-9   two-pointers           the rest inside the three-point line, by angle in five
                             equal 36° sectors: 5 right baseline (<= 36°), 6 right wing
                             (<= 72°), 7 top (< 108°), 8 left wing (< 144°), 9 left
                             baseline (>= 144°)
10    right corner three     beyond the line, ``x > 0`` and ``y < break_y``
11    right wing three       beyond the line, ``y >= break_y``, angle <= 72°
12    top three              beyond the line, ``y >= break_y``, 72° < angle < 108°
13    left wing three        beyond the line, ``y >= break_y``, angle >= 108°
14    left corner three      beyond the line, ``x < 0`` and ``y < break_y``
====  =====================  ==========================================================

Sources (DESIGN.md): court 28.65 x 15.24 m (NCAA/NBA; FIBA 28 x 15 m); hoop centre
1.60 m from the baseline (FIBA 1.575 m); rim 3.048 m (FIBA 3.05 m); three-point line
NCAA men and FIBA 6.75 m with corner lines 1.016 m (FIBA 0.90 m) from the sideline,
NBA 7.24 m with corners at 6.71 m; restricted arc 1.22 m (FIBA 1.25 m); lane 3.66 m
NCAA, 4.88 m NBA, 4.90 m FIBA; free-throw line 5.79 m from the baseline (FIBA 5.80 m).
The rulebooks' other marks: free-throw and centre circles of radius 1.83 m (6 ft; FIBA
1.80 m); the backboard's face 1.22 m (4 ft) in from the baseline and 1.83 m (6 ft) wide
(FIBA 1.20 m and 1.80 m); the rim 457 mm across (18 in; FIBA 450 mm).

**Drawing.** ``half_court_lines`` gives the lines of one half as plain data (hoop frame,
mm), and ``court_lines`` hands them with the numbers above to every face that draws a
court: the console's and coach's SVG charts, the live court canvas and the overlay. Nothing
else defines where a line is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class CourtSpec:
    """One ruleset's court dimensions, in mm."""

    name: str
    length: int
    width: int
    hoop_from_baseline: int
    rim_height: int
    three_radius: int
    three_corner: int  # |x| of the straight corner lines in the hoop frame
    restricted_radius: int
    lane_width: int
    free_throw_from_baseline: int
    free_throw_radius: int = 1830
    centre_radius: int = 1830
    backboard_from_baseline: int = 1220
    backboard_width: int = 1830
    rim_radius: int = 229  # the inside of the ring

    @property
    def backboard_y(self) -> int:
        """The backboard's face in the hoop frame."""
        return self.backboard_from_baseline - self.hoop_from_baseline

    @property
    def half_width(self) -> int:
        return self.width // 2

    @property
    def baseline_y(self) -> int:
        """The baseline in the hoop frame."""
        return -self.hoop_from_baseline

    @property
    def half_court_y(self) -> int:
        """The half-court line in the hoop frame."""
        return self.length // 2 - self.hoop_from_baseline

    @property
    def free_throw_y(self) -> int:
        """The free-throw line in the hoop frame."""
        return self.free_throw_from_baseline - self.hoop_from_baseline

    @property
    def break_y(self) -> float:
        """Where the corner lines meet the arc, in the hoop frame."""
        return math.sqrt(self.three_radius**2 - self.three_corner**2)


NCAA = CourtSpec("NCAA", 28650, 15240, 1600, 3048, 6750, 7620 - 1016, 1220, 3660, 5790)
NBA = CourtSpec("NBA", 28650, 15240, 1600, 3048, 7240, 6710, 1220, 4880, 5790)
FIBA = CourtSpec("FIBA", 28000, 15000, 1575, 3050, 6750, 6600, 1250, 4900, 5800,
                 free_throw_radius=1800, centre_radius=1800, backboard_from_baseline=1200,
                 backboard_width=1800, rim_radius=225)  # fmt: skip
SPECS = {spec.name: spec for spec in (NCAA, NBA, FIBA)}


@dataclass(frozen=True, slots=True)
class Zone:
    """A shot zone: its number, a short name and a label for people."""

    number: int
    name: str
    label: str
    is_three: bool

    def __str__(self) -> str:
        return self.label


ZONES: dict[int, Zone] = {
    z.number: z
    for z in (
        Zone(1, "restricted", "Restricted area", False),
        Zone(2, "paint_right", "Paint right", False),
        Zone(3, "paint_middle", "Paint middle", False),
        Zone(4, "paint_left", "Paint left", False),
        Zone(5, "baseline_right", "Right baseline two", False),
        Zone(6, "wing_right", "Right wing two", False),
        Zone(7, "top_two", "Top of the key two", False),
        Zone(8, "wing_left", "Left wing two", False),
        Zone(9, "baseline_left", "Left baseline two", False),
        Zone(10, "corner3_right", "Right corner three", True),
        Zone(11, "wing3_right", "Right wing three", True),
        Zone(12, "top3", "Top three", True),
        Zone(13, "wing3_left", "Left wing three", True),
        Zone(14, "corner3_left", "Left corner three", True),
    )
}
THREE_ZONES = frozenset(n for n, z in ZONES.items() if z.is_three)

# Sector boundaries (degrees from +x at the hoop) of the two-pointers 5-9 and the threes 11-13.
_TWO_SECTORS = (36.0, 72.0, 108.0, 144.0)
_THREE_SECTORS = (72.0, 108.0)


def _angle(x: float, y: float) -> float:
    return math.degrees(math.atan2(max(y, 0.0), x))


def is_three(x_mm: float, y_mm: float, spec: CourtSpec = NCAA) -> bool:
    """Whether a shot from (x, y) in the hoop frame is worth three (strictly beyond the line)."""
    if y_mm < spec.break_y:
        return abs(x_mm) > spec.three_corner
    return math.hypot(x_mm, y_mm) > spec.three_radius


def zone_of(x_mm: float, y_mm: float, spec: CourtSpec = NCAA) -> int:
    """The zone (1-14) of a point in the hoop frame; any point of the plane has one."""
    if is_three(x_mm, y_mm, spec):
        if y_mm < spec.break_y:
            return 10 if x_mm > 0 else 14
        angle = _angle(x_mm, y_mm)
        if angle <= _THREE_SECTORS[0]:
            return 11
        return 12 if angle < _THREE_SECTORS[1] else 13
    r = spec.restricted_radius
    if (y_mm >= 0 and math.hypot(x_mm, y_mm) <= r) or (y_mm < 0 and abs(x_mm) <= r):
        return 1
    half_lane = spec.lane_width / 2
    if abs(x_mm) <= half_lane and y_mm <= spec.free_throw_y:
        if abs(x_mm) <= spec.lane_width / 6:
            return 3
        return 2 if x_mm > 0 else 4
    angle = _angle(x_mm, y_mm)
    a1, a2, a3, a4 = _TWO_SECTORS
    if angle <= a1:
        return 5
    if angle <= a2:
        return 6
    if angle < a3:
        return 7
    return 8 if angle < a4 else 9


# --- outlines ---------------------------------------------------------------------------
# Each outline is built from convex pieces that contain the hoop (lane, the two-point area,
# the half court): the boundary of such a piece between two angles is its exit point at the
# first angle, its vertices in between and its exit point at the second. Arcs are sampled
# every 2 degrees, with chords inside the true arc, so an outline never claims a point of a
# neighbouring zone by more than a few millimetres.

_ARC_STEP = 2.0


def _arc(radius: float, a0: float, a1: float, step: float = _ARC_STEP) -> list[tuple[float, float]]:
    """Points on an arc around the hoop from angle a0 to a1 (degrees), ends included."""
    n = max(1, math.ceil(abs(a1 - a0) / step))
    return [
        (radius * math.cos(math.radians(a)), radius * math.sin(math.radians(a)))
        for a in (a0 + (a1 - a0) * i / n for i in range(n + 1))
    ]


def _exit(poly: list[tuple[float, float]], angle: float) -> tuple[float, float]:
    """Where the ray from the hoop at ``angle`` leaves a convex polygon around the hoop."""
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    best = math.inf
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
        ex, ey = x1 - x0, y1 - y0
        den = dx * ey - dy * ex
        if abs(den) < 1e-12:
            continue
        t = (x0 * ey - y0 * ex) / den  # distance along the ray
        s = (x0 * dy - y0 * dx) / den  # position along the edge
        if t > 0 and -1e-9 <= s <= 1 + 1e-9:
            best = min(best, t)
    return (best * dx, best * dy)


def _between(poly: list[tuple[float, float]], a0: float, a1: float) -> list[tuple[float, float]]:
    """The boundary of a convex polygon around the hoop from angle a0 to a1 (a0 < a1)."""
    inside = sorted(
        (math.degrees(math.atan2(y, x)), (x, y))
        for x, y in poly
        if a0 < math.degrees(math.atan2(y, x)) < a1
    )
    return [_exit(poly, a0), *(p for _, p in inside), _exit(poly, a1)]


def _lane(spec: CourtSpec) -> list[tuple[float, float]]:
    h, b, f = spec.lane_width / 2, spec.baseline_y, spec.free_throw_y
    return [(h, b), (h, f), (-h, f), (-h, b)]


def _two_area(spec: CourtSpec) -> list[tuple[float, float]]:
    c, b, by = spec.three_corner, spec.baseline_y, spec.break_y
    a = math.degrees(math.atan2(by, c))
    return [(-c, b), (c, b), *_arc(spec.three_radius, a, 180.0 - a)]


def _half_court(spec: CourtSpec) -> list[tuple[float, float]]:
    w, b, h = spec.half_width, spec.baseline_y, spec.half_court_y
    return [(w, b), (w, h), (-w, h), (-w, b)]


def _mirror(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(-x, y) for x, y in reversed(points)]


def _right_outline(zone: int, spec: CourtSpec) -> list[tuple[float, float]]:
    """Outlines of the zones on the right and in the middle (the left ones are mirrors)."""
    r, b, f = spec.restricted_radius, spec.baseline_y, spec.free_throw_y
    h, third = spec.lane_width / 2, spec.lane_width / 6
    c, by, w = spec.three_corner, spec.break_y, spec.half_width
    cut = math.degrees(math.acos(third / r))  # where a lane third line meets the restricted arc
    if zone == 1:
        return [(-r, b), (r, b), *_arc(r, 0.0, 180.0)]
    if zone == 2:
        return [(h, b), (h, f), (third, f), *_arc(r, cut, 0.0), (r, b)]
    if zone == 3:
        return [(third, f), (-third, f), *_arc(r, 180.0 - cut, cut)]
    if zone in (5, 6, 7):
        a0, a1 = {5: (math.degrees(math.atan2(b, h)), 36.0), 6: (36.0, 72.0), 7: (72.0, 108.0)}[
            zone
        ]
        outer = _between(_two_area(spec), a0, a1)
        inner = _between(_lane(spec), a0, a1)
        return outer + inner[::-1]
    if zone == 10:
        return [(c, b), (w, b), (w, by), (c, by)]
    if zone in (11, 12):
        a0, a1 = (math.degrees(math.atan2(by, c)), 72.0) if zone == 11 else (72.0, 108.0)
        corner = math.degrees(math.atan2(by, w)) if zone == 11 else a0
        outer = _between(_half_court(spec), corner, a1)
        inner = _between(_two_area(spec), a0, a1)
        start = [(c, by), (w, by)] if zone == 11 else []
        return start + outer + inner[::-1]
    raise ValueError(f"zone {zone} is not 1-14")


_MIRRORED = {4: 2, 8: 6, 9: 5, 13: 11, 14: 10}


def zone_outline(zone: int, spec: CourtSpec = NCAA) -> list[Point]:
    """A zone's outline: a polygon in hoop-frame mm, within the half court (for SVG charts)."""
    return list(_outline(zone, spec))


@cache
def _outline(zone: int, spec: CourtSpec) -> tuple[Point, ...]:
    if zone in _MIRRORED:
        points = _mirror(_right_outline(_MIRRORED[zone], spec))
    else:
        points = _right_outline(zone, spec)
    out: list[Point] = []
    for x, y in points:
        p = (round(x), round(y))
        if not out or out[-1] != p:
            out.append(p)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def zone_centre(zone: int, spec: CourtSpec = NCAA) -> Point:
    """A point well inside a zone (where a chart puts its label)."""
    if zone in _MIRRORED:
        x, y = zone_centre(_MIRRORED[zone], spec)
        return (-x, y)
    r, f, h = spec.restricted_radius, spec.free_throw_y, spec.lane_width / 2
    if zone == 1:
        return (0, round(r * 0.4))
    if zone == 2:
        return (round(h * 2 / 3), round(max(f / 2, r * 1.1)))
    if zone == 3:
        return (0, round((r + f) / 2))
    if zone in (5, 6, 7):
        angle = {5: 18.0, 6: 54.0, 7: 90.0}[zone]
        inner = math.hypot(*_exit(_lane(spec), angle))
        outer = math.hypot(*_exit(_two_area(spec), angle))
        d = (inner + outer) / 2
        return (round(d * math.cos(math.radians(angle))), round(d * math.sin(math.radians(angle))))
    if zone == 10:
        return (round((spec.three_corner + spec.half_width) / 2), round(spec.baseline_y / 2))
    if zone in (11, 12):
        angle = 42.0 if zone == 11 else 90.0
        d = spec.three_radius + 1200
        return (round(d * math.cos(math.radians(angle))), round(d * math.sin(math.radians(angle))))
    raise ValueError(f"zone {zone} is not 1-14")


def point_in_polygon(x: float, y: float, polygon: list[Point]) -> bool:
    """Even-odd test: whether (x, y) lies inside a polygon."""
    inside = False
    for (x0, y0), (x1, y1) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


# --- the court frame -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hoop:
    """A hoop in the court frame; ``side`` is -1 for the west hoop, +1 for the east one."""

    name: str
    side: int
    x: int
    y: int
    z: int


def hoops(spec: CourtSpec = NCAA) -> tuple[Hoop, Hoop]:
    """The west and the east hoop of a court, in the court frame."""
    x = spec.length // 2 - spec.hoop_from_baseline
    return (Hoop("west", -1, -x, 0, spec.rim_height), Hoop("east", 1, x, 0, spec.rim_height))


HOOPS = hoops(NCAA)


def to_hoop_frame(x: float, y: float, hoop: Hoop) -> tuple[float, float]:
    """A court-frame point in the hoop frame of ``hoop`` (exact: ints stay ints)."""
    # Facing the east hoop (+x) a player's right is -y; facing the west hoop it is +y.
    return (-hoop.side * (y - hoop.y), -hoop.side * (x - hoop.x))


def from_hoop_frame(hx: float, hy: float, hoop: Hoop) -> tuple[float, float]:
    """A hoop-frame point of ``hoop`` in the court frame (the inverse of ``to_hoop_frame``)."""
    return (hoop.x - hoop.side * hy, hoop.y - hoop.side * hx)


def court_points(spec: CourtSpec = NCAA) -> dict:
    """The court's corners and hoops as the live ``court`` endpoint returns them (court frame)."""
    x, y = spec.length // 2, spec.half_width
    return {
        "xne": x, "yne": y, "xse": x, "yse": -y,
        "xsw": -x, "ysw": -y, "xnw": -x, "ynw": y,
        "hoops": [{"x": h.x, "y": h.y, "z": h.z} for h in hoops(spec)],
    }  # fmt: skip


# --- lines ---------------------------------------------------------------------------
# A line is {"name", "path", "dashed"}; a path is a list of commands in mm:
#   ["M", x, y]                    move the pen
#   ["L", x, y]                    a straight line
#   ["A", cx, cy, r, a0, a1]       the arc around (cx, cy) from angle a0 to a1 (degrees from
#                                  +x toward +y); the pen first goes straight to its start
#                                  (it starts there when the path has no point yet)
#   ["Z"]                          back to the path's first point
# Plain lists, so json_script hands them to the browser as they are.

Path = list[list]


def _rounded(value: float) -> int | float:
    return round(value) if abs(value - round(value)) < 1e-6 else round(value, 1)


def half_court_lines(spec: CourtSpec = NCAA) -> list[dict]:
    """The lines of one half court in its hoop frame (mm), from the baseline to half court."""
    w, b, h = spec.half_width, spec.baseline_y, spec.half_court_y
    c, by, r3 = spec.three_corner, _rounded(spec.break_y), spec.three_radius
    a = math.degrees(math.atan2(spec.break_y, c))
    lane, ft, ra = _rounded(spec.lane_width / 2), spec.free_throw_y, spec.restricted_radius
    board, half_board = spec.backboard_y, _rounded(spec.backboard_width / 2)
    ftr, cr = spec.free_throw_radius, spec.centre_radius

    def line(name: str, path: Path, dashed: bool = False) -> dict:
        return {"name": name, "path": path, "dashed": dashed}

    return [
        line("boundary", [["M", -w, b], ["L", w, b], ["L", w, h], ["L", -w, h], ["Z"]]),
        line("lane", [["M", lane, b], ["L", lane, ft], ["L", -lane, ft], ["L", -lane, b]]),
        # The corner lines, then the arc over the top of the key.
        line("three_point", [["M", c, b], ["L", c, by], ["A", 0, 0, r3, a, 180 - a], ["L", -c, b]]),
        # The arc, carried straight back to the backboard.
        line(
            "restricted",
            [["M", ra, board], ["L", ra, 0], ["A", 0, 0, ra, 0, 180], ["L", -ra, board]],
        ),
        line("free_throw", [["A", 0, ft, ftr, 0, 180]]),  # toward centre court: solid
        line("free_throw_lane", [["A", 0, ft, ftr, 180, 360]], dashed=True),  # inside the lane
        line("centre_circle", [["A", 0, h, cr, 180, 360]]),  # this half's half of it
        line("backboard", [["M", -half_board, board], ["L", half_board, board]]),
        line("rim", [["A", 0, 0, spec.rim_radius, 0, 360]]),
    ]


def court_lines(spec: CourtSpec = NCAA) -> dict:
    """A ruleset's court for drawing: its numbers (mm) and one half's lines (hoop frame).

    A full court is the half drawn toward each hoop (``from_hoop_frame``); the two halves'
    half-court lines and centre half circles meet at centre court.
    """
    return {
        "rules": spec.name,
        "length": spec.length,
        "width": spec.width,
        "three_radius": spec.three_radius,
        "three_corner": spec.three_corner,
        "break_y": round(spec.break_y),
        "lane_width": spec.lane_width,
        "free_throw_y": spec.free_throw_y,
        "free_throw_radius": spec.free_throw_radius,
        "restricted_radius": spec.restricted_radius,
        "hoop_from_baseline": spec.hoop_from_baseline,
        "half_court_y": spec.half_court_y,
        "centre_radius": spec.centre_radius,
        "backboard_y": spec.backboard_y,
        "backboard_from_baseline": spec.backboard_from_baseline,
        "backboard_width": spec.backboard_width,
        "rim_radius": spec.rim_radius,
        "rim_height": spec.rim_height,
        "half": half_court_lines(spec),
    }


def path_points(path: Path, step: float = 2.0) -> list[list[tuple[float, float]]]:
    """A path as polylines (one per pen-down run), arcs sampled every ``step`` degrees."""
    runs: list[list[tuple[float, float]]] = []
    for command in path:
        op = command[0]
        if op == "M":
            runs.append([(command[1], command[2])])
        elif op == "L":
            runs[-1].append((command[1], command[2]))
        elif op == "A":
            _, cx, cy, r, a0, a1 = command
            arc = [(cx + x, cy + y) for x, y in _arc(r, a0, a1, step)]
            if runs:
                runs[-1].extend(arc)
            else:
                runs.append(arc)
        elif op == "Z":
            runs[-1].append(runs[-1][0])
    return runs
