"""Impossible stats are refused whole: a change its classification cannot make, against
the player's previous version (the spec's classification table); after a gap, accepted."""

from __future__ import annotations

import pytest

from broadcast.game import Game, ImpossibleStats, PlayerInfo, TeamInfo
from broadcast.game.classification import ALLOWED, contradiction
from shottracker.emulator.simulator import EventSimulator, FeedMessage, make_teams
from shottracker.models import CLASSIFICATIONS, parse_feed_message
from tests.broadcast.game.conftest import ANN, AWAY, HOME, JANE
from tests.broadcast.game.messages import T0, stats


def player_stats(game: Game, player_id: int) -> dict:
    return next(
        p["stats"] for t in game.snapshot()["teams"] for p in t["players"] if p["id"] == player_id
    )


def test_a_two_point_make_carrying_fifty_points_is_refused_whole(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    before = game.snapshot()

    with pytest.raises(ImpossibleStats, match="TWO_POINT_MAKE cannot move FG \\+1, FGA \\+1"):
        game.apply(stats(JANE, 2, "TWO_POINT_MAKE", team_id=HOME, FGA=2, FG=2, PTS=52))

    after = game.snapshot()
    assert after["score"] == before["score"] == {"home": 2, "away": 0}
    assert player_stats(game, JANE)["PTS"] == 2
    assert after["plays"] == before["plays"]
    assert after["last_version"] == 1  # its version is still missing: catch-up brings it


def test_the_refusal_is_listed_with_its_reason_and_counted_once(game):
    game.apply(stats(JANE, 1, "STEAL", team_id=HOME, STL=1))
    bad = stats(JANE, 2, "ASSIST", team_id=HOME, AST=1, PTS=50)
    for _ in range(2):  # the same message twice (a duplicate on the feed)
        with pytest.raises(ImpossibleStats):
            game.apply(bad)

    checks = game.checks()
    assert checks["refused_count"] == 1
    (refused,) = checks["refused"]
    assert (refused["player_id"], refused["version"], refused["classification"]) == (
        JANE,
        2,
        "ASSIST",
    )
    assert "PTS +50" in refused["reason"]


def test_the_real_message_of_a_refused_version_still_applies(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    with pytest.raises(ImpossibleStats):
        game.apply(stats(JANE, 2, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=10))

    game.apply(stats(JANE, 2, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=3))

    assert game.snapshot()["score"]["home"] == 3


@pytest.mark.parametrize(
    ("classification", "totals", "refused"),
    [
        ("DELETED_TWO_POINT_MAKE", {"FGA": 0, "FG": 0, "PTS": 0}, False),
        ("DELETED_TWO_POINT_MAKE", {"FGA": 0, "FG": 0, "PTS": 1}, True),  # takes back 1 of 2
        ("UPDATED_TWO_POINT_MAKE_TO_MISS", {"FGA": 1, "FG": 0, "PTS": 0}, False),
        ("UPDATED_TWO_POINT_MAKE_TO_MISS", {"FGA": 0, "FG": 0, "PTS": 0}, True),  # attempt gone
        ("DELETED_THREE_POINT_MAKE", {"FGA": 0, "FG": 0, "PTS": 0}, True),  # it was a two
        ("TURNOVER", {"TO": 1}, False),
        ("TURNOVER", {"TO": 1, "FG": 2}, True),
    ],
)
def test_a_correction_undoes_exactly_what_it_names(game, classification, totals, refused):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    message = stats(JANE, 2, classification, team_id=HOME, **totals)

    if refused:
        with pytest.raises(ImpossibleStats):
            game.apply(message)
        assert player_stats(game, JANE)["PTS"] == 2
    else:
        game.apply(message)
        assert player_stats(game, JANE)["FGA"] == totals.get("FGA", 1)


def test_distance_only_grows(game):
    game.apply(stats(JANE, 1, "DISTANCE", team_id=HOME, DIST=5000))

    with pytest.raises(ImpossibleStats, match="DIST goes back"):
        game.apply(stats(JANE, 2, "DISTANCE", team_id=HOME, DIST=4000))
    game.apply(stats(JANE, 3, "DISTANCE", team_id=HOME, DIST=6000))

    assert player_stats(game, JANE)["DIST"] == 6000


def test_after_a_gap_an_odd_change_is_accepted_for_catch_up_to_settle(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    # Version 2 never came (it may have been Jane's free throws): no grounds to refuse.
    game.apply(stats(JANE, 3, "TWO_POINT_MAKE", team_id=HOME, FGA=3, FG=3, PTS=7))

    assert game.snapshot()["score"]["home"] == 7
    assert game.checks()["refused_count"] == 0


def test_versions_of_other_players_in_between_keep_the_previous_version_known(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply(stats(ANN, 2, "STEAL", team_id=AWAY, STL=1))

    with pytest.raises(ImpossibleStats):
        game.apply(stats(JANE, 3, "THREE_POINT_MAKE", team_id=HOME, FGA=2, FG=2, FGA3=1,
                         FG3=1, PTS=8))  # fmt: skip


def test_rest_totals_after_a_gap_make_the_previous_version_known_again(game):
    game.apply(stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, FGA=1, FG=1, PTS=2))
    game.apply_totals(HOME, JANE, {"FGA": 2, "FG": 2, "PTS": 4}, 5)  # 2..5 missed, then REST

    with pytest.raises(ImpossibleStats):
        game.apply(stats(JANE, 6, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=9))
    game.apply(stats(JANE, 6, "FREE_THROW_MAKE", team_id=HOME, FTA=1, FT=1, PTS=5))

    assert game.snapshot()["score"]["home"] == 5


def test_the_table_covers_every_classification_of_the_spec():
    assert set(ALLOWED) == set(CLASSIFICATIONS)
    assert contradiction("TWO_POINT_MAKE", {}, {"FGA": 1, "FG": 1, "PTS": 2}) is None


def test_a_whole_simulated_game_with_its_corrections_has_nothing_refused():
    simulator = EventSimulator(seed=5, teams=make_teams(5), start_ms=T0, half_minutes=4.0,
                               location_hz=0, correction_rate=0.2)  # fmt: skip
    game = Game(simulator.event_id)
    game.set_teams(
        [
            TeamInfo(t.id, t.name, [PlayerInfo(p.id, "", "", "", None, None) for p in t.players])
            for t in simulator.teams
        ]
    )
    corrections = 0
    for emission in simulator.advance(T0 + 3_600_000):
        if isinstance(emission, FeedMessage) and emission.message["type"] == "stats":
            message = parse_feed_message(emission.message)
            corrections += message.is_correction
            game.apply(message)  # raises on a refusal

    assert corrections >= 10, "too few corrections to prove anything"
    assert game.checks()["refused_count"] == 0
