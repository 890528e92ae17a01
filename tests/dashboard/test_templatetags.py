"""How the console prints numbers (static/console.js prints live updates the same way)."""

from __future__ import annotations

import pytest

from dashboard.templatetags import console

DASH = console.NO_VALUE


@pytest.mark.parametrize(
    ("metres", "shown"),
    [(0, "0 m"), (12.4, "12 m"), (999.4, "999 m"), (1000, "1.00 km"), (1234.56, "1.23 km")],
)
def test_distances_read_in_metres_then_kilometres(metres, shown):
    assert console.distance(metres) == shown


def test_percentages_have_one_decimal_and_a_dash_without_attempts():
    assert console.pct(33.3) == "33.3"
    assert console.pct(100) == "100.0"
    assert console.pct(None) == DASH


def test_counts_drop_needless_decimals():
    assert (console.stat(3.0), console.stat(2.5), console.stat(None)) == ("3", "2.5", "0")


def test_a_zone_label_is_a_whole_percentage():
    assert console.zone_pct({"pct": 66.7}) == "67%"
    assert console.zone_pct({"pct": None}) == DASH


def test_a_plays_line_shows_the_total_it_moved():
    play = {"classification": "THREE_POINT_MAKE", "stats": {"PTS": 12}, "description": "x"}
    assert console.play_detail(play) == "12 PTS"
    rebound = {"classification": "DELETED_OFFENSIVE_REBOUND", "stats": {"REB": 3}}
    assert console.play_detail(rebound) == "3 REB"


def test_periods_and_states_read_as_words():
    assert console.period_name("H2") == "2nd half"
    assert console.period_name("OT1") == "Overtime"
    assert console.play_state_name("PAUSED") == "Stoppage"
    assert console.status_name("halftime") == "Halftime"
