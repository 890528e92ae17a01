"""Play-by-play: every stats message once, in words, with the player's totals after it."""

from __future__ import annotations

import pytest

from broadcast.game import PlayerInfo, TeamInfo
from shottracker.models import CORRECTIONS
from tests.broadcast.game.conftest import ANN, AWAY, H1_LIVE_ID, HOME, JANE
from tests.broadcast.game.messages import T0, stats

# The player's totals after each original event, from zero.
AFTER = {
    "FREE_THROW_MAKE": {"FTA": 1, "FT": 1, "PTS": 1},
    "FREE_THROW_MISS": {"FTA": 1},
    "TWO_POINT_MAKE": {"FGA": 1, "FG": 1, "PTS": 2},
    "TWO_POINT_MISS": {"FGA": 1},
    "THREE_POINT_MAKE": {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3},
    "THREE_POINT_MISS": {"FGA": 1, "FGA3": 1},
    "ASSIST": {"AST": 1},
    "TURNOVER": {"TO": 1},
    "STEAL": {"STL": 1},
    "REBOUND": {"REB": 1},
    "OFFENSIVE_REBOUND": {"REB": 1, "OFFENSIVE_REB": 1},
    "DEFENSIVE_REBOUND": {"REB": 1, "DEFENSIVE_REB": 1},
}


def correction_case(correction: str) -> tuple[str, dict, dict]:
    """(original classification, totals after it, corrected totals) for a correction."""
    if correction.startswith("DELETED_"):
        original = correction.removeprefix("DELETED_")
        return original, AFTER[original], dict.fromkeys(AFTER[original], 0)
    shot, _, change = correction.removeprefix("UPDATED_").rpartition("_TO_")
    shot, was = shot.rsplit("_", 1)
    original, corrected = f"{shot}_{was}", f"{shot}_{change}"
    return original, AFTER[original], {**dict.fromkeys(AFTER[original], 0), **AFTER[corrected]}


@pytest.mark.parametrize("correction", sorted(CORRECTIONS))
def test_every_correction_is_a_correction_play_with_the_corrected_totals(game, correction):
    original, before, corrected = correction_case(correction)
    game.apply(stats(JANE, 1, original, team_id=HOME, **before))

    changes = game.apply(stats(JANE, 2, correction, team_id=HOME, at=T0 + 9000, **corrected))

    state = game.snapshot()
    play = state["plays"][0]
    assert (play["classification"], play["is_correction"]) == (correction, True)
    assert play["description"].startswith("Correction: ")
    assert "J. Doe" in play["description"]
    jane = next(p for p in state["home"]["players"] if p["id"] == JANE)
    assert {key: jane["stats"][key] for key in corrected} == corrected
    assert state["score"]["home"] == corrected.get("PTS", before.get("PTS", 0))
    assert any(c.kind == "play" and c.data["version"] == 2 for c in changes)


def test_a_play_says_who_did_what_when_and_in_which_session(game):
    made_three = AFTER["THREE_POINT_MAKE"]
    game.apply(stats(ANN, 7, "THREE_POINT_MAKE", team_id=AWAY, at=T0 + 1234, **made_three))

    play = game.snapshot()["plays"][0]
    assert play["description"] == "A. Lee makes a 3-pointer"
    who_when = (play["version"], play["occurred_at"], play["team_id"], play["player_id"])
    assert who_when == (7, T0 + 1234, AWAY, ANN)
    assert (play["period"], play["live_id"], play["is_correction"]) == ("H1", H1_LIVE_ID, False)
    assert play["stats"]["PTS"] == 3


@pytest.mark.parametrize(
    ("classification", "description"),
    [
        ("TWO_POINT_MISS", "J. Doe misses a two-pointer"),
        ("FREE_THROW_MAKE", "J. Doe makes a free throw"),
        ("ASSIST", "J. Doe assists"),
        ("DEFENSIVE_REBOUND", "J. Doe grabs a defensive rebound"),
        ("DELETED_TWO_POINT_MAKE", "Correction: deleted made two-pointer by J. Doe"),
        (
            "UPDATED_THREE_POINT_MAKE_TO_MISS",
            "Correction: 3-pointer by J. Doe changed from make to miss",
        ),
    ],
)
def test_plays_read_as_sentences(game, classification, description):
    game.apply(stats(JANE, 1, classification, team_id=HOME))

    assert game.snapshot()["plays"][0]["description"] == description


def test_plays_are_listed_newest_first(game):
    for version, classification in enumerate(["STEAL", "ASSIST", "TURNOVER"], start=1):
        game.apply(stats(JANE, version, classification, team_id=HOME, at=T0 + version))

    assert [p["version"] for p in game.snapshot()["plays"]] == [3, 2, 1]


def test_a_player_confirmed_by_rest_stats_before_any_roster_is_named_later(game, home_team):
    game.apply_totals(HOME, 99, {"STL": 1}, 1)
    game.apply(stats(99, 2, "STEAL", team_id=HOME, STL=2))
    assert game.snapshot()["plays"][0]["description"] == "Player 99 steals the ball"

    late = PlayerInfo(99, "Kim", "Park", "Kim Park", 23, None)
    game.set_teams([TeamInfo(HOME, home_team.name, [*home_team.players, late])])

    assert game.snapshot()["plays"][0]["description"] == "K. Park steals the ball"


def test_a_catch_up_play_keeps_the_period_it_states(game):
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1), live_id="old-half", period="H2")

    play = game.snapshot()["plays"][0]
    assert (play["period"], play["live_id"]) == ("H2", "old-half")
