"""The relay service: every game it follows, the control channel, live notifications.

Runs as ``manage.py relay`` (production: its own process, Redis between it and the
web processes) or inside ``manage.py demo`` (one process, in-memory layer). Control
requests (attach a live id, a session ended) arrive on the channel layer from the web
processes: the operator's attach action and ShotTracker's notify callbacks.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer

from broadcast import groups
from broadcast.models import Game, LiveSession, NotifyRegistration
from broadcast.relay import heartbeat
from broadcast.relay.game import GameRelay
from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError

log = logging.getLogger(__name__)

NOTIFY_PATH = "/hooks/shottracker/notify"


class Relay:
    """Follows live sessions until stopped."""

    def __init__(
        self,
        client: ShotTrackerClient,
        ws_url: str,
        *,
        api_url: str = "",
        frame_hz: int = 25,
        public_url: str | None = None,
        discover_interval: float | None = 30.0,
        health_interval: float = 1.0,
        heartbeat_interval: float = heartbeat.INTERVAL_S,
        recorder=None,
    ) -> None:
        self.client = client
        # Records every game followed to a tape (``relay --record-dir``); the client's
        # replies reach it through the client's own ``on_reply``.
        self.recorder = recorder
        self.api_url = api_url
        self.ws_url = ws_url
        self.frame_hz = frame_hz
        self.public_url = public_url
        self.discover_interval = discover_interval
        self.health_interval = health_interval
        self.heartbeat_interval = heartbeat_interval
        self.name = heartbeat.relay_name()
        self.games: dict[str, GameRelay] = {}
        self._tasks: list[asyncio.Task] = []
        self._attach_lock = asyncio.Lock()
        self._requests: set[asyncio.Task] = set()
        self.notify_id: str | None = None

    async def start(self, live_ids: list[str] = (), *, attach_all: bool = False) -> None:
        """Restore unfinished games, register for notifications, attach, listen."""
        self._tasks.append(asyncio.create_task(self._beat(), name="relay:heartbeat"))
        await self._restore()
        if self.public_url:
            await self._register_notify()
        for live_id in live_ids:
            await self.attach(live_id)
        if attach_all:
            await self.discover(follow_all=True)
        self._tasks.append(asyncio.create_task(self._listen(), name="relay:control"))
        if self.discover_interval:
            self._tasks.append(
                asyncio.create_task(self._discover_loop(attach_all), name="relay:discover")
            )

    async def _beat(self) -> None:
        """The heartbeat ``/healthz`` reads; a failed write is retried at the next beat."""
        while True:
            try:
                await sync_to_async(heartbeat.beat, thread_sensitive=True)(
                    self.name, len(self.games)
                )
            except Exception:
                log.warning("storing the relay's heartbeat failed", exc_info=True)
            await asyncio.sleep(self.heartbeat_interval)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await asyncio.gather(*(game.stop() for game in self.games.values()))

    async def attach(self, live_id: str) -> GameRelay | None:
        """Follow a live session (and so its game); None when the API refuses the id."""
        async with self._attach_lock:
            relay = self._relay_of(live_id)
            if relay is not None and relay.is_following(live_id):
                return relay
            try:
                info = await self.client.live_info(live_id)
            except ShotTrackerError as exc:
                log.warning("cannot attach %s: %s", live_id, exc)
                return None
            live = info.live
            kind = "game" if live.is_game_event else "practice"
            relay = await self._game(live.event.id, live.event.name or live.name or "", kind)
            period = None if live.type == "GAME_ROUND" else (live.name or live.type.title())
            await relay.attach(
                live_id,
                session_type=live.type,
                period=period,
                started_at=live.started_at,
                name=live.name,
            )
            log.info("attached %s (%s) of %s", live_id, live.type, live.event.id)
            return relay

    async def finish(self, live_id: str) -> None:
        relay = self._relay_of(live_id)
        if relay is not None:
            await relay.finish(live_id)

    def _relay_of(self, live_id: str) -> GameRelay | None:
        for relay in self.games.values():
            if live_id in relay.feeds:
                return relay
        return None

    async def discover(self, *, follow_all: bool) -> None:
        """Attach live sessions of games we follow (and, with follow_all, every one)."""
        try:
            search = await self.client.search_live()
        except ShotTrackerError as exc:
            log.warning("searching live sessions failed: %s", exc)
            return
        for live in search.live:
            if follow_all or live.event.id in self.games:
                await self.attach(live.id)

    async def _game(self, event_id: str, name: str, kind: str) -> GameRelay:
        relay = self.games.get(event_id)
        if relay is None:
            game = await sync_to_async(_game_row, thread_sensitive=True)(event_id, name, kind)
            relay = await self._follow_game(game)
        return relay

    async def _follow_game(self, game: Game) -> GameRelay:
        """Start relaying a game row: its model rebuilt from the log, its tickers running."""
        relay = self.games.get(game.event_id)
        if relay is None:
            relay = GameRelay(
                game,
                self.client,
                self.ws_url,
                frame_hz=self.frame_hz,
                health_interval=self.health_interval,
                on_finished=self._finished,
                on_next=self.attach,
                recorder=self.recorder,
            )
            await relay.restore()
            relay.start()
            self.games[game.event_id] = relay
        return relay

    def _finished(self, relay: GameRelay) -> None:
        log.info("game %s is final", relay.event_id)
        if self.recorder is not None:
            self.recorder.finish(relay.event_id)  # its tape is complete from now on

    async def _restore(self) -> None:
        """Pick up the games a previous run was following, from the database alone.

        A session may have ended while no relay ran (ShotTracker then refuses its live
        info): its feed ends at once and its final catch-up fills in. A half or drill
        that started meanwhile is found through ``_search``.
        """
        sessions = await sync_to_async(_open_sessions, thread_sensitive=True)()
        for session in sessions:
            relay = await self._follow_game(session.game)
            await relay.attach(
                session.live_id,
                session_type=session.session_type,
                period=session.period or None,
                started_at=session.started_at_ms,
                name=session.name or None,
            )
        if sessions:
            await self.discover(follow_all=False)

    async def _register_notify(self) -> None:
        url = self.public_url.rstrip("/") + NOTIFY_PATH
        try:
            existing = await self.client.list_notifies()
            mine = [n for n in existing.notifications if n.url == url]
            if mine:
                notify_id = mine[0].id
            else:
                notify_id = await self.client.create_notify(url)
            await self.client.enable_end_notify(notify_id)
        except ShotTrackerError as exc:
            log.warning("registering the notify URL %s failed: %s", url, exc)
            return
        self.notify_id = notify_id
        await sync_to_async(_save_notify, thread_sensitive=True)(notify_id, url, self.api_url)
        log.info("notifications for %s registered as %s", url, notify_id)

    async def _listen(self) -> None:
        layer = get_channel_layer()
        channel = await layer.new_channel("relay.")
        await groups.join_control(channel)
        while True:
            message = await layer.receive(channel)
            live_id = message.get("live_id")
            if not isinstance(live_id, str) or not live_id:
                continue
            # Each request runs on its own so that a slow API cannot hold up the next.
            if message.get("type") == "relay.attach":
                self._spawn(self.attach(live_id))
            elif message.get("type") == "relay.finish":
                self._spawn(self.finish(live_id))

    def _spawn(self, coro) -> None:
        task = asyncio.create_task(coro)
        self._requests.add(task)
        task.add_done_callback(self._requests.discard)

    async def _discover_loop(self, follow_all: bool) -> None:
        while True:
            await asyncio.sleep(self.discover_interval)
            await self.discover(follow_all=follow_all)


def _game_row(event_id: str, name: str, kind: str) -> Game:
    game, created = Game.objects.get_or_create(
        event_id=event_id, defaults={"name": name, "kind": kind}
    )
    if not created and ((name and game.name != name) or game.kind != kind):
        game.name, game.kind = name or game.name, kind
        game.save(update_fields=["name", "kind"])
    return game


def _open_sessions() -> list[LiveSession]:
    return list(
        LiveSession.objects.filter(ended=False)
        .exclude(game__status=Game.Status.FINAL)
        .select_related("game")
    )


def _save_notify(notify_id: str, url: str, api_url: str) -> None:
    NotifyRegistration.objects.update_or_create(
        notify_id=notify_id, defaults={"url": url, "api_url": api_url}
    )
