"""The coach views' SVG geometry: zones from the one court definition, colours, trend lines."""

from __future__ import annotations

from dashboard.coach.analytics import ZoneCell, ZoneComparison
from dashboard.coach.charts import (
    FULL_COURT,
    HALF_COURT,
    heat_rects,
    line_chart,
    points,
    tone_of,
    zone_chart,
)
from dashboard.coach.heatmap import HeatCell
from shottracker.court import NCAA, zone_outline


def test_zones_are_drawn_from_the_court_module():
    comparisons = {z: ZoneComparison(ZoneCell(z, 0, 0), None) for z in range(1, 15)}
    shapes = zone_chart(comparisons)
    assert [s.zone for s in shapes] == list(range(1, 15))
    assert shapes[9].points == points(zone_outline(10))
    assert shapes[9].label == "Right corner three"


def test_the_coach_courts_draw_the_three_point_arc_and_lane_of_the_court_module():
    vertices = {p for line in HALF_COURT["lines"] for p in line.split()}
    # The top of the arc, and the lane's corners at the free-throw line.
    assert f"0,{NCAA.three_radius}" in vertices
    half_lane = NCAA.lane_width // 2
    assert {f"{half_lane},{NCAA.free_throw_y}", f"-{half_lane},{NCAA.free_throw_y}"} <= vertices
    # The full court: both halves, the arcs' tops on the long axis (svg_y = width/2).
    full = {p for line in FULL_COURT["lines"] for p in line.split()}
    east_top = NCAA.length // 2 + NCAA.half_court_y - NCAA.three_radius
    west_top = NCAA.length - east_top
    assert {f"{east_top},{NCAA.half_width}", f"{west_top},{NCAA.half_width}"} <= full


def test_a_zone_is_coloured_by_its_difference_from_the_average():
    cell = ZoneCell(1, 1, 2)
    assert [tone_of(d, cell) for d in (12, 5, 0, -5, -12)] == [
        "hot2", "hot1", "even", "cold1", "cold2"]  # fmt: skip
    assert tone_of(30, ZoneCell(1, 0, 0)) == "none"


def test_without_an_average_a_zone_is_coloured_by_its_own_percentage():
    tones = [tone_of(None, ZoneCell(1, made, 20)) for made in (14, 11, 10, 8, 5)]
    assert tones == ["hot2", "hot1", "even", "cold1", "cold2"]


def test_a_zone_says_how_it_compares_in_words():
    now, average = ZoneCell(12, 4, 8), ZoneCell(12, 30, 100)
    comparisons = {z: ZoneComparison(ZoneCell(z, 0, 0), None) for z in range(1, 15)}
    comparisons[12] = ZoneComparison(now, average)
    top = zone_chart(comparisons)[11]
    assert (top.made, top.pct, top.versus, top.tone) == ("4/8", "50%", "+20 vs avg", "hot2")


def test_a_missing_value_breaks_the_trend_line():
    chart = line_chart([10, 12, None, 8, 9], ["a", "b", "c", "d", "e"])
    assert chart is not None
    assert len(chart.segments) == 2
    assert [d[2] for d in chart.dots] == ["10", "12", "8", "9"]
    assert (chart.first, chart.last) == ("a", "e")


def test_higher_values_are_drawn_higher_and_the_gridlines_cover_them():
    chart = line_chart([40.5, 55.0], ["a", "b"])
    (_, y_low, _), (_, y_high, _) = chart.dots
    assert y_high < y_low
    tick_ys = [y for y, _ in chart.ticks]
    assert min(tick_ys) <= y_high and max(tick_ys) >= y_low


def test_no_values_no_chart():
    assert line_chart([None, None], ["a", "b"]) is None


def test_busier_cells_are_more_opaque():
    quiet, busy = heat_rects([HeatCell(0, 0, 100, 0.1), HeatCell(1, 0, 1000, 1.0)])
    assert quiet.opacity < busy.opacity <= 1
    assert (busy.x, busy.seconds) == (955, 1.0)


def test_small_zones_get_short_labels_that_stay_on_the_chart():
    comparisons = {z: ZoneComparison(ZoneCell(z, 1, 2), None) for z in range(1, 15)}
    shapes = {s.zone: s for s in zone_chart(comparisons)}
    assert {z for z, s in shapes.items() if s.compact} == {1, 2, 3, 4, 10, 14}
    # A corner's label is centred far enough inside the sideline for "100%" to fit.
    assert shapes[10].x == -shapes[14].x == 7620 - 700
