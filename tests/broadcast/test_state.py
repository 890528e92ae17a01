"""Game state for web processes: each process's replay of the log follows the stored rows."""

from __future__ import annotations

import pytest

from broadcast.models import Game, LiveSession
from broadcast.state import forget, game_state
from tests.dashboard.conftest import HAWKS_ROSTER, KNOWN_ROWS, OWLS_ROSTER, store_rows

pytestmark = pytest.mark.django_db


def _game(rows) -> Game:
    game = Game.objects.create(event_id="ev-again", name="Hawks vs Owls",
                               teams=[HAWKS_ROSTER, OWLS_ROSTER])  # fmt: skip
    LiveSession.objects.create(game=game, live_id="live-h1", session_type="GAME_ROUND", period="H1")
    store_rows(game, rows)
    return game


def test_a_game_stored_again_under_its_event_id_is_replayed_afresh():
    forget("ev-again")
    first = _game(KNOWN_ROWS)
    assert game_state(first)[0]["score"] == {"home": 2, "away": 4}

    first.delete()  # its rows go with it; the same event is stored again, from the start
    again = _game(KNOWN_ROWS[:3])  # roster, session, tip-off: no basket yet

    state, seq = game_state(again)
    assert state["score"] == {"home": 0, "away": 0}
    assert seq == 3
    forget("ev-again")
