"""Status and period from game markers; current drill and status from practice markers."""

from __future__ import annotations

from broadcast.game import Game
from tests.broadcast.game.conftest import H2_LIVE_ID, HOME, JANE
from tests.broadcast.game.messages import T0, marker, stats

MINUTE = 60_000


def status(game: Game) -> tuple:
    state = game.snapshot()
    return state["status"], state["period"], state["play_state"]


def test_a_game_is_scheduled_until_a_session_or_marker_says_otherwise(home_team, away_team):
    game = Game("event-3")
    game.set_teams([home_team, away_team])

    assert status(game) == ("scheduled", None, None)


def test_a_game_goes_through_its_halves_to_final(game):
    game.apply(marker("PLAY_START", T0))
    assert status(game)[:2] == ("live", "H1")

    game.apply(marker("LIVE", T0 + 1000))
    game.apply(marker("PAUSED", T0 + 20 * MINUTE))
    changes = game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE + 1))
    assert status(game) == ("halftime", "H1", "PAUSED")
    assert [c.data for c in changes if c.kind == "period"] == [
        {"status": "halftime", "period": "H1", "drill": None}
    ]

    game.apply(marker("PLAY_NEXT", T0 + 20 * MINUTE + 2, live_id=H2_LIVE_ID))
    game.attach_session(H2_LIVE_ID, session_type="GAME_ROUND", period=None, started_at=None)
    game.apply(marker("START_SECOND_HALF", T0 + 35 * MINUTE), live_id=H2_LIVE_ID)
    assert status(game)[:2] == ("live", "H2")
    assert game.snapshot()["clock"]["display"] == "20:00"

    game.apply(marker("PLAY_END", T0 + 60 * MINUTE))
    assert status(game)[:2] == ("final", "H2")
    assert game.snapshot()["live_ids"] == ["half-1", H2_LIVE_ID]


def test_the_clock_stands_at_halftime(game):
    game.apply(marker("LIVE", T0))
    game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE))

    clock = game.snapshot(now_ms=T0 + 30 * MINUTE)["clock"]

    assert (clock["display"], clock["running"]) == ("00:00", False)


def test_a_late_end_of_first_half_does_not_undo_the_second_half(game):
    game.apply(marker("START_SECOND_HALF", T0 + 35 * MINUTE))
    game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE))  # arrives late

    assert status(game)[:2] == ("live", "H2")


def test_a_second_half_play_is_filed_under_h2(game):
    game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE))
    game.attach_session(H2_LIVE_ID, session_type="GAME_ROUND", period=None, started_at=None)
    game.apply(marker("START_SECOND_HALF", T0 + 35 * MINUTE), live_id=H2_LIVE_ID)

    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, at=T0 + 36 * MINUTE, STL=1))

    play = game.snapshot()["plays"][0]
    assert (play["period"], play["live_id"]) == ("H2", H2_LIVE_ID)


def test_a_repeated_marker_changes_nothing(game):
    game.apply(marker("PLAY_START", T0))

    assert game.apply(marker("PLAY_START", T0)) == []


def test_a_practice_is_live_and_follows_its_drills(practice):
    practice.attach_session(
        "drill-1", session_type="SHOOTING", period=None, started_at=T0, name="Form"
    )
    practice.apply(marker("DRILL_START", T0 + 10))
    state = practice.snapshot()
    assert state["status"] == "live"
    assert (state["drill"]["number"], state["drill"]["live_id"], state["drill"]["type"]) == (
        1,
        "drill-1",
        "SHOOTING",
    )
    assert state["drill"]["active"] is True

    practice.apply(marker("DRILL_END", T0 + 5 * MINUTE))
    practice.apply(marker("DRILL_NEXT", T0 + 5 * MINUTE + 1, live_id="drill-2"))
    drill = practice.snapshot()["drill"]
    assert (drill["active"], drill["ended_at"], drill["next_live_id"]) == (
        False,
        T0 + 5 * MINUTE,
        "drill-2",
    )

    practice.attach_session(
        "drill-2", session_type="SCRIMMAGE", period=None, started_at=T0 + 6 * MINUTE
    )
    practice.apply(marker("DRILL_START", T0 + 6 * MINUTE))
    drill = practice.snapshot()["drill"]
    assert (drill["number"], drill["live_id"], drill["type"], drill["active"]) == (
        2,
        "drill-2",
        "SCRIMMAGE",
        True,
    )

    practice.apply(marker("PRACTICE_END", T0 + 30 * MINUTE))
    state = practice.snapshot()
    assert (state["status"], state["drill"]["active"]) == ("final", False)


def test_a_practice_has_its_teams_and_no_home_away_or_score(practice):
    state = practice.snapshot()

    assert (state["home"], state["away"], state["score"], state["period"]) == (
        None,
        None,
        None,
        None,
    )
    assert [team["id"] for team in state["teams"]] == [HOME]


def test_a_practice_without_a_session_starts_a_drill_on_drill_start(practice):
    practice.apply(marker("DRILL_START", T0))
    practice.apply(marker("DRILL_END", T0 + MINUTE))
    practice.apply(marker("DRILL_START", T0 + 2 * MINUTE))

    drill = practice.snapshot()["drill"]
    assert (drill["number"], drill["started_at"], drill["active"]) == (2, T0 + 2 * MINUTE, True)


def test_the_second_half_clock_starts_with_the_half_not_with_its_session(game):
    game.apply(marker("LIVE", T0))
    game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE))
    game.attach_session(
        H2_LIVE_ID, session_type="GAME_ROUND", period="H2", started_at=T0 + 25 * MINUTE
    )
    game.apply(marker("START_SECOND_HALF", T0 + 35 * MINUTE), live_id=H2_LIVE_ID)

    clock = game.snapshot(now_ms=T0 + 36 * MINUTE)["clock"]

    assert (clock["display"], clock["running"]) == ("19:00", True)
