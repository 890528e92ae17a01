"""Record the fixture tapes again: ``python -m tests.tapes.regenerate [--out DIR]``.

Each tape is a short emulator game (1-minute halves at 60x, so a few seconds long;
locations at 1 Hz, which keeps a file under 100 KB) recorded by ``record_live`` as
``manage.py record`` does, with one of the emulator's faults on the wire. Every game
has a half change (PLAY_NEXT) and the simulator's own stat corrections.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from shottracker.client import ShotTrackerClient
from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Chaos, Emulator, GameHandle
from shottracker.recording import Recorder, record_live
from tests.tapes import TAPES

GAME = {"half_minutes": 1.0, "speed": 60.0, "location_hz": 1}
Faults = Callable[[Emulator, GameHandle], Awaitable[None]]


async def drop_feeds(emulator: Emulator, handle: GameHandle) -> None:
    """Cut the feed connection three times in the second half (reconnect, catch up).

    Not near PLAY_NEXT: a relay that is reconnecting when the first half ends finds it
    over and learns of the second half only from ``_search``, live or replayed alike.
    """
    await handle.live_id(1)
    for _ in range(3):
        await asyncio.sleep(0.3)
        emulator.drop_feed_connections()


# name -> (emulator seed, game seed, wire faults, mid-game faults, kind)
FIXTURES: dict[str, tuple[int, int, Chaos | None, Faults | None, str]] = {
    "game-halves": (31, 31, None, None, "game"),
    "game-dropped-feed": (32, 32, None, drop_feeds, "game"),
    "game-duplicated-and-reordered": (33, 33, Chaos(duplicate_stats=0.3, reorder_stats=0.3), None,
                                      "game"),
}  # fmt: skip


async def record_fixture(name: str, out: Path) -> Path:
    """Play one fixture's game on an emulator and record it to ``out/<name>.jsonl.gz``."""
    emulator_seed, seed, chaos, faults, kind = FIXTURES[name]
    path = out / f"{name}.jsonl.gz"
    async with Emulator(
        port=0, ws_port=0, seed=emulator_seed, games=0, loop_test=False,
        autostart_games=False, chaos=chaos,
    ) as emulator:  # fmt: skip
        handle = emulator.start_game(seed=seed, kind=kind, **GAME)
        recorder = Recorder(out=path)
        async with ShotTrackerClient(
            emulator.api_url, MOCK_USERNAME, MOCK_SECRET, on_reply=recorder.reply
        ) as client:
            extra = asyncio.create_task(faults(emulator, handle)) if faults else None
            await record_live(
                client, emulator.ws_url, handle.live_ids[0], recorder, asyncio.Event()
            )
            if extra is not None:
                extra.cancel()
        await asyncio.to_thread(recorder.close)
    return path


async def main(out: Path) -> None:
    for name in FIXTURES:
        path = await record_fixture(name, out)
        print(f"{path}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m tests.tapes.regenerate")
    parser.add_argument("--out", type=Path, default=TAPES, help="folder (default: tests/tapes)")
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(out))
