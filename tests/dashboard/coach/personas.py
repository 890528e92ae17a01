"""Known data for the coach view tests: two rosters, a live game's log and a practice's log."""

from __future__ import annotations

import time
from typing import Any

from broadcast.models import FeedEvent, Game, LiveSession

# Feed time of the tip-off and of the practice's first drill: a few minutes ago, so the clock
# and the drill timers read as they would during the event.
NOW_S = int(time.time())
T0 = (NOW_S - 5 * 60) * 1000
P0 = (NOW_S - 15 * 60) * 1000
HAWKS, OWLS = 461, 462
ANN, BEA, CAT = 11, 12, 13  # Hawks
DOT = 21  # Owls


def _player(pid: int, first: str, last: str, jersey: int) -> dict[str, Any]:
    return {
        "id": pid,
        "first_name": first,
        "last_name": last,
        "display_name": f"{first} {last}",
        "jersey_number": jersey,
        "position": "guard",
    }


HAWKS_ROSTER = {
    "id": HAWKS,
    "name": "Harbor Hawks",
    "players": [
        _player(ANN, "Ann", "Lee", 4),
        _player(BEA, "Bea", "Cruz", 10),
        _player(CAT, "Cat", "Diaz", 23),
    ],
}
OWLS_ROSTER = {"id": OWLS, "name": "Mesa Owls", "players": [_player(DOT, "Dot", "Kim", 9)]}


def stats(version: int, team: int, player: int, at: int, classification: str, **totals: float):
    return {
        "type": "stats",
        "data": {
            "occurred_at": at,
            "team_id": team,
            "player_id": player,
            "stats": totals,
            "classification": classification,
            "version": version,
        },
    }


def shot(
    team: int,
    player: int,
    at: int,
    *,
    made: bool,
    zone: int,
    x: int,
    y: int,
    three: bool = False,
    status: str = "RECORDED",
):
    return {
        "type": "shot",
        "data": {
            "occurred_at": at,
            "team_id": team,
            "player_id": player,
            "is_make": made,
            "is_3point": three,
            "zone": zone,
            "hoop_player_x": x,
            "hoop_player_y": y,
            "status": status,
        },
    }


def marker(kind: str, at: int, live_id: str | None = None):
    data: dict[str, Any] = {"occurred_at": at, "type": kind}
    if live_id:
        data["live_id"] = live_id
    return {"type": "marker", "data": data}


def locations(samples: list[tuple[int, int, int, int]]) -> dict[str, Any]:
    """A stored one-second batch: (player id, x, y, t) samples in the court frame."""
    return {
        "messages": [
            {"occurred_at": t, "type": "PLAYER", "id": pid, "x": x, "y": y, "z": 1000}
            for pid, x, y, t in samples
        ]
    }


def write_log(game: Game, rows: list[tuple[str, str, dict]]) -> None:
    """Store rows as the relay does: each feed row with the next seq, locations without one."""
    seq = 0
    for kind, live_id, payload in rows:
        if kind == "locations":
            received = payload["messages"][0]["occurred_at"] + 1000
            FeedEvent.objects.create(
                game=game, live_id="", kind=kind, received_ms=received, payload=payload, seq=None
            )
            continue
        seq += 1
        data = payload.get("data") or {}
        received = data.get("occurred_at", payload.get("started_at", T0)) + 50
        FeedEvent.objects.create(
            game=game, live_id=live_id, kind=kind, received_ms=received, payload=payload, seq=seq
        )


