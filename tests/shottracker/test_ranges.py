"""The team endpoints' 8-month rule: counting months, judging ranges, splitting long ones."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shottracker.ranges import add_months, range_problem, split_range


def ms(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp() * 1000)


def test_months_are_calendar_months_with_the_day_clamped_to_the_months_end():
    assert add_months(ms(2024, 1, 31, 10), 8) == ms(2024, 9, 30, 10)
    assert add_months(ms(2023, 6, 30), 8) == ms(2024, 2, 29)  # a leap year's February
    assert add_months(ms(2024, 5, 15, 12, 30), 8) == ms(2025, 1, 15, 12, 30)


def test_a_range_within_8_months_is_one_request():
    assert split_range(ms(2024, 1, 1), ms(2024, 9, 1)) == [(ms(2024, 1, 1), ms(2024, 9, 1))]


def test_a_year_is_split_into_two_requests_that_meet_without_overlap():
    first, second = split_range(ms(2024, 1, 1), ms(2024, 12, 31))
    assert first == (ms(2024, 1, 1), ms(2024, 9, 1))
    assert second == (ms(2024, 9, 1) + 1, ms(2024, 12, 31))


def test_a_last_window_of_one_millisecond_is_avoided():
    start = ms(2024, 1, 1)
    limit = add_months(start, 8)
    windows = split_range(start, limit + 1)
    assert windows == [(start, limit - 1), (limit, limit + 1)]


def test_an_empty_or_reversed_range_is_refused():
    with pytest.raises(ValueError):
        split_range(ms(2024, 2, 1), ms(2024, 1, 1))
    with pytest.raises(ValueError):
        split_range(ms(2024, 2, 1), ms(2024, 2, 1))


@given(st.integers(ms(2016, 1, 1), ms(2026, 1, 1)), st.integers(1, 5 * 366 * 86_400_000))
def test_windows_cover_any_range_once_and_the_api_accepts_each(start, length):
    end = start + length
    windows = split_range(start, end)
    assert windows[0][0] == start and windows[-1][1] == end
    for (_, a_end), (b_start, _) in itertools.pairwise(windows):
        assert b_start == a_end + 1
    for w_start, w_end in windows:
        assert range_problem(w_start, w_end) is None


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (0, ms(2024, 1, 1), "Both from and to must be greater than 0"),
        (ms(2024, 2, 1), ms(2024, 1, 1), "from timestamp must be less than to timestamp"),
        (ms(2024, 1, 31), ms(2024, 9, 30) + 1, "Request may not exceed more than 8 months"),
        (ms(2024, 1, 31), ms(2024, 9, 30), None),
    ],
)
def test_a_range_is_judged_in_the_apis_own_words(start, end, problem):
    assert range_problem(start, end) == problem
