"""The console's instant replay: the movement JSON an operator's court plays back."""

from __future__ import annotations

import pytest

from broadcast.models import FeedEvent
from tests.dashboard.conftest import T0

pytestmark = pytest.mark.django_db


def _positions(game, seconds: int = 6) -> None:
    for second in range(seconds):
        messages = [
            {"occurred_at": T0 + second * 1000 + step * 40, "type": "PLAYER", "id": 11,
             "x": second * 1000 + step * 40, "y": 0, "z": 0}
            for step in range(25)
        ]  # fmt: skip
        FeedEvent.objects.create(
            game=game, kind=FeedEvent.Kind.LOCATIONS, received_ms=T0 + second * 1000,
            payload={"messages": messages},
        )  # fmt: skip


def test_an_operator_gets_the_last_seconds_of_movement_as_frames(operator_client, known_game):
    _positions(known_game)
    response = operator_client.get(f"/games/{known_game.event_id}/replay?of=now&seconds=3")

    assert response.status_code == 200
    frames = response.json()["frames"]
    assert len(frames) >= 70
    assert frames[-1]["players"]["11"] == [5960, 0, 0]


def test_a_replay_of_the_last_shot_names_the_shot(operator_client, known_game):
    _positions(known_game)
    data = operator_client.get(f"/games/{known_game.event_id}/replay?of=shot&seconds=8").json()

    # The known game's last shot that counts: Bo Kim's miss in the second half (v15).
    assert (data["shot"]["player_id"], data["shot"]["is_make"]) == (21, False)


@pytest.mark.parametrize("query", ["seconds=99", "seconds=two", "of=yesterday"])
def test_a_replay_it_cannot_make_is_a_clear_400(operator_client, known_game, query):
    response = operator_client.get(f"/games/{known_game.event_id}/replay?{query}")

    assert response.status_code == 400
    assert response.json()["error"]
