"""``manage.py demo``: the emulator, the relay and the web server in one process.

No other service: SQLite and the in-memory channel layer by default. The relay and the
web server share daphne's event loop (the in-memory layer lives in one loop); the
emulator runs on it too and is reached over real sockets, exactly as ShotTracker is.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from dashboard.roles import ensure_demo_admin, ensure_demo_coach, ensure_demo_operator

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run Courtside with its embedded ShotTracker emulator: one process, nothing else needed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address of the web server")
        parser.add_argument("--port", type=int, default=8000, help="port of the web server")
        parser.add_argument("--api-port", type=int, default=8080, help="emulator REST port")
        parser.add_argument("--ws-port", type=int, default=8081, help="emulator live-feed port")
        parser.add_argument("--seed", type=int, default=7, help="simulator seed")
        parser.add_argument("--speed", type=float, default=1.0, help="game time per real second")
        parser.add_argument("--games", type=int, default=1, help="games played at once")

    def handle(self, *args, **opts) -> None:
        from channels.routing import get_default_application
        from daphne.server import Server  # installs Twisted's asyncio reactor: import late
        from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
        from twisted.internet import defer, reactor

        from broadcast.relay.service import Relay
        from shottracker.client import ShotTrackerClient
        from shottracker.emulator import Emulator

        call_command("migrate", interactive=False, verbosity=0)
        application = get_default_application()  # settings.ASGI_APPLICATION: the project's wiring
        username, password = ensure_demo_operator()
        admin = ensure_demo_admin()
        host, port = opts["host"], opts["port"]
        emulator = Emulator(
            host="127.0.0.1",
            port=opts["api_port"],
            ws_port=opts["ws_port"],
            seed=opts["seed"],
            speed=opts["speed"],
            games=opts["games"],
            credentials=None,
        )
        running: dict = {}

        async def start() -> None:
            try:
                await emulator.start()
            except OSError as exc:
                log.error("the emulator could not listen: %s", exc)
                reactor.stop()
                return
            # The console's own calls (discovery, video marks) go to this emulator too,
            # whatever ports it was given.
            settings.SHOTTRACKER_API_URL = emulator.api_url
            settings.SHOTTRACKER_WS_URL = emulator.ws_url
            client = ShotTrackerClient(
                emulator.api_url, settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET
            )
            relay = Relay(
                client,
                emulator.ws_url,
                frame_hz=settings.COURTSIDE_FRAME_HZ,
                public_url=f"http://{host}:{port}",
                discover_interval=5.0,
            )
            running.update(client=client, relay=relay)
            await relay.start(attach_all=True)
            home = emulator.games[0].simulator.teams[0] if emulator.games else emulator.league[0]
            coach = await sync_to_async(ensure_demo_coach)(home.id, home.name)
            self.stdout.write(
                self.style.SUCCESS(f"\nCourtside is live at http://{host}:{port}/\n")
                + f"  log in as {username!r} with password {password!r}\n"
                + f"  coach of {home.name}: {coach[0]!r} with password {coach[1]!r}, at /coach/\n"
                + f"  staff (users, groups, coaches' teams): {admin[0]!r} with password "
                + f"{admin[1]!r}, at /admin/\n"
                + f"  ShotTracker emulator: {emulator.api_url} (feed {emulator.ws_url})\n"
                + "  Ctrl-C to stop\n"
            )

        async def stop() -> None:
            if "relay" in running:
                await running["relay"].stop()
                await running["client"].aclose()
            await emulator.stop()

        reactor.callWhenRunning(lambda: asyncio.ensure_future(start()))
        reactor.addSystemEventTrigger(
            "before", "shutdown", lambda: defer.Deferred.fromFuture(asyncio.ensure_future(stop()))
        )
        if settings.DEBUG:
            # One process, nothing in front of it: it serves the CSS and scripts itself.
            application = ASGIStaticFilesHandler(application)
        # With DEBUG off, WhiteNoise serves the collected files under their hashed names
        # (bin/run collects them first).
        server = Server(
            application=application,
            endpoints=[f"tcp:port={port}:interface={host}"],
            signal_handlers=True,
            verbosity=0,
        )
        try:
            server.run()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