def make_live_game() -> Game:
    """Hawks vs Owls in the first half: Ann and Bea on court, Ann 2 of 3 (a make in zone 1)."""
    game = Game.objects.create(
        event_id="game-1",
        name="Hawks vs Owls",
        kind="game",
        status=Game.Status.LIVE,
        teams=[HAWKS_ROSTER, OWLS_ROSTER],
    )
    LiveSession.objects.create(game=game, live_id="h1", session_type="GAME_ROUND", period="H1")
    # Ann runs 4 m east in one second (4 m/s); Bea stands still near the west hoop.
    ann = [(ANN, -2000 + 160 * i, 1000, T0 + 1000 + 40 * i) for i in range(26)]
    bea = [(BEA, -11000, 0, T0 + 1000 + 40 * i) for i in range(26)]
    rows = [
        ("roster", "h1", {"teams": [HAWKS_ROSTER, OWLS_ROSTER]}),
        (
            "session",
            "h1",
            {"live_id": "h1", "session_type": "GAME_ROUND", "period": "H1", "started_at": T0},
        ),
        ("marker", "h1", marker("PLAY_START", T0)),
        ("marker", "h1", marker("LIVE", T0)),
        ("stats", "h1", stats(1, HAWKS, ANN, T0 + 500, "TWO_POINT_MAKE", FGA=1, FG=1, PTS=2)),
        ("shot", "h1", shot(HAWKS, ANN, T0 + 500, made=True, zone=1, x=100, y=300)),
        ("stats", "h1", stats(2, HAWKS, ANN, T0 + 700, "THREE_POINT_MISS", FGA=2, FGA3=1)),
        ("shot", "h1", shot(HAWKS, ANN, T0 + 700, made=False, zone=12, three=True, x=0, y=7500)),
        (
            "stats",
            "h1",
            stats(
                3, HAWKS, ANN, T0 + 900, "TWO_POINT_MAKE", FGA=3, FG=2, PTS=4, FGA3=1, DIST=41000
            ),
        ),
        ("shot", "h1", shot(HAWKS, ANN, T0 + 900, made=True, zone=1, x=-200, y=400)),
        (
            "stats",
            "h1",
            stats(4, OWLS, DOT, T0 + 950, "THREE_POINT_MAKE", FGA=1, FG=1, FGA3=1, FG3=1, PTS=3),
        ),
        ("shot", "h1", shot(OWLS, DOT, T0 + 950, made=True, zone=11, three=True, x=5000, y=5000)),
        ("locations", "", locations(ann + bea)),
    ]
    write_log(game, rows)
    return game


def make_practice() -> Game:
    """A Hawks practice: a shooting drill (ended), then a scrimmage running now."""
    game = Game.objects.create(
        event_id="practice-1",
        name="Tuesday practice",
        kind="practice",
        status=Game.Status.LIVE,
        teams=[HAWKS_ROSTER],
    )
    d1, d2 = P0, P0 + 600_000
    rows = [
        ("roster", "d1", {"teams": [HAWKS_ROSTER]}),
        (
            "session",
            "d1",
            {"live_id": "d1", "session_type": "SHOOTING", "period": "D1", "started_at": d1},
        ),
        ("marker", "d1", marker("DRILL_START", d1)),
        # Shooting: Ann 2 of 2 from the corner, Bea 1 of 3 at the rim.
        (
            "stats",
            "d1",
            stats(
                1, HAWKS, ANN, d1 + 10_000, "THREE_POINT_MAKE", FGA=1, FG=1, FGA3=1, FG3=1, PTS=3
            ),
        ),
        ("shot", "d1", shot(HAWKS, ANN, d1 + 10_000, made=True, zone=10, three=True, x=6800, y=0)),
        (
            "stats",
            "d1",
            stats(
                2, HAWKS, ANN, d1 + 20_000, "THREE_POINT_MAKE", FGA=2, FG=2, FGA3=2, FG3=2, PTS=6
            ),
        ),
        (
            "shot",
            "d1",
            shot(HAWKS, ANN, d1 + 20_000, made=True, zone=10, three=True, x=6800, y=100),
        ),
        ("stats", "d1", stats(3, HAWKS, BEA, d1 + 30_000, "TWO_POINT_MISS", FGA=1)),
        ("shot", "d1", shot(HAWKS, BEA, d1 + 30_000, made=False, zone=1, x=0, y=300)),
        ("stats", "d1", stats(4, HAWKS, BEA, d1 + 40_000, "TWO_POINT_MISS", FGA=2)),
        ("shot", "d1", shot(HAWKS, BEA, d1 + 40_000, made=False, zone=1, x=100, y=300)),
        ("stats", "d1", stats(5, HAWKS, BEA, d1 + 50_000, "TWO_POINT_MAKE", FGA=3, FG=1, PTS=2)),
        ("shot", "d1", shot(HAWKS, BEA, d1 + 50_000, made=True, zone=1, x=-100, y=300)),
        ("marker", "d1", marker("DRILL_END", d1 + 300_000)),
        ("marker", "d1", marker("DRILL_NEXT", d1 + 300_001, "d2")),
        (
            "session",
            "d2",
            {"live_id": "d2", "session_type": "SCRIMMAGE", "period": "D2", "started_at": d2},
        ),
        ("marker", "d2", marker("DRILL_START", d2)),
        # Scrimmage: Bea scores 2, Cat grabs a rebound; Ann's totals go on from the drill before.
        ("stats", "d2", stats(6, HAWKS, BEA, d2 + 5_000, "TWO_POINT_MAKE", FGA=4, FG=2, PTS=4)),
        ("shot", "d2", shot(HAWKS, BEA, d2 + 5_000, made=True, zone=3, x=0, y=2500)),
        ("stats", "d2", stats(7, HAWKS, CAT, d2 + 6_000, "REBOUND", REB=1)),
        ("stats", "d2", stats(8, HAWKS, ANN, d2 + 7_000, "ASSIST", AST=1)),
    ]
    write_log(game, rows)
    return game
