"""Hostile input from browsers and callers: sockets close with a clear code, the rest is refused.

- Whatever a console sends on its game socket, the socket either does what was asked
  (a snapshot; a frame rate) or closes with 4400; binary frames and oversized text too.
  The overlay's and the graphics panel's sockets only listen: whatever they are sent,
  they stay open and keep serving.
- ShotTracker's notify callback answers 204 only to ``action=LIVE``, ``state`` START or
  END, a live id, and a registered notify id; anything else is 400 or 403, never a 500,
  and nothing reaches the relay.
- A game id nobody knows is 404 on every page and API that takes one, and 4404 on the
  game's socket, whatever characters it is made of.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadcast import groups
from broadcast.models import Game, NotifyRegistration
from courtside.asgi import application
from dashboard.consumers import CLOSE_BAD_MESSAGE, CLOSE_UNKNOWN_GAME
from tests.security.conftest import World, client_of, with_key
from tests.security.matrix import PAGES

pytestmark = pytest.mark.django_db(transaction=True)

FUZZ = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAX_RATE = 25

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
browser_messages = st.one_of(
    st.just('{"action":"snapshot"}'),
    st.builds(lambda r: json.dumps({"action": "rate", "rate": r}), st.integers(-5, 40)),
    st.builds(
        json.dumps,
        st.fixed_dictionaries(
            {"action": st.sampled_from(["snapshot", "rate", "take", "", "SNAPSHOT"])},
            optional={"rate": json_values, "game": json_values, "x": json_values},
        ),
    ),
    st.builds(json.dumps, json_values),
    st.text(max_size=300),
    st.text(min_size=257, max_size=5000),
    st.just('{"action":"snapshot"' + " " * 300 + "}"),
)


def expected_answer(text: str) -> str:
    """What a console's message must get: a snapshot, nothing (rate), or a 4400 close."""
    if len(text) > 256:
        return "close"
    try:
        request = json.loads(text)
    except ValueError:
        return "close"
    if not isinstance(request, dict):
        return "close"
    if request == {"action": "snapshot"}:
        return "snapshot"
    rate = request.get("rate")
    is_rate = set(request) == {"action", "rate"} and request["action"] == "rate"
    if is_rate and type(rate) is int and 1 <= rate <= MAX_RATE:
        return "nothing"
    return "close"


async def game_socket(world: World, path: str | None = None) -> WebsocketCommunicator:
    client = await sync_to_async(client_of)(world, "operator")
    cookie = (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())
    path = path or f"/ws/games/{world.game.event_id}/"
    socket = WebsocketCommunicator(application, path, [(b"origin", b"http://testserver"), cookie])
    connected, _ = await socket.connect(timeout=5)
    assert connected
    return socket


async def send(socket: WebsocketCommunicator, text: str | None, data: bytes | None = None):
    # As the server receives a frame (send_to refuses empty ones, a browser does not).
    frame = {"bytes": data} if data is not None else {"text": text}
    await socket.send_input({"type": "websocket.receive", **frame})


async def answer_to(world: World, text: str | None = None, data: bytes | None = None) -> str:
    socket = await game_socket(world)
    assert json.loads(await socket.receive_from(timeout=5))["type"] == "snapshot"
    await send(socket, text, data)
    if await socket.receive_nothing(timeout=0.2):
        await socket.disconnect()
        return "nothing"
    output = await socket.receive_output(timeout=5)
    if output["type"] == "websocket.close":
        assert output["code"] == CLOSE_BAD_MESSAGE
        return "close"
    assert json.loads(output["text"])["type"] == "snapshot"
    await socket.disconnect()
    return "snapshot"


@FUZZ
@given(text=browser_messages)
def test_a_console_message_is_served_or_closes_its_socket_with_4400(world, memory_layer, text):
    assert async_to_sync(answer_to)(world, text) == expected_answer(text)


@pytest.mark.parametrize(
    "data", [b"", b'{"action":"snapshot"}', b"\xff\xfe" * 1000], ids=["empty", "json", "junk"]
)
def test_a_binary_frame_closes_the_socket_with_4400(world, memory_layer, data):
    assert async_to_sync(answer_to)(world, data=data) == "close"


def test_a_megabyte_message_closes_the_socket_with_4400(world, memory_layer):
    huge = json.dumps({"action": "snapshot", "pad": "x" * 1_000_000})
    assert async_to_sync(answer_to)(world, huge) == "close"


@settings(FUZZ, max_examples=20)
@given(texts=st.lists(st.one_of(st.text(max_size=2000), st.builds(json.dumps, json_values)),
                      min_size=1, max_size=4))  # fmt: skip
