"""Personas: two teams with named players, a game between them, a practice."""

from __future__ import annotations

import pytest

from broadcast.game import Game, PlayerInfo, TeamInfo
from tests.broadcast.game.messages import T0

HOME, AWAY = 461, 462
JANE, MARY, SUE = 11, 12, 13  # home
ANN, BEA = 21, 22  # away
H1_LIVE_ID, H2_LIVE_ID = "half-1", "half-2"


def player(pid: int, first: str, last: str, jersey: int) -> PlayerInfo:
    return PlayerInfo(pid, first, last, f"{first} {last}", jersey, "guard")


@pytest.fixture
def home_team() -> TeamInfo:
    return TeamInfo(HOME, "Harbor Hawks", [
        player(JANE, "Jane", "Doe", 1), player(MARY, "Mary", "Major", 2),
        player(SUE, "Sue", "Bird", 10)])  # fmt: skip


@pytest.fixture
def away_team() -> TeamInfo:
    return TeamInfo(
        AWAY, "Valley Vipers", [player(ANN, "Ann", "Lee", 5), player(BEA, "Bea", "Cruz", 7)]
    )


@pytest.fixture
def game(home_team, away_team) -> Game:
    """A game in its first half: rosters known, the H1 session attached, tipped off."""
    game = Game("event-1", name="Hawks vs Vipers")
    game.set_teams([home_team, away_team])
    game.attach_session(H1_LIVE_ID, session_type="GAME_ROUND", period="H1", started_at=T0 - 60_000)
    return game


@pytest.fixture
def practice(home_team) -> Game:
    game = Game("practice-1", kind="practice", name="Tuesday practice")
    game.set_teams([home_team])
    return game
