"""The live feed over real websockets: ack, ping, idle close, tokens, data types, faults."""

from __future__ import annotations

import asyncio
import json
import re
import time

import httpx
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from shottracker.emulator import Chaos, Credential
from shottracker.models import Location, Marker, Shot, Stats, parse_feed_message
from shottracker.signing import HmacAuth

from .conftest import frames_until, make_emulator, mock_auth, next_frame, open_feed, subscribe

ACK = re.compile(
    r'\{"data":\{"socketSessionId":"[0-9a-f]{8}","serverAttributes":\{'
    r'"maxInputBufferSizeInBytes":8192,"connectionTimeoutInMs":(\d+)\}\},'
    r'"action":"subscribe","type":"ack"\}\Z'
)


async def test_the_first_frame_is_the_ack_exactly_as_the_spec_shows_it(api, emulator):
    token = (await subscribe(api, "test"))["token"]
    async with await open_feed(emulator, token) as socket:
        raw = await asyncio.wait_for(socket.recv(), 5)
    match = ACK.match(raw)
    assert match, raw
    assert int(match.group(1)) == 120_000


async def test_every_frame_is_a_spec_message(api, emulator):
    handle = emulator.start_game(seed=4)
    token = (await subscribe(api, handle.live_ids[0]))["token"]
    seen: set[type] = set()
    async with await open_feed(emulator, token) as socket:
        await next_frame(socket)
        async with asyncio.timeout(30):
            while not {Stats, Shot, Location, Marker} <= seen:
                raw = await socket.recv()
                seen.add(type(parse_feed_message(json.loads(raw))))
                assert ": " not in raw and ", " not in raw  # compact, as the spec prints it


async def test_a_ping_is_answered_with_a_pong(api, emulator):
    token = (await subscribe(api, "test"))["token"]
    async with await open_feed(emulator, token) as socket:
        await next_frame(socket)
        await socket.send('{"action":"ping"}')
        frames = await frames_until(socket, lambda f: f.get("type") == "pong")
    assert frames[-1] == {"type": "pong"}


async def test_an_idle_socket_is_closed_after_the_connection_timeout():
    async with (
        make_emulator(connection_timeout_ms=300) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth()) as api,
    ):
        pinging = await open_feed(emulator, (await subscribe(api, "test"))["token"])
        idle = await open_feed(emulator, (await subscribe(api, "test"))["token"])
        ack = await next_frame(idle)
        assert ack["data"]["serverAttributes"]["connectionTimeoutInMs"] == 300
        loop = asyncio.get_running_loop()
        opened = loop.time()

        async def keep_pinging() -> None:
            while True:
                await pinging.send('{"action":"ping"}')
                await asyncio.sleep(0.1)

        pinger = asyncio.create_task(keep_pinging())
        try:
            await asyncio.wait_for(idle.wait_closed(), 5)
            idle_for = loop.time() - opened
            assert idle.close_code == 1000 and idle.close_reason == "idle timeout"
            assert 0.25 <= idle_for < 2
            # The client that pings stays connected past the timeout.
            assert pinging.close_code is None
        finally:
            pinger.cancel()
            await pinging.close()


async def test_a_token_works_only_once(api, emulator):
    token = (await subscribe(api, "test"))["token"]
    async with await open_feed(emulator, token) as socket:
        await next_frame(socket)
        with pytest.raises(InvalidStatus) as refused:
            await open_feed(emulator, token)
    assert refused.value.response.status_code == 403


async def test_a_missing_or_unknown_token_is_refused(emulator):
    with pytest.raises(InvalidStatus) as missing:
        await open_feed(emulator, "")
    assert missing.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as unknown:
        await open_feed(emulator, "6141681d-df46-11e6-a818-f20e96351dc1")
    assert unknown.value.response.status_code == 403


async def test_only_the_subscribed_data_types_are_sent(api, emulator):
    handle = emulator.start_game(seed=8)
    live_id = handle.live_ids[0]
    stats_only = await open_feed(emulator, (await subscribe(api, live_id, ["STATS"]))["token"])
    places = await open_feed(emulator, (await subscribe(api, live_id, ["LOCATIONS"]))["token"])
    async with stats_only, places:
        await next_frame(stats_only)
        await next_frame(places)
        frames = await frames_until(stats_only, lambda f: f["type"] == "stats")
        frames += await frames_until(stats_only, lambda f: f["type"] == "stats")
        assert {f["type"] for f in frames} <= {"stats", "marker"}
        located = await frames_until(places, lambda f: f["type"] == "location")
        more = await frames_until(places, lambda f: f["data"].get("type") == "END_FIRST_HALF", 60)
        assert {f["type"] for f in located + more} == {"location", "marker"}


async def test_a_credential_without_locations_cannot_subscribe_to_them():
    scout = {"scout": Credential("pw", frozenset({"STATS", "SHOTS"}))}
    async with (
        make_emulator(credentials=scout) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=HmacAuth("scout", "pw")) as api,
    ):
        everything = await api.get("/v1/data/live/test/_subscribe")
        asked = await api.get("/v1/data/live/test/_subscribe", params={"dt": "LOCATIONS"})
        allowed = await api.get("/v1/data/live/test/_subscribe", params={"dt": ["STATS", "SHOTS"]})
    for refused in (everything, asked):
        assert refused.status_code == 403
        assert refused.json()["message"] == "No access to LOCATIONS data"
    assert allowed.status_code == 200
    assert allowed.json()["token_data_types"] == ["STATS", "SHOTS"]


