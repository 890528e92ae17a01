"""Movement from location samples: heat map cells, distance and speed."""

from __future__ import annotations

from dashboard.coach.heatmap import (
    COLUMNS,
    MAX_CREDIT_MS,
    ROWS,
    Movement,
    Track,
    cell_of,
    heat,
)


def test_cells_run_from_the_west_baseline_and_the_north_sideline():
    assert cell_of(-14325, 7620) == (0, 0)
    assert cell_of(14324, -7619) == (COLUMNS - 1, ROWS - 1)
    assert cell_of(0, 0) == (COLUMNS // 2, ROWS // 2)


def test_a_point_off_the_court_goes_to_the_edge_cell():
    assert cell_of(-20000, 9000) == (0, 0)
    assert cell_of(16000, -9000) == (COLUMNS - 1, ROWS - 1)


def test_each_sample_credits_its_cell_with_the_time_until_the_next():
    track = Track()
    for i in range(5):
        track.add(0, 0, 1000 + 40 * i)
    assert track.cells == {cell_of(0, 0): 160}


def test_a_long_wait_between_samples_counts_only_briefly_and_a_gap_not_at_all():
    track = Track()
    track.add(0, 0, 0)
    track.add(0, 0, 1000)  # a second later: capped
    track.add(0, 0, 60_000)  # the player was off the court in between
    assert track.cells == {cell_of(0, 0): MAX_CREDIT_MS}


def test_distance_adds_up_the_steps_between_samples():
    track = Track()
    for i in range(11):
        track.add(100 * i, 0, 40 * i)  # 10 steps of 10 cm
    assert track.distance_m == 1.0


def test_a_jump_of_the_tag_is_not_distance_or_speed():
    track = Track()
    track.add(0, 0, 0)
    track.add(5000, 0, 40)  # 5 m in 40 ms: 125 m/s
    track.add(5000, 0, 600)
    assert track.distance_mm == 0
    assert track.top_speed == 0


def test_speed_is_measured_over_half_a_second_or_more():
    track = Track()
    for i in range(26):
        track.add(200 * i, 0, 40 * i)  # 5 m/s
    assert track.speed_now(1000) == 5.0
    assert track.top_speed == 5.0


def test_a_speed_from_more_than_three_seconds_ago_is_not_now():
    track = Track()
    track.add(0, 0, 0)
    track.add(1000, 0, 500)
    assert track.speed_now(2000) == 2.0
    assert track.speed_now(4000) is None


def test_late_or_repeated_samples_change_nothing():
    track = Track()
    track.add(0, 0, 1000)
    track.add(500, 0, 1040)
    before = (dict(track.cells), track.distance_mm, track.samples)
    track.add(9000, 0, 1000)
    track.add(500, 0, 1040)
    assert (track.cells, track.distance_mm, track.samples) == before


def test_a_stored_batch_feeds_players_and_skips_the_ball_and_bad_entries():
    movement = Movement()
    used = movement.add_batch([
        {"occurred_at": 10, "type": "PLAYER", "id": 7, "x": 0, "y": 0, "z": 1000},
        {"occurred_at": 10, "type": "BALL", "id": 99, "x": 0, "y": 0, "z": 3000},
        {"occurred_at": 50, "type": "PLAYER", "id": 7, "x": "left", "y": 0, "z": 0},
        {"occurred_at": 50, "type": "PLAYER", "id": 7, "x": 40, "y": 0, "z": 1000},
    ])  # fmt: skip
    assert used == 2
    assert list(movement.tracks) == [7]
    assert movement.now_ms == 50


def test_heat_levels_are_shares_of_the_busiest_cell():
    track = Track()
    track.add(0, 0, 0)
    track.add(0, 0, 200)
    track.add(0, 0, 400)
    track.add(-1000, 0, 500)  # 500 ms at centre court in all
    track.add(-1000, 0, 600)  # 100 ms a metre to the west
    cells = {(c.column, c.row): c.level for c in heat(track)}
    assert cells[cell_of(0, 0)] == 1.0
    assert cells[cell_of(-1000, 0)] == 0.2
    assert heat(None) == []
