"""Out-of-order delivery ends in the same state as in-order delivery."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from broadcast.game import Game, PlayerInfo, RejectedMessage, TeamInfo
from tests.broadcast.game.conftest import ANN, AWAY, BEA, HOME, JANE, MARY
from tests.broadcast.game.messages import T0, location, marker, shot, stats

TEAMS = [
    TeamInfo(HOME, "Harbor Hawks", [PlayerInfo(JANE, "Jane", "Doe", "Jane Doe", 1, None),
                                    PlayerInfo(MARY, "Mary", "Major", "Mary Major", 2, None)]),
    TeamInfo(AWAY, "Valley Vipers", [PlayerInfo(ANN, "Ann", "Lee", "Ann Lee", 5, None)]),
]  # fmt: skip

# A stretch of a first half, in the order it happened: versions 1..12 (one missing: 9),
# a correction, a distance update, two players the roster does not know (held, counted
# nowhere), a shot corrected twice, positions, and the markers that drive the clock.
IN_ORDER = [
    marker("PLAY_START", T0),
    marker("LIVE", T0 + 100),
    location(JANE, T0 + 200, x=10, y=20, z=1000),
    stats(JANE, 1, "TWO_POINT_MAKE", team_id=HOME, at=T0 + 1000, FGA=1, FG=1, PTS=2),
    shot(JANE, team_id=HOME, at=T0 + 1000, made=True, zone=4),
    stats(ANN, 2, "DEFENSIVE_REBOUND", team_id=AWAY, at=T0 + 2000, REB=1, DEFENSIVE_REB=1),
    stats(MARY, 3, "ASSIST", team_id=HOME, at=T0 + 2500, AST=1),
    stats(ANN, 4, "THREE_POINT_MISS", team_id=AWAY, at=T0 + 3000, FGA=1, FGA3=1),
    shot(ANN, team_id=AWAY, at=T0 + 3000, made=False, zone=11, three=True),
    location(ANN, T0 + 3100, x=-300, y=7000, z=1000),
    marker("FOUL", T0 + 4000),
    stats(ANN, 5, "UPDATED_THREE_POINT_MISS_TO_MAKE", team_id=AWAY, at=T0 + 4100, FG=1, FG3=1,
          PTS=3),
    shot(ANN, team_id=AWAY, at=T0 + 3000, made=True, zone=11, three=True, status="UPDATED"),
    stats(JANE, 6, "DISTANCE", team_id=HOME, at=T0 + 4200, DIST=2500),
    marker("LIVE", T0 + 5000),
    stats(BEA, 7, "STEAL", team_id=AWAY, at=T0 + 6000, STL=1),
    stats(JANE, 8, "TURNOVER", team_id=HOME, at=T0 + 6000, TO=1),
    shot(JANE, team_id=HOME, at=T0 + 7000, made=True, zone=1),
    stats(JANE, 10, "TWO_POINT_MAKE", team_id=HOME, at=T0 + 7000, FGA=2, FG=2, PTS=4),
    shot(JANE, team_id=HOME, at=T0 + 7000, made=True, zone=1, status="DELETED"),
    stats(JANE, 11, "DELETED_TWO_POINT_MAKE", team_id=HOME, at=T0 + 7500, FGA=1, FG=1, PTS=2),
    stats(99, 12, "FREE_THROW_MAKE", team_id=HOME, at=T0 + 8000, FTA=1, FT=1, PTS=1),
    location(0, T0 + 8100, x=1, y=2, z=3000, ball=True),
    location(JANE, T0 + 8200, x=11, y=21, z=1000),
    marker("PAUSED", T0 + 9000),
]  # fmt: skip


def final_state(messages) -> dict:
    game = Game("event-order", name="order")
    game.set_teams(TEAMS)
    game.attach_session("half-1", session_type="GAME_ROUND", period="H1", started_at=T0 - 1000)
    for message in messages:
        game.apply(message)
    held = [u["player_id"] for u in game.checks()["unconfirmed"]]
    return {**game.snapshot(now_ms=T0 + 9500), "held": held}


def test_in_order_delivery_gives_the_expected_game():
    state = final_state(IN_ORDER)

    assert state["score"] == {"home": 2, "away": 3}
    # 9 never came; 7 and 12 are held for Bea and player 99, whom no roster lists.
    assert (state["last_version"], state["version_gaps"]) == (11, 2)
    assert len(state["plays"]) == 8  # every applied stats message but DISTANCE
    assert state["held"] == [BEA, 99]
    assert state["clock"]["elapsed_ms"] == (4000 - 100) + (9000 - 5000)
    assert state["zones"][str(HOME)]["1"]["fga"] == 0
    assert state["zones"][str(AWAY)]["11"] == {"fga": 1, "fg": 1, "pct": 100.0}
    json.dumps(state)


@settings(max_examples=300, deadline=None, database=None)
@given(st.permutations(IN_ORDER))
def test_any_arrival_order_ends_in_the_same_state(messages):
    assert final_state(messages) == final_state(IN_ORDER)


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.sampled_from(IN_ORDER), min_size=1, max_size=60))
def test_duplicates_and_replays_end_as_if_each_message_came_once(messages):
    once = [m for m in IN_ORDER if m in messages]

    replayed = final_state(messages)
    expected = final_state(once)

    # A shot is the one thing a replay can move back: an old RECORDED after its UPDATED is
    # ignored either way, so the states match.
    assert replayed == expected


def test_a_refused_message_in_the_stream_leaves_the_rest_applied():
    game = Game("event-order")
    game.set_teams(TEAMS)
    applied = 0
    for message in [*IN_ORDER[:4], stats(JANE, 13, "STEAL", team_id=999, STL=1), *IN_ORDER[4:]]:
        try:
            game.apply(message)
            applied += 1
        except RejectedMessage:
            pass

    assert applied == len(IN_ORDER)
    assert game.snapshot()["score"] == {"home": 2, "away": 3}
