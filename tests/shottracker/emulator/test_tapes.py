"""A tape served by the emulator: live under its recorded ids, paced as recorded, REST as it was."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

import pytest
from websockets.exceptions import ConnectionClosed

from shottracker.tape import TapeWriter, read_tape
from tests.shottracker.emulator.conftest import next_frame, open_feed, subscribe
from tests.tapes import tape_paths

START = 1_700_000_000_000
TEAMS = [{"id": 1, "name": "Hawks"}, {"id": 2, "name": "Owls"}]


def info(live_id: str) -> dict:
    live = {"id": live_id, "type": "GAME_ROUND", "name": None, "started_at": START,
            "facility_name": "Hall", "court_name": "Main", "location_id": "/x/y",
            "is_practice_event": False, "is_game_event": True,
            "event": {"id": "ev-t", "name": "Hawks vs Owls", "started_at": START}}  # fmt: skip
    return {"teams": [{**team, "live": live} for team in TEAMS]}


def stats_body(points: float, version: int) -> dict:
    player = {"id": 11, "player_details": {"id": 11, "firstname": "Ann", "lastname": "Lee"},
              "version": version, "stats": {"PTS": points}}  # fmt: skip
    return {"teams": [{"id": 1, "player_stats": [player]}, {"id": 2, "player_stats": []}]}


def marker(kind: str, at: int, live_id: str | None = None) -> str:
    data = {"occurred_at": at, "type": kind, **({"live_id": live_id} if live_id else {})}
    return json.dumps({"type": "marker", "data": data}, separators=(",", ":"))


@pytest.fixture
def short_tape(tmp_path):
    """Half 1 (h1) for 2 s with live stats answers at 0, 0.5 and 1.2 s, then PLAY_NEXT to h2."""
    path = tmp_path / "short.jsonl.gz"
    header = {"event_id": "ev-t", "event_name": "Hawks vs Owls", "kind": "game", "teams": TEAMS,
              "live_ids": ["h1"], "started_at": START}  # fmt: skip
    writer = TapeWriter(path, header)
    writer.write({"t": START, "rest": "info", "live_id": "h1", "body": info("h1")})
    sub = {"token": "recorded-token", "token_data_types": ["STATS"], "active_state": "LIVE",
           "teams": [{**t, "players": []} for t in TEAMS],
           "event_completed_results": []}  # fmt: skip
    writer.write({"t": START + 5, "rest": "subscribe", "live_id": "h1", "body": sub})
    ack = '{"type":"ack","action":"subscribe","data":{}}'
    writer.write({"t": START + 10, "live_id": "h1", "feed": ack})
    for at, points in ((0, 0.0), (500, 2.0), (1_200, 5.0)):
        writer.write({"t": START + at + 20, "rest": "stats", "live_id": "h1",
                      "body": stats_body(points, at)})  # fmt: skip
    writer.write({"t": START + 300, "live_id": "h1", "feed": marker("LIVE", START + 300)})
    writer.write({"t": START + 1_000, "live_id": "h1", "lost": True})
    writer.write({"t": START + 1_500, "live_id": "h1", "feed": marker("PAUSED", START + 1_500)})
    writer.write({"t": START + 2_000, "live_id": "h1",
                  "feed": marker("PLAY_NEXT", START + 2_000, "h2")})  # fmt: skip
    writer.write({"t": START + 2_010, "rest": "info", "live_id": "h2", "body": info("h2")})
    # The final catch-up of h1, 60 ms after the PLAY_NEXT that asked for it.
    writer.write({"t": START + 2_060, "rest": "stats", "live_id": "h1",
                  "body": stats_body(7.0, 2_000)})  # fmt: skip
    writer.write({"t": START + 2_500, "live_id": "h2", "feed": marker("PLAY_END", START + 2_500)})
    writer.close()
    return read_tape(path)


async def test_a_tape_is_listed_by_search_under_its_recorded_live_id(short_tape, api_and_tape):
    api, _emulator = await api_and_tape(short_tape)
    listed = (await api.get("/v1/data/live/_search")).json()["live"]
    assert [(e["id"], e["event"]["id"], [t["name"] for t in e["teams"]]) for e in listed] == [
        ("h1", "ev-t", ["Hawks", "Owls"])
    ]
    assert (await api.get("/v1/data/live/h1")).json() == info("h1")
    assert (await api.get("/v1/data/live/h2")).status_code == 404  # not opened yet


@pytest.mark.parametrize(
    ("start_at", "points", "version"),
    [(0.0, 0.0, 0), (0.6, 2.0, 500), (1.3, 5.0, 1_200), (2.002, 7.0, 2_000)],
)
async def test_rest_answers_the_latest_reply_recorded_before_the_play_position(
    short_tape, api_and_tape, start_at, points, version
):
    # At 1/100 speed the play position stays where it starts for the test's few requests.
    # Just after PLAY_NEXT (2.002 s) it is the reply the recorder got for that marker.
    api, _emulator = await api_and_tape(short_tape, speed=0.01, start_at=start_at)
    body = (await api.get("/v1/data/live/h1/stats")).json()
    assert body == stats_body(points, version)


async def test_a_subscription_gets_a_fresh_token_and_the_feed_plays_at_the_recorded_pace(
    short_tape, api_and_tape
):
    api, emulator = await api_and_tape(short_tape, speed=2.0)
    sub = await subscribe(api, "h1")
    assert sub["token"] != "recorded-token" and sub["teams"][0]["name"] == "Hawks"
    socket = await open_feed(emulator, sub["token"])
    started = time.monotonic()
    assert (await next_frame(socket))["type"] == "ack"  # the emulator's own, not the tape's
    live = await next_frame(socket)
    assert live["data"]["type"] == "LIVE"
    # Recorded 300 ms after the start, played at 2x: 150 ms in.
    assert 0.1 < time.monotonic() - started < 0.4
    await asyncio.wait_for(socket.wait_closed(), 5)  # the recorded lost connection at 1 s
    assert 0.4 < time.monotonic() - started < 0.8


async def test_the_next_half_opens_at_play_next_and_the_first_ends_with_it(
    short_tape, api_and_tape
):
    api, emulator = await api_and_tape(short_tape, speed=4.0)
    player = emulator.tapes.players[0]
    await asyncio.sleep((2_100 - player.position_ms()) / 4_000)  # 2.1 s of tape at 4x
    assert (await api.get("/v1/data/live/h1")).status_code == 400  # no longer active
    assert (await api.get("/v1/data/live/h2")).json() == info("h2")
    assert [e["id"] for e in (await api.get("/v1/data/live/_search")).json()["live"]] == ["h2"]
    await asyncio.wait_for(player.finished.wait(), 5)
    assert (await api.get("/v1/data/live/_search")).json()["live"] == []


async def test_with_loop_the_tape_plays_again_as_a_new_game(short_tape, api_and_tape):
    api, emulator = await api_and_tape(short_tape, speed=10.0, loop=True)
    player = emulator.tapes.players[0]
    await asyncio.sleep((player.end_ms + 300) / 10_000)  # the end, and 0.3 s of tape more
    assert player.lap == 1
    listed = (await api.get("/v1/data/live/_search")).json()["live"]
    assert [(e["id"], e["event"]["id"]) for e in listed] == [("h1-r1", "ev-t-r1")]
    assert (await api.get("/v1/data/live/h1")).status_code == 400  # the first lap's is over


@pytest.mark.parametrize("hold_feed", [True, False], ids=["held", "read-again"])
@pytest.mark.parametrize("path", tape_paths(), ids=lambda p: p.name)
async def test_a_fixture_tapes_feed_frames_are_sent_as_recorded(path, hold_feed, api_and_tape):
    tape = read_tape(path)
    api, emulator = await api_and_tape(read_tape(path, hold_feed=hold_feed), speed=4.0)
    first = tape.live_ids[0]
    sub = await subscribe(api, first)
    socket = await open_feed(emulator, sub["token"])
    await next_frame(socket)  # ack
    expected = [f.raw for f in tape.feed if f.live_id == first and f.raw
                and json.loads(f.raw)["type"] not in ("ack", "pong")]  # fmt: skip
    got = []
    with contextlib.suppress(ConnectionClosed):  # a recorded lost connection cuts it
        async for text in socket:
            got.append(text)
    # From the moment it connected to the first recorded lost connection (or the half's
    # end): every frame, in order, byte for byte.
    assert got
    assert any(expected[i : i + len(got)] == got for i in range(len(expected))), "not as recorded"
    after = expected.index(got[-1]) + 1
    lost = [f.t for f in tape.feed if f.live_id == first and f.raw is None]
    assert lost or after == len(expected), "frames of the half are missing at its end"
