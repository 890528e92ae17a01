"""The load client counts what a real websocket server sends: lag, seq gaps, a server's close."""

from __future__ import annotations

import asyncio
import json
import time

from websockets.asyncio.server import serve

from bench.loadclient import Crowd, _trickle_from, stalled_client

ORIGIN = "http://127.0.0.1"


def message(kind: str, **fields) -> str:
    return json.dumps({"type": kind, "relay_ms": int(time.time() * 1000), **fields})


async def test_a_crowd_counts_deltas_and_the_seq_numbers_it_never_got():
    release = asyncio.Event()

    async def game(ws):
        await ws.send(message("snapshot", seq=3))
        await release.wait()
        for seq in (4, 6, 7, 10):  # 5, 8 and 9 never come
            await ws.send(message("delta", seq=seq))
        await ws.send(message("frame", frame=1))
        await ws.wait_closed()

    async with serve(game, "127.0.0.1", 0) as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        crowd = Crowd(url, 2, origin=ORIGIN)
        await crowd.open()
        window = asyncio.create_task(crowd.measure(0.5))
        await asyncio.sleep(0.05)
        release.set()
        report = await window
        await crowd.close()
    assert (report.deltas, report.frames, report.seq_gaps, report.failed) == (8, 2, 6, 0)
    assert report.p50_ms is not None and report.p50_ms < 5_000


async def test_a_refused_socket_counts_as_failed():
    async def refuse(ws):
        await ws.close(code=4403)

    async with serve(refuse, "127.0.0.1", 0) as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        crowd = Crowd(url, 3, origin=ORIGIN)
        await crowd.open()
        await crowd.close()
    assert crowd.failed == 3 and crowd.errors == {"ConnectionClosedError": 3}


async def test_a_stalled_client_sees_when_the_server_closes_it_without_reading():
    async def impatient(ws):
        await ws.send(message("snapshot", seq=0))
        for n in range(20):
            await ws.send(message("frame", frame=n))
            await asyncio.sleep(0.02)
        ws.transport.abort()  # as a server that gave up on a slow reader

    async with serve(impatient, "127.0.0.1", 0) as server:
        url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
        report = await stalled_client(url, origin=ORIGIN, cookie=None, stall_s=10)
    # It stopped watching when the server went, not at the end of its ten seconds.
    assert report.closed_after_s is not None and report.closed_after_s < 5


def test_a_rate_that_falls_to_a_trickle_is_seen_from_the_second_it_fell():
    full = [s + i / 25 for s in range(3) for i in range(25)]
    trickle = [3.5, 4.5, 5.5, 6.5]
    assert _trickle_from(full + trickle, 7.0, per_s=5) == 3.0
    assert _trickle_from(full, 3.0, per_s=5) is None
