"""The court: its two frames, its lines and the 14 zones every part of Courtside draws."""

from __future__ import annotations

import math
import random

import pytest

from shottracker import court
from shottracker.court import FIBA, NBA, NCAA, ZONES

SPECS = [NCAA, NBA, FIBA]


def polygon_area(points: list[tuple[int, int]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in
                   zip(points, points[1:] + points[:1], strict=True))) / 2  # fmt: skip


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_zone_centre_lies_in_its_own_zone_and_outline(spec):
    for zone in ZONES:
        x, y = court.zone_centre(zone, spec)
        assert court.zone_of(x, y, spec) == zone
        assert court.point_in_polygon(x, y, court.zone_outline(zone, spec))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_the_outlines_tile_the_half_court_as_zone_of_draws_it(spec):
    half_court = spec.width * (spec.half_court_y - spec.baseline_y)
    assert sum(polygon_area(court.zone_outline(z, spec)) for z in ZONES) == pytest.approx(
        half_court, rel=2e-3
    )
    rng = random.Random(5)
    agree = 0
    for _ in range(20_000):
        x = rng.uniform(-spec.half_width, spec.half_width)
        y = rng.uniform(spec.baseline_y, spec.half_court_y)
        inside = [z for z in ZONES if court.point_in_polygon(x, y, court.zone_outline(z, spec))]
        agree += inside == [court.zone_of(x, y, spec)]
    # Arcs are drawn as chords: only a sliver along them may disagree.
    assert agree >= 19_950


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_random_points_are_threes_exactly_in_zones_10_to_14(spec):
    rng = random.Random(11)
    for _ in range(20_000):
        x = rng.uniform(-spec.half_width, spec.half_width)
        y = rng.uniform(spec.baseline_y, spec.half_court_y)
        assert court.is_three(x, y, spec) == (court.zone_of(x, y, spec) in range(10, 15))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_a_foot_on_the_three_point_line_is_a_two(spec):
    r = spec.three_radius
    assert court.zone_of(0, r, spec) == 7
    assert court.zone_of(0, r + 1, spec) == 12
    for angle in (30, 60, 120, 150):
        x, y = r * math.cos(math.radians(angle)), r * math.sin(math.radians(angle))
        assert not court.is_three(x * 0.9999, y * 0.9999, spec)
        assert court.is_three(x * 1.0001, y * 1.0001, spec)
    c = spec.three_corner
    assert court.zone_of(c, 0, spec) == 5 and court.zone_of(c + 1, 0, spec) == 10
    assert court.zone_of(-c, 0, spec) == 9 and court.zone_of(-c - 1, 0, spec) == 14


def test_corner_threes_end_where_the_corner_lines_meet_the_arc():
    x = NCAA.half_width - 300
    assert court.zone_of(x, NCAA.break_y - 1) == 10
    assert court.zone_of(x, NCAA.break_y + 1) == 11
    assert court.zone_of(-x, NCAA.break_y - 1) == 14
    assert court.zone_of(-x, NCAA.break_y + 1) == 13
    assert NCAA.break_y == pytest.approx(math.sqrt(6750**2 - 6604**2))


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_the_restricted_arc_and_the_lane_lines_belong_to_the_inside(spec):
    r, half_lane = spec.restricted_radius, spec.lane_width / 2
    assert court.zone_of(0, r, spec) == 1
    assert court.zone_of(0, r + 1, spec) == 3
    assert court.zone_of(r, -500, spec) == 1
    assert court.zone_of(r + 1, -500, spec) == 2
    assert court.zone_of(half_lane, 3000, spec) == 2
    assert court.zone_of(half_lane + 1, 3000, spec) == 6
    assert court.zone_of(-half_lane, 3000, spec) == 4
    assert court.zone_of(0, spec.free_throw_y, spec) == 3
    assert court.zone_of(0, spec.free_throw_y + 1, spec) == 7


def test_two_pointers_go_round_from_the_right_baseline_to_the_left():
    ring = [court.zone_of(4500 * math.cos(math.radians(a)), 4500 * math.sin(math.radians(a)))
            for a in (5, 50, 90, 130, 175)]  # fmt: skip
    assert ring == [5, 6, 7, 8, 9]
    assert court.zone_of(3000, -1000) == 5 and court.zone_of(-3000, -1000) == 9


def test_rulesets_draw_their_own_lines():
    assert court.is_three(0, 7000, NCAA)
    assert not court.is_three(0, 7000, NBA)
    assert court.zone_of(2200, 2000, NCAA) == 6  # outside the NCAA lane...
    assert court.zone_of(2200, 2000, NBA) == 2  # ...inside the wider NBA one
    assert court.zone_of(1240, 0, NCAA) == 2
    assert court.zone_of(1240, 0, FIBA) == 1  # FIBA's restricted arc is 1.25 m


def test_zones_have_names_and_say_which_are_threes():
    assert sorted(ZONES) == list(range(1, 15))
    assert {z for z, info in ZONES.items() if info.is_three} == set(range(10, 15))
    assert str(ZONES[10]) == "Right corner three"
    assert len({info.name for info in ZONES.values()}) == 14


def test_the_hoop_frame_puts_the_shooters_right_at_plus_x():
    west, east = court.HOOPS
    assert (west.x, east.x) == (-12725, 12725) and west.z == east.z == 3048
    # Facing the east hoop from centre court, the south sideline (y < 0) is on the right.
    assert court.to_hoop_frame(east.x - 3000, -2000, east) == (2000, 3000)
    assert court.to_hoop_frame(west.x + 3000, 2000, west) == (2000, 3000)
    assert court.zone_of(*court.to_hoop_frame(14000, -7000, east)) == 10
    assert court.zone_of(*court.to_hoop_frame(-14000, -7000, west)) == 14


def test_hoop_frame_conversions_are_exact_inverses():
    rng = random.Random(3)
    for hoop in court.HOOPS:
        for _ in range(200):
            x, y = rng.randint(-14325, 14325), rng.randint(-7620, 7620)
            hx, hy = court.to_hoop_frame(x, y, hoop)
            assert isinstance(hx, int) and isinstance(hy, int)
            assert court.from_hoop_frame(hx, hy, hoop) == (x, y)


def test_court_points_are_the_corners_and_hoops_of_the_court_frame():
    points = court.court_points()
    corners = {k: v for k, v in points.items() if k != "hoops"}
    assert corners == {"xne": 14325, "yne": 7620, "xse": 14325, "yse": -7620,
                       "xsw": -14325, "ysw": -7620, "xnw": -14325, "ynw": 7620}  # fmt: skip
    assert points["hoops"] == [{"x": -12725, "y": 0, "z": 3048}, {"x": 12725, "y": 0, "z": 3048}]
    assert court.court_points(FIBA)["xne"] == 14000


def test_an_outline_is_a_fresh_list_each_time():
    outline = court.zone_outline(3)
    outline.clear()
    assert court.zone_outline(3)
