"""``manage.py record``: record a live game to a tape, to be replayed by the emulator."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError
from shottracker.recording import Recorder, record_live


class Command(BaseCommand):
    help = (
        "Record a live session (and the sessions PLAY_NEXT/DRILL_NEXT lead to) to a tape: "
        "every feed frame and the REST replies a relay uses, with their receipt times. "
        "Replay it with: python -m shottracker.emulator --tape FILE"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--live-id", required=True, help="the live id to record from")
        parser.add_argument(
            "--out",
            type=Path,
            help="the tape file (default: <live id>-<epoch ms>.jsonl.gz in the current folder)",
        )

    def handle(self, *args, live_id: str, out: Path | None, **options) -> None:
        out = out or Path(f"{live_id}-{int(time.time() * 1000)}.jsonl.gz")
        asyncio.run(self._run(live_id, out))

    async def _run(self, live_id: str, out: Path) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # Ctrl-C and SIGTERM end the recording with one last catch-up and a whole tape.
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        recorder = Recorder(out=out)
        try:
            async with ShotTrackerClient(
                settings.SHOTTRACKER_API_URL,
                settings.SHOTTRACKER_USERNAME,
                settings.SHOTTRACKER_SECRET,
                on_reply=recorder.reply,
            ) as client:
                self.stdout.write(f"recording {live_id} to {out}; Ctrl-C to stop")
                self.stdout.flush()
                live_ids = await record_live(
                    client, settings.SHOTTRACKER_WS_URL, live_id, recorder, stop
                )
        except ShotTrackerError as exc:
            raise CommandError(f"cannot record {live_id}: {exc}") from None
        finally:
            await asyncio.to_thread(recorder.close)
        tape = recorder.tapes and next(iter(recorder.tapes.values()))
        if tape and tape.failed is not None:
            raise CommandError(f"the tape {out} is incomplete: {tape.failed}")
        lines = tape.lines if tape else 0
        self.stdout.write(f"recorded {', '.join(live_ids)}: {lines} lines in {out}")
