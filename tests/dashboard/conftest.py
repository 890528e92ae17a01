"""Personas of the console's tests: an operator, a coach, and a known game in the log."""

from __future__ import annotations

import pytest

from broadcast.models import FeedEvent, Game, LiveSession
from broadcast.state import forget
from dashboard.coach import movement
from dashboard.roles import COACH, OPERATOR, ensure_role_groups
from shottracker.emulator import Emulator
from tests.dashboard.coach.personas import make_live_game

T0 = 1_700_000_000_000
HAWKS, OWLS = 1, 2
ANN, CY, BO, DEE = 11, 12, 21, 22


def _player(pid: int, first: str, last: str, jersey: int, position: str) -> dict:
    return {
        "id": pid,
        "first_name": first,
        "last_name": last,
        "display_name": f"{first} {last}",
        "jersey_number": jersey,
        "position": position,
    }


HAWKS_ROSTER = {
    "id": HAWKS,
    "name": "Harbor Hawks",
    "players": [_player(ANN, "Ann", "Lee", 4, "guard"), _player(CY, "Cy", "Park", 12, "center")],
}
OWLS_ROSTER = {
    "id": OWLS,
    "name": "Mesa Owls",
    "players": [_player(BO, "Bo", "Kim", 9, "forward"), _player(DEE, "Dee", "Ruiz", 23, "guard")],
}


def stats_row(version: int, player: int, team: int, values: dict, classification: str) -> dict:
    """A stats message as the log stores it (occurred_at follows the version)."""
    return {
        "type": "stats",
        "data": {
            "occurred_at": T0 + version * 1000,
            "team_id": team,
            "player_id": player,
            "stats": values,
            "classification": classification,
            "version": version,
        },
    }


def shot_row(version: int, player: int, team: int, make: bool, three: bool, zone: int,
             x: int, y: int, status: str = "RECORDED") -> dict:  # fmt: skip
    """A shot at the time of stats ``version`` (its identity: player and time)."""
    return {
        "type": "shot",
        "data": {
            "occurred_at": T0 + version * 1000,
            "team_id": team,
            "player_id": player,
            "is_make": make,
            "is_3point": three,
            "zone": zone,
            "hoop_player_x": x,
            "hoop_player_y": y,
            "status": status,
        },
    }


# The known game, row by row: (kind, payload, live id). Expected at the end:
# Hawks 2 - Owls 4. Ann Lee: 2 PTS, FG 1-2, 3P 0-1, 1.23 km. Cy Park: 1 AST, 1 STL,
# 1 REB (offensive). Bo Kim: 3 PTS, FG 1-2, 3P 1-1, 1 TO, 456 m. Dee Ruiz: 1 PTS, FT 1-2,
# 1 REB (defensive). Ann's second basket (v10) was deleted by a correction (v11).
KNOWN_ROWS = [
    ("roster", {"teams": [HAWKS_ROSTER, OWLS_ROSTER]}, "live-h1"),
    (
        "session",
        {"live_id": "live-h1", "session_type": "GAME_ROUND", "period": "H1", "started_at": T0},
        "live-h1",
    ),
    ("marker", {"type": "marker", "data": {"occurred_at": T0, "type": "PLAY_START"}}, "live-h1"),
    ("stats", stats_row(1, ANN, HAWKS, {"FGA": 1, "FG": 1, "PTS": 2}, "TWO_POINT_MAKE"), "live-h1"),
    ("shot", shot_row(1, ANN, HAWKS, True, False, 1, 100, 300), "live-h1"),
    (
        "stats",
        stats_row(
            2, BO, OWLS, {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3}, "THREE_POINT_MAKE"
        ),
        "live-h1",
    ),
    ("shot", shot_row(2, BO, OWLS, True, True, 12, 0, 7500), "live-h1"),
    ("stats", stats_row(3, CY, HAWKS, {"AST": 1}, "ASSIST"), "live-h1"),
    ("stats", stats_row(4, ANN, HAWKS, {"FGA": 2, "FGA3": 1}, "THREE_POINT_MISS"), "live-h1"),
    ("shot", shot_row(4, ANN, HAWKS, False, True, 10, 7000, 100), "live-h1"),
    (
        "stats",
        stats_row(5, DEE, OWLS, {"REB": 1, "DEFENSIVE_REB": 1}, "DEFENSIVE_REBOUND"),
        "live-h1",
    ),
    ("stats", stats_row(6, DEE, OWLS, {"FTA": 1, "FT": 1, "PTS": 1}, "FREE_THROW_MAKE"), "live-h1"),
    ("stats", stats_row(7, DEE, OWLS, {"FTA": 2}, "FREE_THROW_MISS"), "live-h1"),
    ("stats", stats_row(8, BO, OWLS, {"TO": 1}, "TURNOVER"), "live-h1"),
    ("stats", stats_row(9, CY, HAWKS, {"STL": 1}, "STEAL"), "live-h1"),
    (
        "stats",
        stats_row(10, ANN, HAWKS, {"FGA": 3, "FG": 2, "PTS": 4}, "TWO_POINT_MAKE"),
        "live-h1",
    ),
    ("shot", shot_row(10, ANN, HAWKS, True, False, 1, -200, 500), "live-h1"),
    (
        "stats",
        stats_row(11, ANN, HAWKS, {"FGA": 2, "FG": 1, "PTS": 2}, "DELETED_TWO_POINT_MAKE"),
        "live-h1",
    ),
    ("shot", shot_row(10, ANN, HAWKS, True, False, 1, -200, 500, "DELETED"), "live-h1"),
    (
        "stats",
        stats_row(12, CY, HAWKS, {"REB": 1, "OFFENSIVE_REB": 1}, "OFFENSIVE_REBOUND"),
        "live-h1",
    ),
    ("stats", stats_row(13, ANN, HAWKS, {"DIST": 123456}, "DISTANCE"), "live-h1"),
    ("stats", stats_row(14, BO, OWLS, {"DIST": 45600}, "DISTANCE"), "live-h1"),
    (
        "session",
        {
            "live_id": "live-h2",
            "session_type": "GAME_ROUND",
            "period": "H2",
            "started_at": T0 + 14_500,
        },
        "live-h2",
    ),
    ("stats", stats_row(15, BO, OWLS, {"FGA": 2}, "TWO_POINT_MISS"), "live-h2"),
    ("shot", shot_row(15, BO, OWLS, False, False, 7, 0, 5200), "live-h2"),
]