def test_the_listening_sockets_ignore_whatever_they_are_sent(world, memory_layer, texts):
    async def still_serving() -> None:
        for path in (f"/ws/overlay/{world.key}/", f"/ws/games/{world.game.event_id}/graphics/"):
            socket = await game_socket(world, path)
            await socket.receive_from(timeout=5)  # its first state
            for text in texts:
                await send(socket, text)
            await send(socket, None, b"\x00\x01")
            assert await socket.receive_nothing(timeout=0.1), f"{path} answered junk"
            await groups.publish_outputs_changed(world.game.event_id, world.output.pk)
            if path.endswith("/graphics/"):
                assert json.loads(await socket.receive_from(timeout=5))  # still serving
            await socket.disconnect()

    async_to_sync(still_serving)()


# -- ShotTracker's notify callback -------------------------------------------------------------

NOTIFY = "/hooks/shottracker/notify"
notify_params = st.dictionaries(
    st.sampled_from(["notify_id", "action", "data", "state", "extra"]),
    st.one_of(
        st.sampled_from(["n-1", "LIVE", "START", "END", "live-9", "", "DEAD", "n-2"]),
        st.text(max_size=80),
    ),
)


def notify_answer(params: dict[str, str]) -> int:
    """What the callback must answer (the ``n-1`` notify id is registered)."""
    live_id = params.get("data", "")
    if params.get("action") != "LIVE" or params.get("state") not in ("START", "END"):
        return 400
    valid_id = 0 < len(live_id) <= 64 and all(c.isascii() and (c.isalnum() or c in "_.:-")
                                              for c in live_id)  # fmt: skip
    if not valid_id:
        return 400
    return 204 if params.get("notify_id") == "n-1" else 403


@pytest.fixture
def registered(db):
    return NotifyRegistration.objects.create(
        notify_id="n-1", url="http://testserver" + NOTIFY, api_url="http://api"
    )


@FUZZ
@given(params=notify_params)
def test_a_notify_callback_is_answered_by_the_rules(registered, memory_layer, params):
    response = Client().put(f"{NOTIFY}?{urlencode(params)}")
    assert response.status_code == notify_answer(params)


@pytest.mark.parametrize("method", ["get", "post", "delete", "patch"])
def test_the_notify_callback_takes_only_put(registered, method):
    query = "notify_id=n-1&action=LIVE&data=live-9&state=START"
    assert getattr(Client(), method)(f"{NOTIFY}?{query}").status_code == 405


async def test_a_refused_notification_never_reaches_the_relay(registered, memory_layer):
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await groups.join_control(channel)
    client = Client()
    for query in (
        "notify_id=unknown&action=LIVE&data=live-9&state=START",
        "notify_id=n-1&action=LIVE&data=../../etc&state=START",
        "notify_id=n-1&action=LIVE&data=live-9&state=RESTART",
    ):
        response = await sync_to_async(client.put)(f"{NOTIFY}?{query}")
        assert response.status_code in (400, 403)
    accepted = await sync_to_async(client.put)(
        f"{NOTIFY}?notify_id=n-1&action=LIVE&data=live-9&state=START"
    )
    assert accepted.status_code == 204
    # The first thing the relay hears is the one accepted request.
    assert await layer.receive(channel) == {"type": "relay.attach", "live_id": "live-9"}


# -- unknown game ids --------------------------------------------------------------------------

GAME_PAGES = {
    route: url
    for route, (url, method, _policy) in PAGES.items()
    if "<str:game_id>" in route and method == "GET"
}
game_ids = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="/?#%"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() not in ("", ".", "..") and s not in ("game-1", "practice-1"))


def asker_of(route: str) -> str:
    if route.startswith("coach/"):
        return "coach"
    return "key" if route.endswith("datasource.json") else "operator"


@settings(FUZZ, max_examples=40)
@given(game_id=game_ids)
def test_a_game_nobody_knows_is_404_everywhere(world, game_id):
    for route, url in GAME_PAGES.items():
        known = "practice-1" if "/practices/" in url else "game-1"
        path = url.replace(known, quote(game_id, safe=""))
        persona = asker_of(route)
        if persona == "key":
            path = with_key(path, world.key)
        response = client_of(world, persona).get(path)
        assert response.status_code == 404, f"{path} as {persona}: {response.status_code}"


def test_the_socket_of_a_game_nobody_knows_closes_with_4404(world, memory_layer):
    async def close_code() -> int:
        socket = await game_socket(world, "/ws/games/no-such-game/")
        output = await socket.receive_output(timeout=5)
        await socket.disconnect()
        return output["code"]

    assert not Game.objects.filter(event_id="no-such-game").exists()
    assert async_to_sync(close_code)() == CLOSE_UNKNOWN_GAME
