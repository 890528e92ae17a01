"""Tapes through the relay: a tape replays to what was live, and recording never harms relaying.

The relay runs as in production (its own process, real Redis, the test database); the
emulator in the test serves the tape. Each check reads the outcome through the public
state JSON and compares every stat of every player, the score, every shot and every play.
"""

from __future__ import annotations

import asyncio
import errno
import gzip
import io
import logging

import pytest
from asgiref.sync import sync_to_async

from broadcast.models import Game
from shottracker.emulator import Emulator
from shottracker.resources import CatchUp
from shottracker.tape import Tape, read_tape
from tests.stack import (
    RelayProcess,
    assert_equal_to_truth,
    seen,
    state_when_final,
    truth,
    truth_of,
)
from tests.tapes import tape_paths

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack, pytest.mark.timeout(240)]

# 6 s halves: a relay process attaches before the first ends, even on a busy machine.
GAME = {"half_minutes": 2.0, "speed": 20.0, "location_hz": 2}


def final_truth(tape: Tape) -> dict:
    body = tape.final_catch_up()
    assert body is not None, "the tape has no catch-up reply to compare with"
    return truth_of(CatchUp.from_json(body))


async def replay(tape: Tape, redis_url: str, tmp_path, *, speed: float = 1.0) -> dict:
    """Serve ``tape`` to a relay that follows its first live id; the state when final."""
    async with Emulator(
        port=0, ws_port=0, games=0, loop_test=False, autostart_games=False,
        tapes=[tape], speed=speed, autostart_tapes=False,
    ) as emulator:  # fmt: skip
        relay = RelayProcess(
            emulator, redis_url, [tape.live_ids[0]], log_path=tmp_path / "replay-relay.log"
        )
        relay.start()
        try:
            await relay.ready()
            emulator.start_tapes()  # from its first frame, with the relay attached
            await asyncio.wait_for(emulator.tapes.players[0].finished.wait(), 120)
            expected = final_truth(tape)
            return await state_when_final(tape.event_id, expected["last_version"])
        finally:
            assert relay.stop() == 0, "the relay did not stop cleanly on SIGTERM"


@pytest.mark.parametrize("path", tape_paths(), ids=lambda p: p.name)
async def test_a_tape_in_tests_tapes_replays_through_the_relay_to_its_final_catch_up(
    path, redis_url, tmp_path
):
    tape = read_tape(path, hold_feed=False)  # as the emulator's --tape reads it
    state = await replay(tape, redis_url, tmp_path)
    expected = final_truth(tape)
    assert expected["plays"], "the tape has no plays: the test would prove nothing"
    assert_equal_to_truth(expected, state)
    assert state["live_ids"] == tape.live_ids


async def test_a_game_the_relay_recorded_replays_to_the_same_final_state(redis_url, tmp_path):
    async with Emulator(
        port=0, ws_port=0, seed=41, games=0, loop_test=False, autostart_games=False
    ) as emulator:
        handle = emulator.start_game(seed=41, **GAME)
        live = RelayProcess(
            emulator, redis_url, [handle.live_ids[0]],
            log_path=tmp_path / "live-relay.log", extra_args=["--record-dir", str(tmp_path)],
        )  # fmt: skip
        live.start()
        try:
            # Feed connections cut in the second half (not across PLAY_NEXT: a relay still
            # reconnecting when a half ends learns of the next one only from _search).
            await handle.live_id(1)
            drops = 0
            while not handle.finished.is_set() and drops < 3:
                await asyncio.sleep(0.3)
                drops += emulator.drop_feed_connections() > 0
            await asyncio.wait_for(handle.finished.wait(), 120)
            expected = await truth(emulator, handle.event_id)
            live_state = await state_when_final(handle.event_id, expected["last_version"])
            # The game is final: its tape is complete while the relay goes on.
            (path,) = tmp_path.glob("*.jsonl.gz")
            await asyncio.wait_for(complete(path), 10)
        finally:
            assert live.stop() == 0
    assert_equal_to_truth(expected, live_state)
    tape = read_tape(path)
    assert tape.live_ids == handle.live_ids
    assert sum(1 for f in tape.feed if f.raw is None) == drops >= 1

    await sync_to_async(lambda: Game.objects.filter(event_id=handle.event_id).delete())()
    replayed = await replay(tape, redis_url, tmp_path)
    assert seen(replayed) == seen(live_state)
    assert replayed["live_ids"] == live_state["live_ids"]
    assert replayed["health"]["reconnects"] >= drops  # the recorded drops happened again


async def complete(path) -> None:
    """Wait until ``path`` is a whole gzip file (its trailer written)."""
    while True:
        try:
            gzip.decompress(path.read_bytes())
            return
        except (EOFError, gzip.BadGzipFile):
            await asyncio.sleep(0.1)


class FullDisk(io.RawIOBase):
    """A tape file on a disk that fills after a few kilobytes."""

    def __init__(self, room: int) -> None:
        self.room = room

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return len(data)


async def test_a_tape_that_cannot_be_written_stops_recording_and_the_relay_goes_on(
    memory_layer, caplog, settings
):
    from broadcast.relay.service import Relay
    from shottracker.client import ShotTrackerClient
    from shottracker.recording import Recorder
    from tests.stack import api_get

    disk = FullDisk(room=4_000)
    recorder = Recorder(out="full-disk.jsonl.gz", file_of=lambda path: disk)
    async with Emulator(
        port=0, ws_port=0, seed=42, games=0, loop_test=False, autostart_games=False
    ) as emulator:
        handle = emulator.start_game(seed=42, **GAME)
        async with ShotTrackerClient(
            emulator.api_url, settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET,
            on_reply=recorder.reply,
        ) as client:  # fmt: skip
            relay = Relay(client, emulator.ws_url, discover_interval=None, recorder=recorder)
            with caplog.at_level(logging.ERROR, logger="shottracker.tape"):
                await relay.start([handle.live_ids[0]])
                game = relay.games[handle.event_id]
                await asyncio.wait_for(handle.finished.wait(), 120)
                await asyncio.wait_for(game.finished.wait(), 60)
                expected = await truth(emulator, handle.event_id)
                await relay.stop()
    recorder.close()
    (tape,) = recorder.tapes.values()
    assert isinstance(tape.failed, OSError) and tape.failed.errno == errno.ENOSPC
    assert any("recording to full-disk.jsonl.gz stopped" in r.message for r in caplog.records)
    response = await asyncio.to_thread(api_get, f"/api/games/{handle.event_id}/state")
    assert_equal_to_truth(expected, response.json())
