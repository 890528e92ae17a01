"""Latest position per sensor, and the lineup: players seen in the last 4 s of feed time."""

from __future__ import annotations

from broadcast.game.positions import ON_COURT_MS
from tests.broadcast.game.conftest import ANN, JANE, MARY
from tests.broadcast.game.messages import T0, location


def on_court(game) -> set[int]:
    teams = game.snapshot()["teams"]
    return {p["id"] for team in teams for p in team["players"] if p["on_court"]}


def test_the_court_shows_each_sensors_latest_position(game):
    game.apply(location(JANE, T0, x=100, y=200, z=1000))
    game.apply(location(JANE, T0 + 40, x=150, y=210, z=1000))
    game.apply(location(0, T0 + 40, x=5, y=6, z=3000, ball=True))

    positions = game.snapshot()["positions"]

    assert positions == {
        "players": {str(JANE): [150, 210, 1000, T0 + 40]},
        "ball": [5, 6, 3000, T0 + 40],
    }


def test_an_older_position_arriving_late_is_ignored(game):
    game.apply(location(JANE, T0 + 40, x=150))

    assert game.apply(location(JANE, T0, x=100)) == []
    assert game.snapshot()["positions"]["players"][str(JANE)][0] == 150


def test_players_seen_in_the_last_four_seconds_are_on_court(game):
    game.apply(location(JANE, T0))
    game.apply(location(MARY, T0 + 1000))
    game.apply(location(ANN, T0 + 1000 + ON_COURT_MS))

    assert on_court(game) == {MARY, ANN}


def test_a_player_silent_for_four_seconds_leaves_the_lineup(game):
    game.apply(location(JANE, T0))
    assert JANE in on_court(game)

    game.apply(location(MARY, T0 + 3000))
    for t in range(T0 + 5000, T0 + 8000, 200):
        game.apply(location(MARY, t))

    assert on_court(game) == {MARY}


def test_a_hundred_thousand_locations_leave_each_sensors_last_one(game):
    players = [JANE, MARY, ANN]
    for i in range(100_000):
        game.apply(location(players[i % 3], T0 + i * 4, x=i))

    positions = game.snapshot()["positions"]["players"]
    assert positions[str(ANN)][0] == 99_998
    assert positions[str(JANE)][0] == 99_999
    assert on_court(game) == {JANE, MARY, ANN}
