"""Ranges split into 8-month windows and merged, leaderboards, zones, trends and CSV rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dashboard.coach.analytics import (
    PlayerTotals,
    ZoneCell,
    compare_zones,
    csv_safe,
    leaderboard,
    merge_events,
    merge_shots,
    merge_stats,
    player_csv_rows,
    team_line,
    trend,
    trend_csv_rows,
    zone_cells,
)
from shottracker.resources import TeamEvent, TeamPlayerShots, TeamPlayerStats


def ms(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp() * 1000)


def stats_part(*players: tuple[int, str, str, int, dict]) -> TeamPlayerStats:
    return TeamPlayerStats.from_json({"id": 7, "player_stats": [
        {"id": pid, "player_details": {"id": pid, "firstname": first, "lastname": last},
         "version": version, "stats": values}
        for pid, first, last, version, values in players]})  # fmt: skip


def shots_part(player_id: int, *shots: tuple[int, bool, int, str]) -> TeamPlayerShots:
    return TeamPlayerShots.from_json({"id": 7, "player_shots": [{
        "id": player_id, "player_details": {"id": player_id, "firstname": "Ann", "lastname": "Lee"},
        "shots": [{"occurred_at": at, "is_make": made, "is_3point": zone > 9, "zone": zone,
                   "hoop_player_x": 0, "hoop_player_y": 0, "status": status}
                  for at, made, zone, status in shots]}]})  # fmt: skip


def event(event_id: str, started_at: int, *, game: bool = True) -> TeamEvent:
    return TeamEvent.from_json({"id": event_id, "name": f"Event {event_id}", "results": [],
        "is_practice_event": not game, "is_game_event": game, "started_at": started_at,
        "ended_at": started_at + 3_600_000})  # fmt: skip


# -- merging ---------------------------------------------------------------------------------


def test_stats_of_the_windows_are_summed_per_player():
    merged = merge_stats([
        stats_part((1, "Ann", "Lee", 10, {"PTS": 20, "FGA": 15, "FG": 8}),
                   (2, "Bea", "Cruz", 4, {"PTS": 6})),
        stats_part((1, "Ann", "Lee", 5, {"PTS": 12, "FGA": 9, "FG": 5, "AST": 3})),
    ])  # fmt: skip
    ann, bea = merged
    assert (ann.name, ann.stats, ann.messages) == (
        "Ann Lee",
        {"PTS": 32.0, "FGA": 24.0, "FG": 13.0, "AST": 3.0},
        15,
    )
    assert ann.box["FG_PCT"] == 54.2
    assert (bea.name, bea.stats["PTS"]) == ("Bea Cruz", 6.0)


def test_a_player_without_a_name_is_named_by_id():
    (player,) = merge_stats([stats_part((9, None, None, 1, {"PTS": 2}))])
    assert player.name == "Player 9"


def test_shots_are_merged_once_each_oldest_first():
    merged = merge_shots([
        shots_part(1, (300, True, 1, "RECORDED"), (100, False, 12, "RECORDED")),
        shots_part(1, (300, True, 1, "RECORDED"), (500, True, 10, "RECORDED")),
    ])  # fmt: skip
    (ann,) = merged
    assert [s.occurred_at for s in ann.shots] == [100, 300, 500]


def test_events_are_merged_once_each_in_time_order():
    merged = merge_events([[event("b", 200), event("a", 100)], [event("b", 200), event("c", 300)]])
    assert [e.id for e in merged] == ["a", "b", "c"]


# -- leaderboards ------------------------------------------------------------------------------


def players() -> list[PlayerTotals]:
    return [
        PlayerTotals(1, "Ann Lee", {"PTS": 30, "FGA": 40, "FG": 20, "REB": 5, "DIST": 250_000}),
        PlayerTotals(2, "Bea Cruz", {"PTS": 30, "FGA": 20, "FG": 12, "REB": 0}),
        PlayerTotals(3, "Cat Diaz", {"PTS": 2, "FGA": 1, "FG": 1, "REB": 9}),
        PlayerTotals(4, "Dot Kim", {"PTS": 0}),
    ]


def test_leaders_are_ranked_and_ties_share_a_rank():
    board = leaderboard(players(), "PTS")
    assert [(s.rank, s.name, s.value) for s in board] == [
        (1, "Ann Lee", 30), (1, "Bea Cruz", 30), (3, "Cat Diaz", 2)]  # fmt: skip


def test_a_percentage_ranks_only_players_with_enough_attempts():
    board = leaderboard(players(), "FG_PCT")
    # Cat's 1 of 1 is below a quarter of the most attempts (40): it does not top the board.
    assert [(s.name, s.value, s.detail) for s in board] == [
        ("Bea Cruz", 60.0, "12/20"), ("Ann Lee", 50.0, "20/40")]  # fmt: skip


def test_a_board_prints_its_values_as_every_face_prints_them():
    texts = {key: next((s.text, s.detail) for s in leaderboard(players(), key))
             for key in ("FG_PCT", "DIST_M", "PTS")}  # fmt: skip
    # The console's box score writes 60.0 and 2.50 km; a board never writes its own way.
    assert texts == {"FG_PCT": ("60.0%", "12/20"), "DIST_M": ("2.50 km", ""), "PTS": ("30", "")}


def test_distance_is_ranked_in_metres():
    (leader,) = leaderboard(players(), "DIST_M")
    assert (leader.name, leader.value) == ("Ann Lee", 2500)


def test_a_board_shows_at_most_its_limit():
    assert len(leaderboard(players(), "REB", limit=1)) == 1


# -- zones, trends, CSV ---------------------------------------------------------------------------


def test_deleted_shots_do_not_count_in_a_zone():
    (ann,) = merge_shots([shots_part(1, (1, True, 1, "RECORDED"), (2, True, 1, "DELETED"),
                                     (3, False, 1, "UPDATED"))])  # fmt: skip
    cell = zone_cells(ann.shots)[1]
    assert (cell.fg, cell.fga, cell.pct) == (1, 2, 50.0)


def test_a_zone_is_compared_in_points_of_percentage():
    now = {z: ZoneCell(z, 0, 0) for z in range(1, 15)}
    now[3] = ZoneCell(3, 3, 4)
    average = {z: ZoneCell(z, 1, 2) for z in range(1, 15)}
    compared = compare_zones(now, average)
    assert compared[3].diff == 25.0
    assert compared[4].diff is None  # nothing attempted now
    assert compare_zones(now, None)[3].diff is None


def test_a_trend_has_one_point_per_event_with_numbers_oldest_first():
    points = trend([
        (event("late", 300), [PlayerTotals(1, "Ann", {"PTS": 10, "FGA": 10, "FG": 4}, 3)]),
        (event("early", 100), [PlayerTotals(1, "Ann", {"PTS": 6, "FGA": 4, "FG": 3}, 2),
                               PlayerTotals(2, "Bea", {"PTS": 4, "FGA": 4, "FG": 2}, 2)]),
        (event("empty", 200), []),
    ])  # fmt: skip
    assert [(p.event_id, p.values["PTS"], p.values["FG_PCT"]) for p in points] == [
        ("early", 10, 62.5), ("late", 10, 40.0)]  # fmt: skip


def test_the_team_line_sums_players_and_recomputes_percentages():
    line = team_line(players())
    assert (line["PTS"], line["FGA"], line["FG_PCT"]) == (62, 61, 54.1)


def test_the_players_csv_has_a_row_per_player_and_the_team_last():
    rows = player_csv_rows(players()[:2])
    assert rows[0][:5] == ["Player", "PTS", "FGM", "FGA", "FG%"]
    assert rows[1][:5] == ["Ann Lee", "30", "20", "40", "50"]
    assert rows[-1][:5] == ["Team", "60", "32", "60", "53.3"]
    assert rows[1][-1] == "2500"  # distance in metres


@pytest.mark.parametrize(
    "text", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")']
)
def test_a_cell_that_would_be_a_formula_is_quoted_as_text(text):
    assert csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["Ann Lee", "José Müller", "-3", "-1.5", "+2", "42", ""])
def test_names_and_numbers_are_left_as_they_are(text):
    assert csv_safe(text) == text


def test_the_trends_csv_dates_each_event_in_utc():
    points = trend([(event("e", ms(2025, 3, 1, 18)), [PlayerTotals(1, "Ann", {"PTS": 7}, 1)])])
    header, row = trend_csv_rows(points)
    assert header[:3] == ["Date (UTC)", "Event", "PTS"]
    assert row[:3] == ["2025-03-01 18:00", "Event e", "7"]
