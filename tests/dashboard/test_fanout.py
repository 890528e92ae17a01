"""One stream of a game per process hands every socket of the game what the relay publishes."""

from __future__ import annotations

import asyncio
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


class BrokenSocket:
    """A member whose ``take`` fails at once for frames (a plain function, as a consumer's)."""

    def __init__(self) -> None:
        self.deltas: list[int] = []

    def take(self, message: dict):
        if message["type"] == "game.frame":
            raise RuntimeError("a socket's bug")
        self.deltas.append(message["seq"])
        return None  # nothing to send: the stream moves on without awaiting anything


async def test_a_socket_that_fails_a_message_costs_the_others_nothing(
    memory_layer, known_game, operator_cookie
):
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    broken = BrokenSocket()
    stream = await fanout.join("ev-known", broken)
    await groups.publish_frame("ev-known", frame(1))
    await groups.publish_delta("ev-known", delta(snapshot["seq"] + 1))
    assert json.loads(await ws.receive_from(timeout=5))["frame"] == 1
    assert json.loads(await ws.receive_from(timeout=5))["seq"] == snapshot["seq"] + 1
    assert broken.deltas == [snapshot["seq"] + 1]  # it still got the delta after its failure
    await fanout.leave(stream, broken)
    await ws.disconnect()


class StoppedSocket:
    """A member whose first send waits until ``resume()``, as a socket that stopped reading."""

    def __init__(self) -> None:
        self.taken: asyncio.Queue[dict] = asyncio.Queue()
        self._reading = asyncio.Event()

    def resume(self) -> None:
        self._reading.set()

    async def take(self, message: dict) -> None:
        await self._reading.wait()
        await self.taken.put(message)

    async def received(self, count: int) -> list[dict]:
        return [await asyncio.wait_for(self.taken.get(), 5) for _ in range(count)]


def kinds(messages: list[dict]) -> list[tuple[str, int]]:
    """(type, seq or frame number) of layer messages."""
    return [(m["type"], m.get("seq", m.get("frame"))) for m in messages]


async def test_a_socket_whose_send_waits_holds_up_no_other_socket(
    layer, known_game, operator_cookie
):
    ws, snapshot = await connected("/ws/games/ev-known/?rate=1", operator_cookie)
    seq = snapshot["seq"]
    stopped = StoppedSocket()
    stream = await fanout.join("ev-known", stopped)
    for n in range(1, 4):
        await groups.publish_frame("ev-known", frame(n))
        await groups.publish_delta("ev-known", delta(seq + n))
    received = [json.loads(await ws.receive_from(timeout=5)) for _ in range(4)]
    assert [(m["type"], m.get("seq", m.get("frame"))) for m in received] == [
        ("frame", 1), *[("delta", seq + n) for n in range(1, 4)],
    ]  # fmt: skip
    assert stopped.taken.empty()

    stopped.resume()
    # The frame it was sending, then every delta in order and only the newest frame behind.
    assert kinds(await stopped.received(5)) == [
        ("game.frame", 1),
        ("game.delta", seq + 1),
        ("game.frame", 3),
        ("game.delta", seq + 2),
        ("game.delta", seq + 3),
    ]
    await groups.publish_delta("ev-known", delta(seq + 4))
    assert kinds(await stopped.received(1)) == [("game.delta", seq + 4)]
    await fanout.leave(stream, stopped)
    await ws.disconnect()


async def test_a_socket_too_far_behind_gets_a_resync_in_place_of_what_it_missed(
    memory_layer, known_game, operator_cookie, monkeypatch
):
    monkeypatch.setattr(fanout, "MAX_QUEUED", 3)
    ws, snapshot = await connected("/ws/games/ev-known/", operator_cookie)
    seq = snapshot["seq"]
    stopped = StoppedSocket()
    stream = await fanout.join("ev-known", stopped)
    for n in range(1, 7):
        await groups.publish_delta("ev-known", delta(seq + n))
    for n in range(1, 7):
        assert json.loads(await ws.receive_from(timeout=5))["seq"] == seq + n
    stopped.resume()
    assert kinds(await stopped.received(3)) == [
        ("game.delta", seq + 1),
        ("game.resync", None),
        ("game.delta", seq + 6),
    ]
    await fanout.leave(stream, stopped)
    await ws.disconnect()


async def test_a_socket_handed_a_resync_gets_a_fresh_snapshot(layer, known_game, operator_cookie):
    ws, first = await connected("/ws/games/ev-known/", operator_cookie)
    [stream] = fanout.running()
    [consumer] = stream.members
    await consumer.take(fanout.RESYNC)
    again = json.loads(await ws.receive_from(timeout=5))
    assert (again["type"], again["seq"], again["score"]) == (
        "snapshot",
        first["seq"],
        first["score"],
    )
    await ws.disconnect()


async def test_a_socket_that_leaves_while_its_send_waits_stops_its_sender(
    memory_layer, known_game, operator_cookie
):
    ws, _ = await connected("/ws/games/ev-known/", operator_cookie)
    stopped = StoppedSocket()
    stream = await fanout.join("ev-known", stopped)
    await groups.publish_frame("ev-known", frame(1))
    await ws.receive_from(timeout=5)
    [sender] = stream._senders.values()
    await fanout.leave(stream, stopped)
    with pytest.raises(asyncio.CancelledError):
        await sender.task
    assert stream._senders == {}
    await ws.disconnect()
