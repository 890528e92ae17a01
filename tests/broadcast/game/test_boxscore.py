"""Stats messages move a player's box score, the team totals and the score, by version."""

from __future__ import annotations

import pytest

from broadcast.game import RejectedMessage
from tests.broadcast.game.conftest import ANN, AWAY, HOME, JANE, MARY
from tests.broadcast.game.messages import stats


def player_stats(snapshot: dict, team: str, player_id: int) -> dict:
    return next(p for p in snapshot[team]["players"] if p["id"] == player_id)["stats"]


def test_a_made_two_counts_for_the_player_the_team_and_the_score(game):
    changes = game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    state = game.snapshot()
    jane = player_stats(state, "home", JANE)
    assert (jane["FGA"], jane["FG"], jane["PTS"], jane["FG_PCT"]) == (1, 1, 2, 100.0)
    assert state["home"]["totals"]["PTS"] == 2
    assert state["home"]["score"] == 2
    assert state["score"] == {"home": 2, "away": 0}
    stats_change = next(c for c in changes if c.kind == "stats")
    assert stats_change.data["player"]["stats"]["PTS"] == 2
    assert stats_change.data["team"]["totals"]["FG"] == 1
    assert stats_change.data["score"] == {"home": 2, "away": 0}
    assert [c.data for c in changes if c.kind == "score"] == [{"home": 2, "away": 0}]


def test_a_made_three_counts_three_points_and_a_three_point_attempt(game):
    game.apply(stats(ANN, 1, "THREE_POINT_MAKE", team_id=AWAY, FGA=1, FG=1, FGA3=1, FG3=1, PTS=3))

    state = game.snapshot()
    ann = player_stats(state, "away", ANN)
    assert (ann["PTS"], ann["FG3"], ann["FG3_PCT"]) == (3, 1, 100.0)
    assert state["away"]["totals"]["FGA3"] == 1
    assert state["score"] == {"home": 0, "away": 3}


def test_a_made_free_throw_counts_one_point(game):
    game.apply(stats(JANE, 1, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=1))
    game.apply(stats(JANE, 2, "FREE_THROW_MISS", team_id=HOME, FTA=2))

    state = game.snapshot()
    jane = player_stats(state, "home", JANE)
    assert (jane["FTA"], jane["FT"], jane["PTS"], jane["FT_PCT"]) == (2, 1, 1, 50.0)
    assert state["score"]["home"] == 1


def test_team_totals_sum_every_player(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(MARY, 2, "TWO_POINT_MISS", team_id=HOME, FGA=1))
    game.apply(stats(MARY, 3, "ASSIST", team_id=HOME, AST=1))

    totals = game.snapshot()["home"]["totals"]
    assert (totals["FGA"], totals["FG"], totals["AST"], totals["FG_PCT"]) == (2, 1, 1, 50.0)


def test_percentages_are_none_without_attempts_not_zero(game):
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1))

    jane = player_stats(game.snapshot(), "home", JANE)
    assert (jane["FG_PCT"], jane["FG3_PCT"], jane["FT_PCT"]) == (None, None, None)
    assert jane["FGA"] == 0


def test_distance_is_in_metres_too_and_is_no_play(game):
    changes = game.apply(stats(JANE, 1, "DISTANCE", team_id=HOME, DIST=123456))

    state = game.snapshot()
    assert player_stats(state, "home", JANE)["DIST_M"] == 1234.56
    assert state["home"]["totals"]["DIST_M"] == 1234.56
    assert state["plays"] == []
    assert [c.kind for c in changes] == ["stats"]


def test_a_message_carries_only_changed_keys_and_the_rest_stay(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(JANE, 2, "ASSIST", team_id=HOME, AST=1))

    jane = player_stats(game.snapshot(), "home", JANE)
    assert (jane["PTS"], jane["AST"]) == (2, 1)


def test_a_duplicated_version_changes_nothing(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    before = game.snapshot()

    assert game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2)) == []
    assert game.snapshot() == before


def test_an_older_version_never_overwrites_newer_totals(game):
    game.apply(stats(JANE, 5, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=4))
    changes = game.apply(stats(JANE, 4, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    state = game.snapshot()
    assert player_stats(state, "home", JANE)["PTS"] == 4
    assert state["score"]["home"] == 4
    assert [c.kind for c in changes] == ["play"]  # its play entry, in version order
    assert [p["version"] for p in state["plays"]] == [5, 4]
    assert state["plays"][1]["stats"]["PTS"] == 2


def test_a_late_version_fills_keys_no_newer_version_set(game):
    game.apply(stats(JANE, 3, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    changes = game.apply(stats(JANE, 2, "ASSIST", team_id=HOME, AST=1))

    state = game.snapshot()
    assert player_stats(state, "home", JANE)["AST"] == 1
    assert state["plays"][0]["stats"]["AST"] == 1  # the later play's totals now include it
    assert {c.kind for c in changes} == {"stats", "play"}


def test_stats_for_a_player_on_no_roster_count_nowhere_until_confirmed(game):
    changes = game.apply(stats(99, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    state = game.snapshot()
    assert 99 not in [p["id"] for p in state["home"]["players"]]
    assert state["score"]["home"] == 0
    assert state["plays"] == []
    assert [c.kind for c in changes] == ["checks"]
    assert game.checks()["unconfirmed"][0]["player_id"] == 99


def test_stats_for_an_unknown_team_are_refused_without_changing_anything(game):
    before = game.snapshot()

    with pytest.raises(RejectedMessage, match="team 999"):
        game.apply(stats(JANE, 7, "TWO_POINT_MAKE", team_id=999, FGA=1, FG=1, PTS=2))

    assert game.snapshot() == before
    assert game.last_version == 0
    assert game.apply(stats(JANE, 7, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))


def test_rest_totals_set_a_box_score_without_a_play(game):
    changes = game.apply_totals(HOME, JANE, {"FGA": 4, "FG": 3, "PTS": 7, "FTA": 1, "FT": 1}, 12)

    state = game.snapshot()
    assert player_stats(state, "home", JANE)["PTS"] == 7
    assert state["plays"] == []
    assert state["last_version"] == 12
    assert {c.kind for c in changes} == {"stats", "score"}
    assert game.apply_totals(HOME, JANE, {"PTS": 7}, 12) == []


def test_rest_totals_then_the_same_version_from_the_feed_add_only_the_play(game):
    game.apply_totals(HOME, JANE, {"FGA": 1, "FG": 1, "PTS": 2}, 1)

    changes = game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    assert [c.kind for c in changes] == ["play"]
    assert game.snapshot()["score"]["home"] == 2


def test_rest_totals_that_do_not_parse_are_refused(game):
    with pytest.raises(RejectedMessage):
        game.apply_totals(HOME, JANE, {"PTS": -1}, 3)
    with pytest.raises(RejectedMessage):
        game.apply_totals(AWAY + 100, JANE, {"PTS": 2}, 3)

    assert game.snapshot()["score"] == {"home": 0, "away": 0}
