"""Shots by identity, their corrections, and the shot chart by zone."""

from __future__ import annotations

import pytest

from broadcast.game import RejectedMessage
from tests.broadcast.game.conftest import ANN, AWAY, HOME, JANE, MARY
from tests.broadcast.game.messages import T0, marker, shot


def zone(game, team_id: int, zone_id: int, **filters) -> dict:
    return game.zones(team_id, **filters)[str(zone_id)]


def test_a_shot_is_listed_with_its_zone_make_and_place(game):
    changes = game.apply(
        shot(JANE, team_id=HOME, at=T0, made=True, zone=11, three=True, x=-40, y=6700)
    )

    listed = game.snapshot()["shots"]
    assert listed == [{
        "id": f"{JANE}:{T0}", "team_id": HOME, "player_id": JANE, "occurred_at": T0,
        "is_make": True, "is_3point": True, "zone": 11, "x": -40, "y": 6700,
        "status": "RECORDED", "period": "H1", "live_id": "half-1"}]  # fmt: skip
    assert changes[0].data["shot"] == listed[0]
    assert changes[0].data["zones"][str(HOME)]["11"] == {"fga": 1, "fg": 1, "pct": 100.0}


def test_the_chart_counts_attempts_and_makes_per_team_and_zone(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=1))
    game.apply(shot(MARY, team_id=HOME, at=T0 + 1, made=False, zone=1))
    game.apply(shot(MARY, team_id=HOME, at=T0 + 2, made=False, zone=1))
    game.apply(shot(ANN, team_id=AWAY, at=T0 + 3, made=True, zone=1))

    zones = game.snapshot()["zones"]
    assert zones[str(HOME)]["1"] == {"fga": 3, "fg": 1, "pct": 33.3}
    assert zones[str(AWAY)]["1"] == {"fga": 1, "fg": 1, "pct": 100.0}
    assert zones[str(HOME)]["5"] == {"fga": 0, "fg": 0, "pct": None}
    assert sorted(zones[str(HOME)], key=int) == [str(z) for z in range(1, 15)]


def test_the_chart_filters_by_player_and_period(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=3))
    game.apply(shot(MARY, team_id=HOME, at=T0 + 1, made=False, zone=3))
    game.apply(marker("END_FIRST_HALF", T0 + 10))
    game.attach_session("half-2", session_type="GAME_ROUND", period="H2", started_at=T0 + 20)
    game.apply(shot(JANE, team_id=HOME, at=T0 + 30, made=False, zone=3))

    assert zone(game, HOME, 3) == {"fga": 3, "fg": 1, "pct": 33.3}
    assert zone(game, HOME, 3, player_id=JANE) == {"fga": 2, "fg": 1, "pct": 50.0}
    assert zone(game, HOME, 3, period="H1") == {"fga": 2, "fg": 1, "pct": 50.0}
    assert zone(game, HOME, 3, player_id=JANE, period="H2") == {"fga": 1, "fg": 0, "pct": 0.0}


def test_a_deleted_shot_leaves_the_chart_but_stays_listed(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=7))

    changes = game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=7, status="DELETED"))

    assert zone(game, HOME, 7) == {"fga": 0, "fg": 0, "pct": None}
    assert [s["status"] for s in game.snapshot()["shots"]] == ["DELETED"]
    assert changes[0].data["zones"][str(HOME)]["7"]["fga"] == 0


def test_an_updated_shot_changes_its_make_in_the_chart(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=12, three=True))

    game.apply(shot(JANE, team_id=HOME, at=T0, made=False, zone=12, three=True, status="UPDATED"))

    assert zone(game, HOME, 12) == {"fga": 1, "fg": 0, "pct": 0.0}
    assert len(game.snapshot()["shots"]) == 1


def test_a_recorded_shot_arriving_after_its_correction_changes_nothing(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2, status="DELETED"))

    assert game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2)) == []
    assert zone(game, HOME, 2)["fga"] == 0


def test_a_repeated_shot_changes_nothing(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2))

    assert game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2)) == []


def test_a_shot_keeps_the_period_it_happened_in_when_corrected_later(game):
    game.apply(shot(JANE, team_id=HOME, at=T0, made=True, zone=2))
    game.apply(marker("END_FIRST_HALF", T0 + 10))
    game.attach_session("half-2", session_type="GAME_ROUND", period="H2", started_at=T0 + 20)

    game.apply(shot(JANE, team_id=HOME, at=T0, made=False, zone=2, status="UPDATED"))

    assert game.snapshot()["shots"][0]["period"] == "H1"


def test_shots_are_listed_in_the_order_they_happened(game):
    game.apply(shot(MARY, team_id=HOME, at=T0 + 50, made=True, zone=2))
    game.apply(shot(JANE, team_id=HOME, at=T0 + 10, made=True, zone=2))

    assert [s["player_id"] for s in game.snapshot()["shots"]] == [JANE, MARY]


def test_a_shot_of_an_unknown_team_is_refused(game):
    with pytest.raises(RejectedMessage):
        game.apply(shot(JANE, team_id=999, at=T0, made=True, zone=2))

    assert game.snapshot()["shots"] == []
