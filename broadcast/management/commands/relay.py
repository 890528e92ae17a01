"""``manage.py relay``: attach to live sessions and keep them relayed until stopped."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from broadcast.relay import heartbeat
from broadcast.relay.service import Relay
from shottracker.client import ShotTrackerClient
from shottracker.recording import Recorder


class Command(BaseCommand):
    help = (
        "Relay ShotTracker live sessions into the channel layer: catch up from REST, follow "
        "the live feed, PLAY_NEXT/DRILL_NEXT and notifications, store every message."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--live-id",
            action="append",
            default=[],
            dest="live_ids",
            help="a live id to attach (repeatable); without one, every live session found",
        )
        parser.add_argument(
            "--alive",
            action="store_true",
            help="relay nothing: exit 0 if a relay's heartbeat is younger than "
            "COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S, else 1 (a container's health check)",
        )
        parser.add_argument(
            "--no-notify",
            action="store_true",
            help="do not register COURTSIDE_PUBLIC_URL for live notifications",
        )
        parser.add_argument(
            "--record-dir",
            type=Path,
            help="also record every game followed to a tape in this folder (see README, Rehearse)",
        )

    def handle(
        self,
        *args,
        live_ids: list[str],
        no_notify: bool,
        alive: bool,
        record_dir: Path | None,
        **options,
    ) -> None:
        if alive:
            self._alive()
            return
        asyncio.run(self._run(live_ids, notify=not no_notify, record_dir=record_dir))

    def _alive(self) -> None:
        last = heartbeat.last_beat_ms()
        max_age_s = settings.COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S
        if last is None:
            raise CommandError("no relay heartbeat yet")
        age_s = time.time() - last / 1000
        if age_s > max_age_s:
            raise CommandError(f"the relay's last heartbeat is {age_s:.0f} s old (> {max_age_s})")
        self.stdout.write(f"the relay beat {age_s:.1f} s ago")

    async def _run(self, live_ids: list[str], *, notify: bool, record_dir: Path | None) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        # SIGTERM (docker stop, systemd) and Ctrl-C end the loop cleanly: feeds closed,
        # pending rows stored, so a restart has nothing to redo.
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        recorder = Recorder(record_dir) if record_dir is not None else None
        async with ShotTrackerClient(
            settings.SHOTTRACKER_API_URL,
            settings.SHOTTRACKER_USERNAME,
            settings.SHOTTRACKER_SECRET,
            on_reply=recorder.reply if recorder is not None else None,
        ) as client:
            relay = Relay(
                client,
                settings.SHOTTRACKER_WS_URL,
                api_url=settings.SHOTTRACKER_API_URL,
                frame_hz=settings.COURTSIDE_FRAME_HZ,
                public_url=settings.COURTSIDE_PUBLIC_URL if notify else None,
                recorder=recorder,
            )
            await relay.start(live_ids, attach_all=not live_ids)
            self.stdout.write(
                f"relaying from {settings.SHOTTRACKER_API_URL}: "
                f"{len(relay.games)} game(s) attached; Ctrl-C to stop",
            )
            self.stdout.flush()
            await stop.wait()
            self.stdout.write("stopping: closing feeds and storing what is pending")
            with contextlib.suppress(asyncio.CancelledError):
                await relay.stop()
            if recorder is not None:
                # After the feeds closed: each tape gets its last lines and its gzip trailer.
                await asyncio.to_thread(recorder.close)
                for path in recorder.paths:
                    self.stdout.write(f"tape: {path}")
