"""Catch-up after joining mid-game: earlier halves' plays land in their own period."""

from __future__ import annotations

import pytest

from broadcast.game import Game, RejectedMessage
from tests.broadcast.game.conftest import ANN, AWAY, H1_LIVE_ID, H2_LIVE_ID, HOME, JANE
from tests.broadcast.game.messages import T0, shot, stats

HALF = 20 * 60_000


@pytest.fixture
def joined_in_the_second_half(home_team, away_team) -> Game:
    """A relay (re)started in H2: only the second half's session is attached."""
    game = Game("event-1")
    game.set_teams([home_team, away_team])
    game.attach_session(H2_LIVE_ID, session_type="GAME_ROUND", period=None, started_at=T0 + HALF)
    return game


def game_totals(**extra) -> dict:
    return {
        "homeTeamScore": {"teamId": str(HOME), "value": 2},
        "awayTeamScore": {"teamId": str(AWAY), "value": 3},
        "period": "H2",
        "gameClock": "00:18:00",
        "status": "ACTIVE",
        "periodTotals": [
            {"period": "H2", "sessionId": H2_LIVE_ID},
            {"period": "H1", "sessionId": H1_LIVE_ID},
        ],
        **extra,
    }


def test_period_totals_file_each_sessions_plays_and_shots_under_its_half(joined_in_the_second_half):
    game = joined_in_the_second_half
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, at=T0 + 60_000, FGA=1, FG=1,
                     PTS=2), live_id=H1_LIVE_ID)  # fmt: skip
    game.apply(shot(JANE, team_id=HOME, at=T0 + 60_000, made=True, zone=3), live_id=H1_LIVE_ID)
    game.apply(stats(ANN, 2, "THREE_POINT_MAKE", team_id=AWAY, at=T0 + HALF + 60_000, FGA=1,
                     FG=1, FGA3=1, FG3=1, PTS=3), live_id=H2_LIVE_ID)  # fmt: skip

    changes = game.reconcile(game_totals())

    state = game.snapshot()
    assert {(p["live_id"], p["period"]) for p in state["plays"]} == {
        (H1_LIVE_ID, "H1"),
        (H2_LIVE_ID, "H2"),
    }
    assert state["shots"][0]["period"] == "H1"
    assert game.zones(HOME, period="H1")["3"]["fga"] == 1
    assert (state["status"], state["period"], state["clock"]["display"]) == ("live", "H2", "18:00")
    assert "mismatch" not in {c.kind for c in changes}
    assert {c.data["period"] for c in changes if c.kind == "play"} == {"H1", "H2"}
    assert state["live_ids"] == [H2_LIVE_ID, H1_LIVE_ID]


def test_a_period_stated_by_catch_up_is_never_relabelled(joined_in_the_second_half):
    game = joined_in_the_second_half
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1), live_id=H1_LIVE_ID, period="H1")

    game.reconcile(game_totals(periodTotals=[{"period": "H2", "sessionId": H1_LIVE_ID}]))

    assert game.snapshot()["plays"][0]["period"] == "H1"


def test_period_totals_that_are_not_a_list_are_refused(joined_in_the_second_half):
    with pytest.raises(RejectedMessage, match="periodTotals"):
        joined_in_the_second_half.reconcile(game_totals(periodTotals={"H1": 3}))
