"""The browser websocket through the real ASGI app: snapshot first, then deltas as published."""

from __future__ import annotations

import itertools
import json
import time

import pytest
from channels.testing import WebsocketCommunicator

from broadcast import groups
from broadcast.relay.frames import FramePacer
from courtside.asgi import application
from dashboard.consumers import parse_rate
from tests.dashboard.conftest import KNOWN_ROWS

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")


@pytest.fixture(params=["memory_layer", "redis_layer"])
def layer(request):
    """Each consumer test runs on the in-memory layer and on real Redis."""
    return request.getfixturevalue(request.param)


def cookie_of(client, user) -> tuple[bytes, bytes]:
    client.force_login(user)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


@pytest.fixture
def operator_cookie(client, operator):
    return cookie_of(client, operator)


@pytest.fixture
def coach_cookie(client, coach):
    return cookie_of(client, coach)


def socket(path: str, *cookie: tuple[bytes, bytes]) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, path, headers=[ORIGIN, *cookie])


async def connected(path: str, cookie) -> tuple[WebsocketCommunicator, dict]:
    """An operator's socket and the snapshot it got first."""
    ws = socket(path, cookie)
    ok, _ = await ws.connect(timeout=5)  # the first socket of a run starts a stream
    assert ok
    return ws, await ws.receive_json_from(timeout=5)


def delta(seq: int) -> dict:
    change = {"kind": "score", "data": {"home": seq, "away": 0}}
    return {"type": "delta", "game_id": "ev-known", "seq": seq, "relay_ms": 5, "changes": [change]}


def frame(number: int) -> dict:
    return groups.frame_payload("ev-known", number, 7, 1000 + number, {"11": [number, 0, 0]}, None)


async def test_an_operator_gets_the_snapshot_first(layer, known_game, operator_cookie):
    before = int(time.time() * 1000)
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    assert snapshot["type"] == "snapshot"
    assert snapshot["game_id"] == "ev-known"
    assert snapshot["seq"] == len(KNOWN_ROWS)
    assert snapshot["score"] == {"home": 2, "away": 4}
    assert snapshot["health"]["reconnects"] == 2
    assert before <= snapshot["relay_ms"] <= int(time.time() * 1000)
    await ws.disconnect()


async def test_a_published_delta_arrives_as_it_was_serialized(layer, known_game, operator_cookie):
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    payload = delta(snapshot["seq"] + 1)
    await groups.publish_delta("ev-known", payload)
    assert await ws.receive_from(timeout=5) == groups.dumps(payload)
    await ws.disconnect()


async def test_deltas_the_snapshot_already_holds_are_not_sent(layer, known_game, operator_cookie):
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    await groups.publish_delta("ev-known", delta(snapshot["seq"]))
    await groups.publish_delta("ev-known", delta(snapshot["seq"] + 1))
    assert json.loads(await ws.receive_from(timeout=5))["seq"] == snapshot["seq"] + 1
    await ws.disconnect()


async def test_health_is_forwarded_with_the_newest_seq_the_relay_sent(
    layer, known_game, operator_cookie
):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    await groups.publish_health("ev-known", 99, {"connected": True}, 7)
    message = await ws.receive_json_from(timeout=5)
    assert message == {"type": "health", "game_id": "ev-known", "relay_ms": 99, "seq": 7,
                       "health": {"connected": True}}  # fmt: skip
    await ws.disconnect()


async def test_frames_beyond_the_sockets_rate_are_dropped_but_deltas_never(
    layer, known_game, operator_cookie
):
    ws, snapshot = await connected("/ws/games/ev-known/?rate=1", operator_cookie)
    seq = snapshot["seq"]
    for n in range(1, 6):
        await groups.publish_frame("ev-known", frame(n))
        await groups.publish_delta("ev-known", delta(seq + n))
    received = [json.loads(await ws.receive_from(timeout=5)) for _ in range(6)]
    assert [(m["type"], m.get("seq", m.get("frame"))) for m in received] == [
        ("frame", 1), *[("delta", seq + n) for n in range(1, 6)],
    ]  # fmt: skip
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_the_page_can_ask_for_a_fresh_snapshot(layer, known_game, operator_cookie):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    await ws.send_json_to({"action": "snapshot"})
    again = await ws.receive_json_from(timeout=5)
    assert again["type"] == "snapshot" and again["seq"] == len(KNOWN_ROWS)
    await ws.disconnect()


