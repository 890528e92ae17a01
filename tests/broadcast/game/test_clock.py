"""The game clock runs only while play is LIVE; catch-up's gameClock corrects it."""

from __future__ import annotations

import pytest

from broadcast.game import Game, RejectedMessage
from tests.broadcast.game.conftest import AWAY, HOME, JANE
from tests.broadcast.game.messages import T0, location, marker, stats

MINUTE = 60_000


def clock_at(game: Game, t: int) -> tuple[int, bool, str]:
    clock = game.snapshot(now_ms=t)["clock"]
    return clock["elapsed_ms"], clock["running"], clock["display"]


def test_before_play_the_clock_shows_a_full_period_and_stands(game):
    clock = game.snapshot()["clock"]

    assert (clock["remaining_ms"], clock["running"], clock["display"]) == (
        20 * MINUTE,
        False,
        "20:00",
    )


def test_the_clock_runs_while_live_and_stops_on_pause_and_foul(game):
    game.apply(marker("PLAY_START", T0))
    game.apply(marker("LIVE", T0 + 1000))
    assert clock_at(game, T0 + 1000 + MINUTE) == (MINUTE, True, "19:00")

    changes = game.apply(marker("PAUSED", T0 + 1000 + MINUTE))
    assert clock_at(game, T0 + 10 * MINUTE) == (MINUTE, False, "19:00")
    assert [c.data["running"] for c in changes if c.kind == "clock"] == [False]

    game.apply(marker("LIVE", T0 + 10 * MINUTE))
    game.apply(marker("FOUL", T0 + 10 * MINUTE + 30_000))
    assert clock_at(game, T0 + 20 * MINUTE) == (MINUTE + 30_000, False, "18:30")


def test_the_snapshot_says_when_and_whether_the_clock_runs_so_a_page_can_tick_it(game):
    game.apply(marker("LIVE", T0))
    game.apply(location(JANE, T0 + 2500))

    clock = game.snapshot()["clock"]

    assert (clock["as_of_ms"], clock["elapsed_ms"], clock["running"]) == (T0 + 2500, 2500, True)
    assert clock["remaining_ms"] == clock["period_length_ms"] - 2500


def test_wall_clock_now_maps_to_feed_time_through_the_reception_offset(game):
    wall_lag = 3_000_000  # the relay's wall clock runs far ahead of the feed's stamps
    game.apply(marker("LIVE", T0), received_ms=T0 + wall_lag)

    clock = game.snapshot(now_ms=T0 + wall_lag + 5000)["clock"]

    assert (clock["elapsed_ms"], clock["as_of_ms"]) == (5000, T0 + 5000)


def test_the_clock_never_runs_past_the_period(game):
    game.apply(marker("LIVE", T0))

    assert clock_at(game, T0 + 25 * MINUTE) == (20 * MINUTE, False, "00:00")


def test_a_late_pause_slots_into_place(game):
    game.apply(marker("LIVE", T0))
    game.apply(marker("LIVE", T0 + 3 * MINUTE))
    game.apply(marker("PAUSED", T0 + MINUTE))  # arrives late

    assert clock_at(game, T0 + 4 * MINUTE) == (2 * MINUTE, True, "18:00")
    assert game.snapshot()["play_state"] == "LIVE"


def test_reconcile_sets_the_time_left_and_the_clock_runs_on_from_there(game):
    game.apply(marker("LIVE", T0))
    game.apply(location(JANE, T0 + MINUTE))

    changes = game.reconcile({"period": "H1", "gameClock": "00:15:00", "status": "ACTIVE"})

    assert clock_at(game, T0 + MINUTE) == (5 * MINUTE, True, "15:00")
    assert clock_at(game, T0 + 2 * MINUTE) == (6 * MINUTE, True, "14:00")
    assert [c.data["remaining_ms"] for c in changes if c.kind == "clock"] == [15 * MINUTE]


def test_reconcile_when_joining_mid_half_moves_to_its_period(home_team, away_team):
    game = Game("event-2")
    game.set_teams([home_team, away_team])

    changes = game.reconcile(
        {"period": "H2", "gameClock": "00:12:30", "status": "ACTIVE"}, received_ms=T0
    )
    game.apply(marker("LIVE", T0 + 1000))

    state = game.snapshot(now_ms=T0 + 11_000)
    assert (state["status"], state["period"], state["clock"]["display"]) == ("live", "H2", "12:20")
    assert {"period", "clock"} <= {c.kind for c in changes}


def test_a_reading_taken_before_any_feed_message_is_placed_once_the_host_offset_is_known(game):
    ahead = 4 * MINUTE  # the relay host's clock runs four minutes ahead of the feed's
    game.apply(marker("PLAY_START", T0), received_ms=None)
    game.reconcile(
        {"period": "H1", "gameClock": "00:19:00", "status": "ACTIVE"},
        received_ms=T0 + ahead + MINUTE,
    )

    changes = game.apply(marker("LIVE", T0 + MINUTE), received_ms=T0 + ahead + MINUTE)

    wall_now = T0 + ahead + 2 * MINUTE
    assert game.snapshot(now_ms=wall_now)["clock"]["display"] == "18:00"
    assert [c.data["display"] for c in changes if c.kind == "clock"] == ["19:00"]


def test_reconcile_reports_a_score_mismatch_and_keeps_the_players_truth(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    changes = game.reconcile({
        "homeTeamScore": {"teamId": str(HOME), "value": 4},
        "awayTeamScore": {"teamId": str(AWAY), "value": 0},
        "period": "H1", "gameClock": "00:19:00", "status": "ACTIVE"})  # fmt: skip

    mismatch = [c.data for c in changes if c.kind == "mismatch"]
    assert mismatch[0]["home"] == {"team_id": HOME, "ours": 2, "theirs": 4}
    assert game.snapshot()["score"] == {"home": 2, "away": 0}


def test_reconcile_with_a_matching_score_reports_no_mismatch(game):
    changes = game.reconcile({
        "homeTeamScore": {"teamId": str(HOME), "value": 0},
        "awayTeamScore": {"teamId": str(AWAY), "value": 0}, "period": "H1"})  # fmt: skip

    assert "mismatch" not in {c.kind for c in changes}


@pytest.mark.parametrize(
    "totals",
    [
        {"gameClock": "quarter past"},
        {"status": "PAUSED"},
        {"homeTeamScore": {"teamId": "x", "value": 1}},
        {"awayTeamScore": {"teamId": "462"}},
        ["not", "an", "object"],
    ],
)
def test_reconcile_refuses_game_totals_it_cannot_read_and_changes_nothing(game, totals):
    before = game.snapshot()

    with pytest.raises(RejectedMessage):
        game.reconcile(totals)

    assert game.snapshot() == before