async def test_drop_feed_connections_cuts_every_socket(api, emulator):
    first = await open_feed(emulator, (await subscribe(api, "test"))["token"])
    second = await open_feed(emulator, (await subscribe(api, "test"))["token"])
    await next_frame(first)
    await next_frame(second)
    assert emulator.drop_feed_connections() == 2
    for socket in (first, second):
        with pytest.raises(ConnectionClosed):
            async with asyncio.timeout(5):
                while True:
                    await socket.recv()
        assert socket.close_code == 1006  # no closing handshake: the connection was cut
    # A new token connects again.
    async with await open_feed(emulator, (await subscribe(api, "test"))["token"]) as again:
        assert (await next_frame(again))["type"] == "ack"


async def test_a_consumer_that_does_not_read_is_closed_and_others_keep_flowing():
    async with (
        make_emulator(location_hz=25, speed=60) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth()) as api,
    ):
        emulator.feed.queue_size = 200
        handle = emulator.start_game(seed=2)
        live_id = handle.live_ids[0]
        reader = await open_feed(emulator, (await subscribe(api, live_id))["token"])
        # A tiny receive buffer, never read: the server's queue for it overflows.
        stalled = await open_feed(emulator, (await subscribe(api, live_id))["token"])
        stalled.transport.pause_reading()
        async with reader:
            async with asyncio.timeout(30):
                while emulator.feed.connections > 1:
                    await reader.recv()
            before = await next_frame(reader)
            after = await frames_until(reader, lambda f: f["type"] == "location")
            assert after[-1]["data"]["occurred_at"] >= before["data"]["occurred_at"]
        stalled.transport.resume_reading()
        with pytest.raises(ConnectionClosed):
            async with asyncio.timeout(10):
                while True:
                    await stalled.recv()


async def test_fail_rest_answers_the_next_requests_with_an_error(api, emulator):
    emulator.fail_rest(2, status=503)
    first, second = await api.get("/v1/data/teams"), await api.get("/v1/data/teams")
    third = await api.get("/v1/data/teams")
    for failed in (first, second):
        assert failed.status_code == 503
        assert set(failed.json()) == {"status", "message", "shottrackerRequestId"}
    assert third.status_code == 200


async def test_fail_rest_can_hang_a_request_past_the_client_timeout(api, emulator):
    emulator.fail_rest(1, status=500, delay_s=1.0)
    with pytest.raises(httpx.ReadTimeout):
        await api.get("/v1/data/teams", timeout=0.2)
    assert (await api.get("/v1/data/teams")).status_code == 200


async def test_a_session_that_ends_closes_its_sockets_after_its_last_frame(api, emulator):
    handle = emulator.start_game(seed=6)
    token = (await subscribe(api, handle.live_ids[0]))["token"]
    async with await open_feed(emulator, token) as socket:
        frames = [json.loads(raw) async for raw in socket]
    assert socket.close_code == 1000 and socket.close_reason == "session ended"
    markers = [f["data"]["type"] for f in frames if f["type"] == "marker"]
    assert "END_FIRST_HALF" in markers and "PLAY_NEXT" in markers
    # Nothing of the session is missing: the feed's versions are the session's details.
    details = (await api.get(f"/v1/data/stats/games/{handle.event_id}/details")).json()
    first_half = [d["version"] for d in details["details"] if d["session_id"] == handle.live_ids[0]]
    assert [f["data"]["version"] for f in frames if f["type"] == "stats"] == first_half


async def chaos_versions(chaos: Chaos) -> tuple[list[int], list[int]]:
    """The stats versions a socket got on the wire, and those of the REST truth."""
    async with (
        make_emulator(chaos=chaos, location_hz=0) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth()) as api,
    ):
        handle = emulator.start_game(seed=10)
        token = (await subscribe(api, handle.live_ids[0], ["STATS"]))["token"]
        async with await open_feed(emulator, token) as socket:
            frames = [json.loads(raw) async for raw in socket]
        details = (await api.get(f"/v1/data/stats/games/{handle.event_id}/details")).json()
    wire = [f["data"]["version"] for f in frames if f["type"] == "stats"]
    truth = [d["version"] for d in details["details"] if d["session_id"] == handle.live_ids[0]]
    return wire, truth


async def test_chaos_duplicates_stats_frames_on_the_wire_only():
    wire, truth = await chaos_versions(Chaos(duplicate_stats=1.0))
    assert wire == [v for v in truth for _ in (1, 2)]
    assert truth == sorted(set(truth))


async def test_chaos_swaps_stats_frames_on_the_wire_only():
    wire, truth = await chaos_versions(Chaos(reorder_stats=1.0))
    assert wire != truth and sorted(wire) == truth
    assert wire[:2] == [truth[1], truth[0]]


async def test_a_stall_silences_a_live_ids_feed_for_its_seconds_and_keeps_answering_pings(
    emulator, api
):
    token = (await subscribe(api, "test"))["token"]
    socket = await open_feed(emulator, token)
    await next_frame(socket)  # ack
    await next_frame(socket)  # the scrimmage is flowing
    stall = await api.put("/mock/courtside/do/live/test/stall", params={"seconds": 2.0})
    assert stall.status_code == 204
    while True:  # what was already queued goes out
        try:
            await asyncio.wait_for(socket.recv(), 0.2)
        except TimeoutError:
            break
    silent_from = time.monotonic()
    await socket.send('{"action":"ping"}')
    assert json.loads(await asyncio.wait_for(socket.recv(), 1)) == {"type": "pong"}
    frame = json.loads(await asyncio.wait_for(socket.recv(), 5))
    assert frame["type"] in ("location", "stats", "shot", "marker")
    assert time.monotonic() - silent_from >= 1.2  # silent until the 2 s were up
    await socket.close()
    bad = await api.put("/mock/courtside/do/live/test/stall", params={"seconds": 0})
    assert bad.status_code == 400
