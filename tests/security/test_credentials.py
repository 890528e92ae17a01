"""ShotTracker's credentials never reach a browser: not in a page, a file, or a socket message.

The server holds credentials of the tests' own (``conftest.SHOTTRACKER_USERNAME`` and
``SHOTTRACKER_SECRET``) and really uses them: the views that ask ShotTracker ask the
emulator with them. Then every page of the access matrix that the operator, the coach
or an output key may open is fetched, with its headers; every static file a browser can
load is read; every socket each of them may open is listened to while the game moves.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.staticfiles import finders

from broadcast import groups
from broadcast.game import Game as GameModel
from broadcast.log import apply_row
from broadcast.models import FeedEvent
from tests.dashboard.coach.personas import ANN, HAWKS, stats
from tests.security.conftest import SHOTTRACKER_SECRET, SHOTTRACKER_USERNAME, World, client_of
from tests.security.matrix import ALLOWED, PAGES, POLICIES, SOCKETS, ask

pytestmark = pytest.mark.django_db(transaction=True)

BROWSER_PERSONAS = ("operator", "coach", "key")


def leaked(text: str) -> list[str]:
    """The forms of a credential found in ``text`` (plain, percent-encoded, base64)."""
    forms = {}
    for name, value in (("username", SHOTTRACKER_USERNAME), ("secret", SHOTTRACKER_SECRET)):
        forms[name] = value
        forms[f"{name} (url-encoded)"] = quote(value, safe="")
        forms[f"{name} (base64)"] = base64.b64encode(value.encode()).decode().rstrip("=")
    pair = f"{SHOTTRACKER_USERNAME}:{SHOTTRACKER_SECRET}".encode()
    forms["username:secret (base64)"] = base64.b64encode(pair).decode().rstrip("=")
    lowered = text.lower()
    return [name for name, form in forms.items() if form.lower() in lowered]


@pytest.mark.parametrize("persona", BROWSER_PERSONAS)
def test_no_page_a_browser_can_open_shows_the_credentials(world: World, persona: str):
    opened = []
    for route, (_url, method, policy) in PAGES.items():
        if method != "GET" or POLICIES[policy][persona] != ALLOWED:
            continue
        response = ask(world, persona, route)
        headers = "\n".join(f"{k}: {v}" for k, v in response.items())
        found = leaked(headers + "\n" + response.content.decode(errors="replace"))
        assert not found, f"{persona} sees the {found} at {PAGES[route][0]}"
        opened.append(route)
    assert len(opened) >= 3, f"{persona} opened too few pages to prove anything: {opened}"


def test_the_credentials_are_really_used_by_the_pages_that_ask_shottracker(world: World):
    # The crawl proves something only if pages were built from ShotTracker's answers.
    response = ask(world, "operator", "discover/locations")
    assert response.status_code == 200
    assert b"ShotTracker refused" not in response.content
    assert b"court-option" in response.content


def test_no_static_file_carries_the_credentials():
    files = 0
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            with storage.open(path) as f:
                found = leaked(f.read().decode(errors="replace"))
            assert not found, f"static file {path} carries the {found}"
            files += 1
    assert files >= 10


async def listen(world: World, persona: str, path: str) -> list[str]:
    """What a socket tells a persona while the game moves (a delta published meanwhile)."""
    from courtside.asgi import application

    headers = [(b"origin", b"http://testserver")]
    if persona != "key":
        client = await sync_to_async(client_of)(world, persona)
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    socket = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await socket.connect(timeout=5)
    assert connected
    heard = [await socket.receive_from(timeout=5)]
    await publish_a_basket(world)
    # (receive_nothing waits without ending the socket, as a timed-out receive would.)
    while not await socket.receive_nothing(timeout=1):
        heard.append(await socket.receive_from())
    await socket.disconnect()
    return heard


async def publish_a_basket(world: World) -> None:
    """Store and publish the next row of the live game, as the relay would."""

    def store() -> dict:
        rows = list(
            FeedEvent.objects.filter(game=world.game, seq__isnull=False)
            .order_by("seq")
            .values_list("kind", "payload", "live_id", "received_ms", "seq")
        )
        model = GameModel(world.game.event_id, name=world.game.name)
        for kind, payload, live_id, received_ms, _seq in rows:
            apply_row(model, kind, payload, live_id, received_ms)
        row = stats(99, HAWKS, ANN, rows[-1][3] + 1000, "TWO_POINT_MAKE", FGA=9, FG=9, PTS=30)
        changes = apply_row(model, "stats", row, "h1", rows[-1][3] + 1000)
        seq = rows[-1][4] + 1
        FeedEvent.objects.create(
            game=world.game, live_id="h1", kind="stats", received_ms=1, payload=row, seq=seq
        )
        return groups.delta_payload(world.game.event_id, seq, 1, changes)

    await groups.publish_delta(world.game.event_id, await sync_to_async(store)())


@pytest.mark.parametrize("route", list(SOCKETS))
async def test_no_socket_message_carries_the_credentials(world, memory_layer, route):
    path, policy = SOCKETS[route]
    for persona in BROWSER_PERSONAS:
        if POLICIES[policy][persona] != ALLOWED:
            continue
        heard = await listen(world, persona, path.format(key=world.key))
        assert heard, f"{persona} heard nothing on {path}"
        if route == "ws/games/<str:game_id>/":
            assert any('"type":"delta"' in m for m in heard), "the game moved unheard"
        for message in heard:
            assert not leaked(message), f"{persona} was sent the credentials on {path}"
