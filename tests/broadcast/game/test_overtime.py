"""Overtime: a game tied after regulation goes on in OT1, OT2… (one GAME_ROUND session each,
linked by PLAY_NEXT like the second half); an overtime's clock is a quarter of a half."""

from __future__ import annotations

import pytest

from broadcast.game.periods import period_of_session, period_order
from tests.broadcast.game.conftest import H2_LIVE_ID, HOME, JANE
from tests.broadcast.game.messages import T0, marker, stats

MINUTE = 60_000
OT1_LIVE_ID, OT2_LIVE_ID = "overtime-1", "overtime-2"


def through_regulation(game) -> None:
    game.apply(marker("PLAY_START", T0))
    game.apply(marker("END_FIRST_HALF", T0 + 20 * MINUTE))
    game.apply(marker("PLAY_NEXT", T0 + 20 * MINUTE, live_id=H2_LIVE_ID))
    game.attach_session(H2_LIVE_ID, session_type="GAME_ROUND", period="H2", started_at=None)
    game.apply(marker("START_SECOND_HALF", T0 + 35 * MINUTE), live_id=H2_LIVE_ID)
    game.apply(marker("PAUSED", T0 + 55 * MINUTE), live_id=H2_LIVE_ID)
    game.apply(marker("PLAY_NEXT", T0 + 55 * MINUTE, live_id=OT1_LIVE_ID), live_id=H2_LIVE_ID)


def test_a_tied_game_goes_to_overtime_with_a_five_minute_clock(game):
    through_regulation(game)

    changes = game.attach_session(
        OT1_LIVE_ID, session_type="GAME_ROUND", period="OT1", started_at=T0 + 56 * MINUTE
    )

    state = game.snapshot(now_ms=T0 + 56 * MINUTE)
    assert (state["status"], state["period"]) == ("live", "OT1")
    assert state["clock"]["period_length_ms"] == 5 * MINUTE
    assert state["clock"]["display"] == "05:00"
    assert {"status": "live", "period": "OT1", "drill": None} in [
        c.data for c in changes if c.kind == "period"
    ]


def test_an_overtime_play_is_filed_under_its_period_and_the_game_ends_after_it(game):
    through_regulation(game)
    game.attach_session(OT1_LIVE_ID, session_type="GAME_ROUND", period="OT1", started_at=None)
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, at=T0 + 57 * MINUTE, FGA=1, FG=1,
                     PTS=2), live_id=OT1_LIVE_ID)  # fmt: skip
    game.apply(marker("PLAY_END", T0 + 61 * MINUTE), live_id=OT1_LIVE_ID)

    state = game.snapshot()
    assert state["plays"][0]["period"] == "OT1"
    assert (state["status"], state["period"]) == ("final", "OT1")


def test_catch_up_in_overtime_sets_the_overtime_clock(game):
    through_regulation(game)
    game.attach_session(OT1_LIVE_ID, session_type="GAME_ROUND", period="OT1", started_at=None)

    game.reconcile({"period": "OT1", "gameClock": "00:03:00", "status": "ACTIVE"})

    assert game.snapshot()["clock"]["elapsed_ms"] == 2 * MINUTE


def test_a_second_overtime_follows_the_first(game):
    through_regulation(game)
    game.attach_session(OT1_LIVE_ID, session_type="GAME_ROUND", period="OT1", started_at=None)
    game.apply(marker("PLAY_NEXT", T0 + 62 * MINUTE, live_id=OT2_LIVE_ID), live_id=OT1_LIVE_ID)
    game.attach_session(
        OT2_LIVE_ID, session_type="GAME_ROUND", period="OT2", started_at=T0 + 63 * MINUTE
    )

    assert game.snapshot()["period"] == "OT2"
    assert game.snapshot()["live_ids"][-2:] == [OT1_LIVE_ID, OT2_LIVE_ID]


@pytest.mark.parametrize(("number", "period"), [(1, "H1"), (2, "H2"), (3, "OT1"), (12, "OT10")])
def test_a_games_sessions_are_numbered_halves_then_overtimes(number, period):
    assert period_of_session(number) == period


def test_periods_sort_as_played():
    assert sorted(["OT10", "OT2", "H2", "OT1", "H1"], key=period_order) == [
        "H1", "H2", "OT1", "OT2", "OT10"]  # fmt: skip
