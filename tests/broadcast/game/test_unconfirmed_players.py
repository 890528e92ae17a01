"""Unknown players are confirmed before they count: held off air until a roster or REST
stats name them, then applied in version order as usual; never confirmed, never counted."""

from __future__ import annotations

from broadcast.game import PlayerInfo, TeamInfo
from tests.broadcast.game.conftest import HOME, JANE
from tests.broadcast.game.messages import T0, shot, stats

NEWCOMER = 77
KIM = PlayerInfo(NEWCOMER, "Kim", "Park", "Kim Park", 23, "forward")


def home_ids(game) -> list[int]:
    return [p["id"] for p in game.snapshot()["home"]["players"]]


def test_a_held_stat_counts_in_no_score_box_score_play_or_chart(game):
    game.apply(stats(NEWCOMER, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2),
               received_ms=T0 + 5)  # fmt: skip
    game.apply(shot(NEWCOMER, team_id=HOME, at=T0, made=True, zone=1))

    state = game.snapshot()
    assert state["score"] == {"home": 0, "away": 0}
    assert NEWCOMER not in home_ids(game)
    assert state["plays"] == [] and state["shots"] == []
    assert state["zones"][str(HOME)]["1"]["fga"] == 0
    (held,) = game.checks()["unconfirmed"]
    assert held == {"player_id": NEWCOMER, "team_id": HOME, "since_ms": T0 + 5, "messages": 2,
                    "versions": [1], "stats": {"FG": 1.0, "FGA": 1.0, "PTS": 2.0}}  # fmt: skip


def test_a_roster_naming_the_player_applies_what_was_held_in_version_order(game, home_team):
    game.apply(stats(NEWCOMER, 4, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=4))
    game.apply(stats(NEWCOMER, 2, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(JANE, 3, "STEAL", team_id=HOME, STL=1))
    game.apply(shot(NEWCOMER, team_id=HOME, at=T0, made=True, zone=1))

    changes = game.set_teams([TeamInfo(HOME, home_team.name, [*home_team.players, KIM])])

    state = game.snapshot()
    assert state["score"]["home"] == 4
    assert [p["version"] for p in state["plays"]] == [4, 3, 2]
    assert state["plays"][0]["description"].startswith("K. Park")
    assert len(state["shots"]) == 1
    assert game.checks()["unconfirmed"] == []
    assert {"roster", "stats", "play", "shot", "score", "checks"} <= {c.kind for c in changes}


def test_rest_stats_listing_the_player_confirm_them(game):
    game.apply(stats(NEWCOMER, 2, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=1))

    game.apply_totals(HOME, NEWCOMER, {"FTA": 1, "FT": 1, "PTS": 1}, 2)

    assert game.snapshot()["score"]["home"] == 1
    assert [p["version"] for p in game.snapshot()["plays"]] == [2]
    assert game.unconfirmed_players == {}


def test_a_held_message_leaves_its_version_to_the_real_one(game):
    # A hostile frame for nobody at version 1, then the real version 1.
    game.apply(stats(NEWCOMER, 1, "THREE_POINT_MAKE", team_id=HOME, FGA=1, FG=1, FGA3=1,
                     FG3=1, PTS=50))  # fmt: skip
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))

    state = game.snapshot()
    assert state["score"]["home"] == 2
    assert state["last_version"] == 1


def test_a_player_never_confirmed_stays_out_and_stays_listed(game, home_team):
    game.apply(stats(NEWCOMER, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(NEWCOMER, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))  # again
    game.set_teams([home_team])  # a roster that still does not list them

    assert game.snapshot()["score"]["home"] == 0
    assert game.unconfirmed_players == {NEWCOMER: HOME}
    assert game.checks()["unconfirmed_messages"] == 1
