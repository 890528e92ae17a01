"""One stream of a game per process hands every socket of the game what the relay publishes."""

from __future__ import annotations

import json

import pytest
from channels.testing import WebsocketCommunicator

from broadcast import groups
from courtside.asgi import application
from dashboard import consumers, fanout
from tests.dashboard.test_consumers import ORIGIN, connected, delta, frame

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["memory_layer", "redis_layer"])
def layer(request):
    return request.getfixturevalue(request.param)


@pytest.fixture
def operator_cookie(client, operator):
    client.force_login(operator)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def test_sockets_of_a_game_share_one_stream_and_each_gets_every_message(
    layer, known_game, operator_cookie
):
    (first, snapshot), (second, _) = [
        await connected("/ws/games/ev-known/", operator_cookie) for _ in range(2)
    ]
    [stream] = fanout.running()
    assert len(stream.members) == 2
    await groups.publish_frame("ev-known", frame(1))
    await groups.publish_delta("ev-known", delta(snapshot["seq"] + 1))
    for ws in (first, second):
        assert json.loads(await ws.receive_from(timeout=5))["frame"] == 1
        assert json.loads(await ws.receive_from(timeout=5))["seq"] == snapshot["seq"] + 1
    await first.disconnect()
    await second.disconnect()


async def test_the_stream_stops_with_the_games_last_socket(layer, known_game, operator_cookie):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    assert [s.game_id for s in fanout.running()] == ["ev-known"]
    await ws.disconnect()
    assert fanout.running() == []


async def test_a_delta_published_while_the_snapshot_is_read_follows_the_snapshot(
    memory_layer, known_game, operator_cookie, monkeypatch
):
    real = consumers._snapshot_text

    async def snapshot_meanwhile_a_delta(game):
        seq, text = await real(game)
        await groups.publish_delta("ev-known", delta(seq + 1))  # the relay did not wait
        return seq, text

    monkeypatch.setattr(consumers, "_snapshot_text", snapshot_meanwhile_a_delta)
    ws = WebsocketCommunicator(application, "/ws/games/ev-known/", [ORIGIN, operator_cookie])
    assert (await ws.connect())[0]
    snapshot = json.loads(await ws.receive_from(timeout=5))
    following = json.loads(await ws.receive_from(timeout=5))
    assert (snapshot["type"], following["type"]) == ("snapshot", "delta")
    assert following["seq"] == snapshot["seq"] + 1
    await ws.disconnect()


async def test_a_process_behind_skips_frames_made_stale_by_newer_ones_but_no_delta(
    memory_layer, known_game, operator_cookie
):
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    seq = snapshot["seq"]
    [stream] = fanout.running()
    # A second of frames and deltas waits for the process (the in-memory layer's send
    # does not yield, so the stream gets to them only when all are there).
    for n in range(10):
        payload = frame(n + 1)
        payload["relay_ms"] = 1000 + 100 * n
        await memory_layer.send(stream.channel, groups.frame_message(payload))
        await memory_layer.send(stream.channel, groups.delta_message(delta(seq + n + 1)))
    received = [json.loads(await ws.receive_from(timeout=5)) for _ in range(11)]
    assert [m["seq"] for m in received if m["type"] == "delta"] == list(range(seq + 1, seq + 11))
    frames = [m["relay_ms"] for m in received if m["type"] == "frame"]
    assert frames and min(frames) >= 1900 - fanout.STALE_FRAME_MS
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()
