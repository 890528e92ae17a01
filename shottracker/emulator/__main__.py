"""``python -m shottracker.emulator``: serve the emulator until SIGINT or SIGTERM.

It prints where it listens (``REST API: http://…`` and ``Live feed: ws://…/``) once both
ports are bound, so ``--port 0 --ws-port 0`` can be used and the ports read from stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from shottracker.emulator.app import Emulator
from shottracker.emulator.security import parse_credentials
from shottracker.tape import TapeError, read_tape

CREDENTIALS_ENV = "SHOTTRACKER_EMULATOR_CREDENTIALS"
MOCK_KEY_ENV = "SHOTTRACKER_EMULATOR_MOCK_KEY"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shottracker.emulator",
        description="Serve the ShotTracker REST API and live feed, driven by simulated games.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8080, help="REST API port (0: any free port)")
    parser.add_argument(
        "--ws-port", type=int, default=8081, help="live feed port (0: any free port)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of teams, games and history")
    parser.add_argument("--speed", type=float, default=1.0, help="game time per wall time")
    parser.add_argument(
        "--games", type=int, default=None, help="games running at once (default 1, 0 with --tape)"
    )
    parser.add_argument(
        "--tape",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="serve a recorded tape as live sessions under its live ids (repeatable)",
    )
    parser.add_argument(
        "--loop", action="store_true", help="play the tapes again from the start when they end"
    )
    parser.add_argument(
        "--start-at",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="start the tapes this far in (tape time)",
    )
    parser.add_argument(
        "--insecure",
        action="store_true",
        help="serve without HMAC signatures (the spec's No Security Required mock)",
    )
    parser.add_argument(
        "--credential",
        action="append",
        default=[],
        metavar="USER:SECRET[:TYPES]",
        help="an extra credential, TYPES like STATS+SHOTS (repeatable; also "
        f"${CREDENTIALS_ENV}, comma-separated)",
    )
    parser.add_argument("--location-hz", type=int, default=25, help="location samples per second")
    parser.add_argument("--half-minutes", type=float, default=20.0, help="length of a half")
    parser.add_argument(
        "--connection-timeout-ms",
        type=int,
        default=120_000,
        help="idle time after which the feed closes a socket",
    )
    parser.add_argument(
        "--mock-key",
        default=os.environ.get(MOCK_KEY_ENV, "courtside"),
        help=f"the {{key}} of the /mock/ endpoints (also ${MOCK_KEY_ENV})",
    )
    args = parser.parse_args(argv)  # fmt: skip
    try:
        args.credentials = parse_credentials(
            " ".join([os.environ.get(CREDENTIALS_ENV, ""), *args.credential])
        )
    except ValueError as exc:
        parser.error(str(exc))
    if args.speed <= 0:
        parser.error("--speed must be positive")
    if args.games is None:
        args.games = 0 if args.tape else 1
    if args.games < 0:
        parser.error("--games must not be negative")
    if args.start_at < 0:
        parser.error("--start-at must not be negative")
    args.tapes = []
    for path in args.tape:
        try:
            args.tapes.append(read_tape(path, hold_feed=False))
        except (OSError, TapeError) as exc:
            parser.error(f"--tape {path}: {exc}")
    if not 0 <= args.location_hz <= 120:
        parser.error("--location-hz must be within 0-120")
    return args


async def serve(args: argparse.Namespace) -> None:
    """Run the emulator until a signal asks it to stop."""
    emulator = Emulator(
        host=args.host,
        port=args.port,
        ws_port=args.ws_port,
        seed=args.seed,
        speed=args.speed,
        games=args.games,
        insecure=args.insecure,
        credentials=args.credentials,
        location_hz=args.location_hz,
        half_minutes=args.half_minutes,
        connection_timeout_ms=args.connection_timeout_ms,
        mock_key=args.mock_key,
        tapes=args.tapes,
        tape_loop=args.loop,
        tape_start_at_s=args.start_at,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await emulator.start()
    security = "off (--insecure)" if args.insecure else "HMAC required"
    print(f"REST API: {emulator.api_url}", flush=True)
    print(f"Live feed: {emulator.ws_url}", flush=True)
    print(f"seed {args.seed}, speed {args.speed:g}, games {args.games}, security {security}; "
          "live id 'test' loops for ever", flush=True)  # fmt: skip
    for player in emulator.tapes.players:
        tape = player.tape
        print(f"tape: event {tape.event_id} as live {', '.join(player.live_ids)} "
              f"({(tape.ended_at - tape.started_at) / 1000:.1f} s)", flush=True)  # fmt: skip
    try:
        await stop.wait()
    finally:
        await emulator.stop()
    print("stopped", flush=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
