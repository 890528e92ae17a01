"""``manage.py record`` as a process: it follows a game across its halves and stops cleanly."""

from __future__ import annotations

import asyncio
import gzip
import os
import signal
import sys

import pytest

from shottracker.emulator import Emulator
from shottracker.resources import CatchUp
from shottracker.tape import read_tape
from tests.stack import ROOT, truth, truth_of

pytestmark = pytest.mark.timeout(120)


async def record(emulator: Emulator, live_id: str, out) -> asyncio.subprocess.Process:
    env = {**os.environ, "SHOTTRACKER_API_URL": emulator.api_url,
           "SHOTTRACKER_WS_URL": emulator.ws_url, "PYTHONUNBUFFERED": "1"}  # fmt: skip
    process = await asyncio.create_subprocess_exec(
        sys.executable, "manage.py", "record", "--live-id", live_id, "--out", str(out),
        cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    line = await asyncio.wait_for(process.stdout.readline(), 30)
    assert line.startswith(b"recording " + live_id.encode()), line
    return process


@pytest.fixture
async def emulator():
    async with Emulator(
        port=0, ws_port=0, seed=51, games=0, loop_test=False, autostart_games=False
    ) as emu:
        yield emu


async def test_a_recording_follows_play_next_to_the_end_of_the_game(emulator, tmp_path):
    # 6 s halves: the command is recording before the first half ends, even on a busy machine.
    handle = emulator.start_game(seed=51, half_minutes=2.0, speed=20.0, location_hz=2)
    out = tmp_path / "game.jsonl.gz"
    process = await record(emulator, handle.live_ids[0], out)
    output, _ = await asyncio.wait_for(process.communicate(), 60)  # it ends with the game
    assert process.returncode == 0, output.decode()
    tape = read_tape(out)
    assert tape.live_ids == handle.live_ids
    assert {f.live_id for f in tape.feed} == set(handle.live_ids)
    assert truth_of(CatchUp.from_json(tape.final_catch_up())) == await truth(
        emulator, handle.event_id
    )
    assert f"recorded {', '.join(handle.live_ids)}" in output.decode()


async def test_sigint_ends_a_recording_with_a_whole_tape(emulator, tmp_path):
    handle = emulator.start_game(seed=52, half_minutes=20.0, speed=10.0, location_hz=2)
    out = tmp_path / "stopped.jsonl.gz"
    process = await record(emulator, handle.live_ids[0], out)
    await asyncio.sleep(1.5)
    process.send_signal(signal.SIGINT)
    output, _ = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, output.decode()
    gzip.decompress(out.read_bytes())  # the gzip trailer is there: the tape is complete
    tape = read_tape(out)
    assert tape.header["live_ids"] == [handle.live_ids[0]]
    assert len([f for f in tape.feed if f.raw]) > 10
    # The last catch-up came after the last frame: the tape's end state is known.
    assert tape.replies[-1].kind == "catch_up" and tape.replies[-1].t >= tape.feed[-1].t
