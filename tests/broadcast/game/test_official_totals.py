"""Official totals win: once catch-up's gameTotals came, the score is ShotTracker's as of
that reading plus what the feed added after it; disagreements are listed and counted."""

from __future__ import annotations

from tests.broadcast.game.conftest import ANN, AWAY, HOME, JANE, MARY
from tests.broadcast.game.messages import T0, stats


def totals(home: float, away: float = 0) -> dict:
    return {
        "homeTeamScore": {"teamId": str(HOME), "value": home},
        "awayTeamScore": {"teamId": str(AWAY), "value": away},
        "period": "H1",
        "status": "ACTIVE",
    }


def test_shottrackers_total_becomes_the_score_and_the_feed_adds_to_it(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    changes = game.reconcile(totals(5), as_of_version=1, received_ms=T0 + 100)
    assert game.score() == {"home": 5, "away": 0}
    assert {c.kind: c.data for c in changes if c.kind == "score"} == {
        "score": {"home": 5, "away": 0}
    }

    game.apply(stats(MARY, 2, "THREE_POINT_MAKE", team_id=HOME, FGA=1, FG=1, FGA3=1, FG3=1,
                     PTS=3))  # fmt: skip
    assert game.score() == {"home": 8, "away": 0}
    assert game.snapshot()["home"]["score"] == 8
    assert game.snapshot()["home"]["totals"]["PTS"] == 8  # the box score's team line agrees


def test_a_reading_from_a_lagging_rest_never_steps_the_score_back(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(JANE, 2, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=4))
    game.apply(stats(ANN, 3, "FREE_THROW_MAKE", team_id=AWAY, FTA=1, FT=1, PTS=1))

    # REST answers as of version 1: 2-0. The feed already brought 4-1.
    changes = game.reconcile(totals(2, 0), as_of_version=1)

    assert game.score() == {"home": 4, "away": 1}
    assert "score" not in {c.kind for c in changes}
    assert "mismatch" not in {c.kind for c in changes}
    assert game.checks()["disagreement_count"] == 0


def test_an_older_reading_after_a_newer_one_changes_nothing(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(JANE, 2, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=4))
    game.reconcile(totals(6), as_of_version=2)

    assert game.reconcile(totals(1), as_of_version=1) == []
    assert game.score()["home"] == 6


def test_a_disagreement_is_shown_with_team_stats_and_since_when_and_counted(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    changes = game.reconcile(totals(52), as_of_version=1, received_ms=T0 + 9_000)

    (mismatch,) = [c.data for c in changes if c.kind == "mismatch"]
    assert mismatch["home"] == {"team_id": HOME, "ours": 2, "theirs": 52}
    assert mismatch["resolved"] is True
    checks = game.checks()
    assert checks["disagreement_count"] == 1
    (entry,) = checks["disagreements"]
    assert (entry["team_id"], entry["stats"], entry["since_ms"]) == (
        HOME,
        {"PTS": {"ours": 2, "theirs": 52}},
        T0 + 9_000,
    )

    game.reconcile(totals(52), as_of_version=1, received_ms=T0 + 12_000)
    assert game.checks()["disagreement_count"] == 1  # the same disagreement, not a new one
    assert game.checks()["disagreements"][0]["since_ms"] == T0 + 9_000


def test_rest_totals_of_a_player_at_a_version_we_had_whole_win_and_are_listed(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    game.apply_totals(HOME, JANE, {"FGA": 1, "FG": 1, "PTS": 3}, 1)

    assert game.snapshot()["home"]["players"][0]["stats"]["PTS"] == 3
    (entry,) = game.checks()["disagreements"]
    assert (entry["player_id"], entry["stats"]) == (JANE, {"PTS": {"ours": 2, "theirs": 3}})


def test_rest_totals_filling_versions_we_missed_are_no_disagreement(game):
    game.apply(stats(JANE, 3, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=4))

    game.apply_totals(HOME, JANE, {"FGA": 2, "FG": 2, "PTS": 4, "AST": 1}, 3)

    assert game.checks()["disagreements"] == []
