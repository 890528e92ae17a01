"""``python -m bench.emulator``: the ShotTracker emulator with as many games as a run needs.

The emulator's command line plays at most seven games at once (its league has sixteen
mascots and every game needs two teams of its own); target 2 needs twenty. This starts
the emulator through its Python API with up to seven and then more games, teams playing two
games at once where they must (nobody compares rosters across games here), and without
the looping practice ``test`` that no scenario follows. It prints the same
``REST API: …`` and ``Live feed: …`` lines as ``python -m shottracker.emulator``.
"""

from __future__ import annotations

import argparse
import asyncio
import signal

from shottracker.emulator import Emulator

MAX_LEAGUE_GAMES = 7


async def serve(args: argparse.Namespace) -> None:
    emulator = Emulator(
        port=0,
        ws_port=0,
        seed=args.seed,
        speed=args.speed,
        games=min(args.games, MAX_LEAGUE_GAMES),
        location_hz=args.location_hz,
        half_minutes=args.half_minutes,
        loop_test=False,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await emulator.start()
    for _ in range(args.games - MAX_LEAGUE_GAMES):
        emulator.start_game()
    print(f"REST API: {emulator.api_url}", flush=True)
    print(f"Live feed: {emulator.ws_url}", flush=True)
    try:
        await stop.wait()
    finally:
        await emulator.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.emulator", description=__doc__)
    parser.add_argument("--games", type=int, default=1)
    parser.add_argument("--speed", type=float, default=1.0)
    parser.add_argument("--location-hz", type=int, default=25)
    parser.add_argument("--half-minutes", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=8)
    asyncio.run(serve(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
