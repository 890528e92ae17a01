"""A relay host whose clock is off: its wall clock must not move the game's feed time.

The relay stamps what it stores with its own wall clock (``received_ms``) and the game
model maps wall time to feed time through the offset it learns from feed messages. On a
host 4 minutes ahead (inside the gateway's 5 minutes, so everything else works), the
first catch-up of a game that just started arrives before any feed message.
"""

from __future__ import annotations

from broadcast.game import Game as GameModel
from broadcast.log import apply_row
from tests.dashboard.conftest import HAWKS, HAWKS_ROSTER, OWLS, OWLS_ROSTER, T0

AHEAD_MS = 240_000


def marker(kind: str, at_s: float) -> dict:
    data = {"occurred_at": T0 + int(at_s * 1000), "type": kind}
    if kind == "PLAY_NEXT":
        data["live_id"] = "live-h2"
    return {"type": "marker", "data": data}


def game_totals(period: str, status: str, clock: str) -> dict:
    return {
        "homeTeamScore": {"teamId": str(HAWKS), "value": 0},
        "awayTeamScore": {"teamId": str(OWLS), "value": 0},
        "period": period,
        "gameClock": clock,
        "status": status,
        "periodTotals": [{"sessionId": "live-h1", "period": period}],
    }


def play_a_short_game(wall_ahead_ms: int) -> GameModel:
    """Two halves of under two minutes; the relay's wall clock ``wall_ahead_ms`` ahead."""
    model = GameModel("ev-skew", name="Hawks vs Owls")

    def row(kind: str, payload: dict, live_id: str, at_s: float) -> None:
        apply_row(model, kind, payload, live_id, T0 + wall_ahead_ms + int(at_s * 1000) + 50)

    def session(live_id: str, period: str, at_s: float) -> None:
        payload = {"live_id": live_id, "session_type": "GAME_ROUND", "period": period,
                   "started_at": T0 + int(at_s * 1000)}  # fmt: skip
        row("session", payload, live_id, at_s)

    row("roster", {"teams": [HAWKS_ROSTER, OWLS_ROSTER]}, "live-h1", 0)
    session("live-h1", "H1", 0)
    # The relay attached at tip-off: its first catch-up comes before any feed message.
    row("game_totals", game_totals("H1", "ACTIVE", "00:01:45"), "", 0)
    for kind, at_s in (("LIVE", 2), ("PAUSED", 100), ("END_FIRST_HALF", 105), ("PLAY_NEXT", 105)):
        row("marker", marker(kind, at_s), "live-h1", at_s)
    session("live-h2", "H2", 105)
    for kind, at_s in (("START_SECOND_HALF", 110), ("LIVE", 112), ("PAUSED", 200),
                       ("PLAY_END", 215)):  # fmt: skip
        row("marker", marker(kind, at_s), "live-h2", at_s)
    return model


def test_a_catch_up_on_a_host_four_minutes_ahead_does_not_hold_the_game_back():
    model = play_a_short_game(wall_ahead_ms=AHEAD_MS)
    assert (model.status, model.period) == ("final", "H2")


def test_the_same_game_on_a_host_with_the_right_time_ends():
    model = play_a_short_game(wall_ahead_ms=0)
    assert (model.status, model.period) == ("final", "H2")