def store_rows(game: Game, rows: list[tuple[str, dict, str]], *, first_seq: int = 1) -> int:
    """Store rows as the relay does, each numbered; the last seq used."""
    seq = first_seq - 1
    for kind, payload, live_id in rows:
        seq += 1
        FeedEvent.objects.create(
            game=game, live_id=live_id, kind=kind, received_ms=T0, payload=payload, seq=seq
        )
    return seq


@pytest.fixture
def known_game(db):
    """A finished first half and the start of a second, with a correction in between."""
    game = Game.objects.create(
        event_id="ev-known",
        name="Hawks vs Owls",
        status=Game.Status.LIVE,
        teams=[HAWKS_ROSTER, OWLS_ROSTER],
        health={"connected": True, "reconnects": 2, "version_gaps": 0, "last_version": 15},
    )
    LiveSession.objects.create(game=game, live_id="live-h1", session_type="GAME_ROUND", period="H1")
    LiveSession.objects.create(game=game, live_id="live-h2", session_type="GAME_ROUND", period="H2")
    store_rows(game, KNOWN_ROWS)
    forget(game.event_id)
    yield game
    forget(game.event_id)


@pytest.fixture
def live_game(db):
    """Hawks vs Owls in the first half, players moving (tests/dashboard/coach/personas.py)."""
    game = make_live_game()
    forget(game.event_id)
    movement.forget(game.event_id)
    yield game
    forget(game.event_id)
    movement.forget(game.event_id)


@pytest.fixture
def operator(django_user_model):
    ensure_role_groups()
    user = django_user_model.objects.create_user("olivia", password="pw-olivia-123")
    user.groups.add(*user.groups.model.objects.filter(name=OPERATOR))
    return user


@pytest.fixture
def coach(django_user_model):
    ensure_role_groups()
    user = django_user_model.objects.create_user("carl", password="pw-carl-123")
    user.groups.add(*user.groups.model.objects.filter(name=COACH))
    return user


@pytest.fixture
def operator_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def operator_async_client(async_client, client, operator):
    client.force_login(operator)
    async_client.cookies = client.cookies
    return async_client


@pytest.fixture
async def emulator(settings):
    """The ShotTracker emulator on free ports; the console's own API calls go to it."""
    async with Emulator(port=0, ws_port=0, seed=11, games=1) as emu:
        settings.SHOTTRACKER_API_URL = emu.api_url
        yield emu