async def test_the_page_can_lower_its_frame_rate(memory_layer, known_game, operator_cookie):
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    await ws.send_json_to({"action": "rate", "rate": 1})
    await ws.send_json_to({"action": "snapshot"})  # answered after the rate was taken
    await ws.receive_json_from(timeout=5)
    for n in range(1, 4):
        await groups.publish_frame("ev-known", frame(n))
    await groups.publish_delta("ev-known", delta(snapshot["seq"] + 1))
    assert json.loads(await ws.receive_from(timeout=5))["frame"] == 1
    assert json.loads(await ws.receive_from(timeout=5))["type"] == "delta"
    await ws.disconnect()


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"action": "dance"}',
        '{"action": "snapshot", "extra": 1}',
        '{"action": "rate", "rate": 99}',
        '{"action": "rate", "rate": "5"}',
        '{"action": "snapshot"' + " " * 300 + "}",
    ],
)
async def test_anything_but_a_small_known_request_closes_the_socket_with_4400(
    memory_layer, known_game, operator_cookie, text
):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    await ws.send_to(text_data=text)
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4400}
    await ws.disconnect()


async def test_binary_messages_close_the_socket_with_4400(
    memory_layer, known_game, operator_cookie
):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    await ws.send_to(bytes_data=b'{"action": "snapshot"}')
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4400}
    await ws.disconnect()


async def test_an_unknown_game_closes_with_4404(memory_layer, known_game, operator_cookie):
    ws = socket("/ws/games/nope/", operator_cookie)
    ok, _ = await ws.connect()
    assert ok
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}


async def test_an_anonymous_visitor_is_closed_with_4403(memory_layer, known_game):
    ws = socket("/ws/games/ev-known/")
    assert (await ws.connect())[0]
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_a_user_without_the_operator_role_is_closed_with_4403(
    memory_layer, known_game, coach_cookie
):
    ws = socket("/ws/games/ev-known/", coach_cookie)
    assert (await ws.connect())[0]
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_a_foreign_origin_is_refused(memory_layer, known_game, operator_cookie):
    ws = WebsocketCommunicator(
        application,
        "/ws/games/ev-known/",
        headers=[(b"origin", b"http://evil.test"), operator_cookie],
    )
    assert (await ws.connect())[0] is False


@pytest.mark.parametrize(
    ("query", "rate"),
    [(b"", 25), (b"rate=10", 10), (b"rate=0", 1), (b"rate=99", 25), (b"rate=x", 25)],
)
def test_the_rate_is_read_from_the_query_and_kept_within_1_to_25(query, rate):
    assert parse_rate(query) == rate


def test_a_socket_pacer_keeps_the_average_at_the_rate_despite_jitter():
    gate = FramePacer(5)
    # Frames every 40 ms with up to 8 ms of jitter, for ten seconds.
    arrivals = [
        i * 0.04 + (0.008 if i % 3 == 0 else -0.008 if i % 3 == 1 else 0) for i in range(250)
    ]
    admitted = [t for t in arrivals if gate.admit(t)]
    assert 49 <= len(admitted) <= 51
    assert min(b - a for a, b in itertools.pairwise(admitted)) > 0.119


def test_a_socket_pacer_at_the_relays_rate_lets_jittery_frames_through():
    gate = FramePacer(25)
    arrivals = [i * 0.04 + (0.006 if i % 2 else -0.006) for i in range(1, 101)]
    assert sum(gate.admit(t) for t in arrivals) == 100
