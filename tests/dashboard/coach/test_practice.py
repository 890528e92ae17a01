"""A practice as drills: the timeline from sessions and markers, and each drill's numbers."""

from __future__ import annotations

from dashboard.coach.practice import MarkerRow, drill_numbers, drills

SESSIONS = [
    {"live_id": "b", "session_type": "SCRIMMAGE", "started_at": 2_000, "name": None},
    {"live_id": "a", "session_type": "SHOOTING", "started_at": 1_000, "name": "Corner threes"},
]


def play(version: int, player: int, at: int, team: int = 7, **totals: float) -> dict:
    return {"version": version, "player_id": player, "team_id": team, "occurred_at": at,
            "live_id": None, "stats": totals}  # fmt: skip


def shot(player: int, at: int, zone: int, made: bool, team: int = 7) -> dict:
    return {"player_id": player, "team_id": team, "occurred_at": at, "zone": zone,
            "is_make": made, "is_3point": zone > 9, "status": "RECORDED",
            "live_id": None}  # fmt: skip


def test_drills_are_numbered_in_start_order_and_named():
    first, second = drills(SESSIONS, [], final=False)
    assert (first.number, first.live_id, first.name, first.kind) == (
        1, "a", "Corner threes", "Shooting")  # fmt: skip
    assert (second.number, second.name, second.kind) == (2, "Scrimmage drill", "Scrimmage")


def test_markers_start_and_end_drills_and_name_the_next_one():
    markers = [
        MarkerRow("a", "DRILL_START", 1_100),
        MarkerRow("a", "DRILL_END", 1_800),
        MarkerRow("a", "DRILL_NEXT", 1_801, "b"),
    ]
    first, second = drills(SESSIONS, markers, final=False)
    assert (first.started_at, first.ended_at, first.next_live_id) == (1_100, 1_800, "b")
    assert not first.active
    assert second.active and second.ended_at is None


def test_a_drill_without_an_end_marker_ends_when_the_next_starts():
    first, _ = drills(SESSIONS, [], final=False)
    assert first.ended_at == 2_000


def test_practice_end_ends_the_last_drill_and_nothing_is_active():
    markers = [MarkerRow("b", "PRACTICE_END", 5_000)]
    first, second = drills(SESSIONS, markers, final=True)
    assert second.ended_at == 5_000
    assert not first.active and not second.active
    assert second.duration_ms(now_ms=9_999) == 3_000


def test_each_drill_gets_what_a_player_added_in_it():
    timeline = drills(SESSIONS, [], final=False)
    plays = [
        play(1, 11, 1_100, FGA=1, FG=1, PTS=2),
        play(2, 11, 1_200, FGA=2, FG=2, PTS=4),
        play(3, 11, 2_100, FGA=3, FG=2, PTS=4, AST=0),
        play(4, 12, 2_200, REB=1),
    ]
    numbers = drill_numbers(timeline, plays, [], {11: "Ann Lee"})
    assert numbers["a"].players[11].stats == {"FGA": 2.0, "FG": 2.0, "PTS": 4.0}
    assert numbers["b"].players[11].stats == {"FGA": 1.0}
    assert numbers["b"].players[12].name == "Player 12"


def test_a_correction_lands_in_the_drill_of_the_shot_it_corrects():
    timeline = drills(SESSIONS, [], final=False)
    plays = [
        play(1, 11, 1_100, FGA=1, FG=1, PTS=2),
        play(2, 11, 2_100, FGA=2, FG=1, PTS=2),
        play(3, 11, 1_100, FGA=1, FG=0, PTS=0),  # sent during drill b, about drill a's shot
    ]
    numbers = drill_numbers(timeline, sorted(plays, key=lambda p: -p["version"]), [], {})
    assert numbers["a"].players[11].box["FG"] == 0
    assert numbers["b"].players[11].stats == {"FGA": 1.0}


def test_shots_are_grouped_by_drill_and_zone_and_other_teams_are_left_out():
    timeline = drills(SESSIONS, [], final=False)
    shots = [shot(11, 1_100, 10, True), shot(11, 1_200, 10, False), shot(11, 2_100, 1, True),
             shot(31, 1_150, 10, True, team=8)]  # fmt: skip
    numbers = drill_numbers(timeline, [], shots, {}, team_id=7)
    corner = numbers["a"].zones(11)[10]
    assert (corner.fg, corner.fga) == (1, 2)
    assert numbers["b"].zones()[1].fga == 1
    assert 31 not in numbers["a"].shots
