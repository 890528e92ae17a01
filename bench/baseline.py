"""The baseline: a plain ``websockets`` server broadcasting the stack's frames at its rate.

``python -m bench.baseline --frames FILE [--port 0] [--hz 25]`` replays position frames
recorded from the stack (one JSON text per line) to every connected socket, ``hz``
times a second. Each frame is renumbered and stamped with ``relay_ms`` = the moment it
is broadcast, serialized once, and sent with ``websockets.broadcast``: no channel
layer, no ASGI, no per-client work. It prints ``listening on ws://…/`` once bound.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import time
from pathlib import Path

from websockets.asyncio.server import broadcast, serve


async def broadcast_frames(server, frames: list[dict], hz: float) -> None:
    """Send one frame per period to every open connection, on an absolute clock."""
    loop = asyncio.get_running_loop()
    period = 1.0 / hz
    next_at = loop.time()
    number = 0
    while True:
        next_at += period
        await asyncio.sleep(max(0.0, next_at - loop.time()))
        if loop.time() - next_at > period:
            next_at = loop.time()  # fell behind: skip ahead, never burst (as the relay does)
        frame = dict(frames[number % len(frames)])
        number += 1
        frame["frame"] = number
        frame["relay_ms"] = int(time.time() * 1000)
        broadcast(server.connections, json.dumps(frame, separators=(",", ":")))


async def _hold(ws) -> None:
    await ws.wait_closed()


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline", description=__doc__)
    parser.add_argument("--frames", type=Path, required=True, help="recorded frames, one a line")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--hz", type=float, default=25.0)
    args = parser.parse_args(argv)
    frames = [json.loads(line) for line in args.frames.read_text().splitlines() if line.strip()]
    if not frames:
        parser.error(f"{args.frames} holds no frame")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    # The same client options as against the stack: no compression, no keepalive pings
    # beyond what the client asks for.
    async with serve(_hold, "127.0.0.1", args.port, compression=None, max_queue=16) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"listening on ws://127.0.0.1:{port}/", flush=True)
        ticker = asyncio.create_task(broadcast_frames(server, frames, args.hz))
        await stop.wait()
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker


if __name__ == "__main__":
    asyncio.run(main())
