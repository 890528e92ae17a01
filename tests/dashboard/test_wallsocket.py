"""The wall's socket through the real ASGI app: operators get every game's tile, others nothing."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from broadcast.models import FeedEvent, Game
from courtside.asgi import application
from tests.dashboard.test_consumers import ORIGIN, cookie_of

pytestmark = pytest.mark.django_db(transaction=True)


def make_games() -> None:
    now = int(time.time() * 1000)
    teams = [{"id": 1, "name": "Hawks", "score": 30}, {"id": 2, "name": "Owls", "score": 28}]
    live = Game.objects.create(
        event_id="ev-live", name="Hawks vs Owls", status="live",
        summary={"period": "H1", "play_state": "LIVE", "teams": teams},
        health={"connected": True, "last_message_ms": now - 15_000, "reconnects": 0},
    )  # fmt: skip
    totals = {"homeTeamScore": {"teamId": "1", "value": 32}, "awayTeamScore": {"value": 28}}
    FeedEvent.objects.create(game=live, kind="game_totals", received_ms=now, payload=totals)
    Game.objects.create(event_id="ev-done", name="Mesa vs Pines", status="final")


@pytest.fixture
def operator_cookie(client, operator):
    return cookie_of(client, operator)


@pytest.fixture
def coach_cookie(client, coach):
    return cookie_of(client, coach)


async def test_an_operator_sees_every_game_with_the_alerts_that_are_due(operator_cookie):
    await sync_to_async(make_games)()
    ws = WebsocketCommunicator(application, "/ws/wall/", headers=[ORIGIN, operator_cookie])
    ok, _ = await ws.connect(timeout=5)
    assert ok
    message = await ws.receive_json_from(timeout=5)
    await ws.disconnect()
    tiles = {t["id"]: t for t in message["tiles"]}
    assert list(tiles) == ["ev-live", "ev-done"]  # live games first
    assert [t["score"] for t in tiles["ev-live"]["teams"]] == [30, 28]
    assert [a["kind"] for a in tiles["ev-live"]["alerts"]] == ["silent", "mismatch"]
    assert tiles["ev-done"]["alerts"] == []


async def test_a_coach_is_refused_the_wall(coach_cookie):
    ws = WebsocketCommunicator(application, "/ws/wall/", headers=[ORIGIN, coach_cookie])
    ok, _ = await ws.connect(timeout=5)
    assert ok
    closed = await ws.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 4403}


def test_the_wall_page_is_for_operators(client, operator, coach):
    client.force_login(coach)
    assert client.get("/wall/").status_code == 403
    client.force_login(operator)
    page = client.get("/wall/")
    assert page.status_code == 200 and b'data-ws-path="/ws/wall/"' in page.content
