"""Every page, API call and websocket, asked by every persona: only the right role gets in.

The matrix (``matrix.py``) is built from the URL conf and the websocket routes
themselves: each pattern must have a row (a test checks both ways), so a new page or
socket cannot slip in untested.
"""

from __future__ import annotations

import re

import pytest
from channels.testing import WebsocketCommunicator
from django.urls import get_resolver

from courtside.routing import any_origin_urlpatterns, websocket_urlpatterns
from tests.security.conftest import PERSONAS, World, client_of
from tests.security.matrix import (
    ALLOWED,
    PAGES,
    POLICIES,
    SOCKET_REFUSAL,
    SOCKETS,
    ask,
    outcome,
    routes,
)


@pytest.mark.django_db
def test_every_url_pattern_has_a_row_in_the_matrix(settings):
    served = routes(get_resolver(settings.ROOT_URLCONF).url_patterns)
    assert sorted(set(served) - set(PAGES)) == [], "pages nobody decided who may open"
    assert sorted(set(PAGES) - set(served)) == [], "rows for pages that are gone"


# Transactions: the overlay's actions reach the database from worker threads.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", list(PAGES))
def test_only_the_right_role_gets_in(world, route):
    expected = POLICIES[PAGES[route][2]]
    got = {persona: outcome(ask(world, persona, route)) for persona in PERSONAS}
    assert got == expected, f"{PAGES[route][0]}: got {got}"


@pytest.mark.django_db
def test_a_wrong_output_key_shows_nothing_to_anyone(world):
    for persona in PERSONAS:
        client = client_of(world, persona)
        response = client.get("/overlay/not-the-key/")
        assert response.status_code == 404, persona
        body = re.sub(
            r"<style>.*?</style>|<title>.*?</title>|<[^>]*>", "", response.text, flags=re.S
        )
        assert body.strip() == "", f"{persona} was shown {body!r}"


# -- websockets ----------------------------------------------------------------------------


async def socket_outcome(world: World, persona: str, path: str) -> str | int:
    """``allowed`` when the socket opens and sends its first message, else the close code."""
    from asgiref.sync import sync_to_async

    from courtside.asgi import application

    headers = [(b"origin", b"http://testserver")]
    if persona in world.users:
        client = await sync_to_async(client_of)(world, persona)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    first = await socket.receive_output(timeout=5)
    await socket.disconnect()
    if first["type"] == "websocket.close":
        return first["code"]
    return ALLOWED


@pytest.mark.django_db
def test_every_websocket_route_has_a_row_in_the_matrix():
    served = routes(websocket_urlpatterns + any_origin_urlpatterns)
    assert sorted(set(served) ^ set(SOCKETS)) == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", list(SOCKETS))
async def test_only_the_right_role_opens_a_socket(world, memory_layer, route):
    path, policy = SOCKETS[route]
    expected = {p: SOCKET_REFUSAL.get(e, e) for p, e in POLICIES[policy].items()}
    got = {p: await socket_outcome(world, p, path.format(key=world.key)) for p in PERSONAS}
    assert got == expected, f"{path}: got {got}"


@pytest.mark.django_db(transaction=True)
async def test_a_wrong_output_key_opens_no_overlay_socket(world, memory_layer):
    for persona in ("anonymous", "operator"):
        assert await socket_outcome(world, persona, "/ws/overlay/not-the-key/") == 4404
        assert await socket_outcome(world, persona, "/ws/overlay/not-the-key/graphic/") == 4404
        assert await socket_outcome(world, persona, "/ws/overlay/not-the-key/preview/") in (
            4403,
            4404,
        )
