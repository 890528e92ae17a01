"""One game under relay: its model, its feeds (one per live session), catch-up and publishing.

Every message goes the same way: the game log (``broadcast.log``) applies the SDK's typed
message to the model and gives back the row to store, numbered ``seq`` when it changed the
game; the writer stores it and publishes its delta after it is stored. This class keeps
only the I/O: the feeds, catch-up and its scheduling, the writer and the tickers.
Positions take a faster road: folded into frames, published as soon as they moved
(paced to the frame rate), stored in one-second batches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from asgiref.sync import sync_to_async

from broadcast import groups
from broadcast.game.periods import period_of_session
from broadcast.log import CATCHUP, Entry, GameLog, Row, SessionInfo, wire_of
from broadcast.models import Game, LiveSession
from broadcast.relay import catchup
from broadcast.relay.frames import FrameCoalescer, FramePacer
from broadcast.relay.health import FeedHealth
from broadcast.relay.writer import LogWriter
from broadcast.state import new_model, replay_into
from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError
from shottracker.feed import Connected, LiveFeed
from shottracker.models import Location, Marker, Pong, Shot, Stats, to_wire

log = logging.getLogger(__name__)

END_MARKERS = ("PLAY_END", "PRACTICE_END")
# After the first position of a burst, how long the rest of it (the other sensors of the
# same instant, already on the wire) may take to arrive before the frame goes.
FRAME_SETTLE_S = 0.003
NEXT_MARKERS = ("PLAY_NEXT", "DRILL_NEXT")
CATCHUP_RESOURCES = ("stats", "details", "shots", "possessions")
# How long a burst of messages for an unknown player (or of refused stats) may gather
# before the roster is read again and catch-up asked (one round trip for the burst).
CONFIRM_AFTER_S = 0.2
REFUSED_CATCH_UP_EVERY_S = 2.0
_SUMMARY_STATUS = {"scheduled", "live", "halftime", "final"}
_HEALTH_KIND = {Stats: "stats", Shot: "shot", Marker: "marker"}


def now_ms() -> int:
    return int(time.time() * 1000)


class GameRelay:
    """Relays one ShotTracker event (a game or a practice) into its group."""

    def __init__(
        self,
        game: Game,
        client: ShotTrackerClient,
        ws_url: str,
        *,
        frame_hz: int = 25,
        health_interval: float = 1.0,
        on_finished=None,
        on_next=None,
        recorder=None,
    ) -> None:
        self.game = game
        self.event_id = game.event_id
        self.client = client
        self.ws_url = ws_url
        self.pacer = FramePacer(frame_hz)
        self.health_interval = health_interval
        self.log = GameLog(new_model(game))
        self.health = FeedHealth()
        self.frames = FrameCoalescer()
        self._moved = asyncio.Event()  # a position arrived since the last frame
        self.writer = LogWriter(game.pk, game.event_id, on_published=self._count_delta)
        self.feeds: dict[str, LiveFeed] = {}
        self._feed_tasks: dict[str, asyncio.Task] = {}
        self._catch_up_retries: dict[str, asyncio.Task] = {}
        self._tasks: list[asyncio.Task] = []
        self._locations: list[dict[str, Any]] = []
        self._locations_ms = 0
        self._summary_seq = -1
        # Unknown players a roster re-read was made for, and the re-read under way.
        self._asked_about: set[int] = set()
        self._confirming: asyncio.Task | None = None
        self._confirmed_at = -float("inf")
        self.finished = asyncio.Event()
        self._on_finished = on_finished
        # How a PLAY_NEXT/DRILL_NEXT live id is attached (the service looks its info up).
        self._on_next = on_next
        # A tape recorder (shottracker.tape.Recorder) told every frame of every feed.
        self.recorder = recorder

    # -- life cycle ---------------------------------------------------------------

    @property
    def model(self):
        return self.log.model

    @property
    def seq(self) -> int:
        return self.log.seq

    async def restore(self) -> None:
        """Rebuild the model from the log (a restarted relay picks up where it stopped)."""
        await sync_to_async(replay_into, thread_sensitive=True)(self.log, self.game)
        self.writer.published_seq = self.log.seq
        log.info("game %s restored from the log at seq %d", self.event_id, self.seq)

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self.writer.run(), name=f"writer:{self.event_id}"),
            asyncio.create_task(self._tick_frames(), name=f"frames:{self.event_id}"),
            asyncio.create_task(self._tick_health(), name=f"health:{self.event_id}"),
        ]

    async def stop(self) -> None:
        """Close the feeds, store what is pending, stop the tickers."""
        for feed in list(self.feeds.values()):
            await feed.close()
        tasks = [*self._feed_tasks.values(), *self._catch_up_retries.values(), self._confirming]
        for task in tasks:
            if task is not None:
                task.cancel()
        for task in list(self._feed_tasks.values()):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._flush_locations()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.writer.drained(), 10)
        await self._write_health()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    @property
    def live_ids(self) -> list[str]:
        return list(self.feeds)

    def is_following(self, live_id: str) -> bool:
        return live_id in self._feed_tasks and not self._feed_tasks[live_id].done()

    async def attach(
        self,
        live_id: str,
        *,
        session_type: str = "",
        period: str | None = None,
        started_at: int | None = None,
        name: str | None = None,
    ) -> None:
        """Follow a live session of this game (idempotent)."""
        if self.is_following(live_id):
            return
        period = await sync_to_async(_save_session, thread_sensitive=True)(
            self.game, live_id, session_type, period, started_at, name or ""
        )
        self.record(
            SessionInfo(live_id, session_type, period, started_at, name),
            live_id,
            now_ms(),
            source=CATCHUP,
        )
        on_frame = self.recorder.frame if self.recorder is not None else None
        feed = LiveFeed(self.client, self.ws_url, live_id, on_frame=on_frame)
        self.feeds[live_id] = feed
        self.health.connected[live_id] = False
        self._feed_tasks[live_id] = asyncio.create_task(
            self._follow(live_id, feed), name=f"feed:{live_id}"
        )

    async def finish(self, live_id: str) -> None:
        """A session ended (END notification): a final catch-up, then let its feed go."""
        feed = self.feeds.get(live_id)
        await self._final_catch_up(live_id)
        if feed is not None:
            await feed.close()

    # -- applying -----------------------------------------------------------------

    def record(
        self,
        entry: Entry,
        live_id: str,
        received_ms: int,
        *,
        source: str = "feed",
        period: str | None = None,
    ) -> list:
        """Apply one typed message through the log; store its row; the changes it made."""
        refused = self.model.refused_count
        row = self.log.record(
            entry, live_id=live_id, received_ms=received_ms, period=period, source=source
        )
        self.health.rejected = self.log.refused
        if source != CATCHUP:
            self._confirm_if_needed(live_id, impossible=self.model.refused_count > refused)
        if row is None:
            return []
        self.writer.append(row)
        return row.changes

    def _confirm_if_needed(self, live_id: str, *, impossible: bool) -> None:
        """Ask ShotTracker again when the feed named an unknown player or sent the impossible.

        An unknown player: the roster (``_subscribe``) and catch-up are read again; until
        one of them lists the player, the model holds their messages. Refused stats leave
        their version missing: catch-up brings the real one (at most every 2 s).
        """
        unknown = set(self.model.unconfirmed_players) - self._asked_about
        if not unknown and not impossible:
            return
        if self._confirming is not None and not self._confirming.done():
            return
        now = time.monotonic()
        if not unknown and now - self._confirmed_at < REFUSED_CATCH_UP_EVERY_S:
            return  # a feed refused again and again is not a reason to hammer REST
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # applied outside the relay's loop (a test of the apply path): nothing to ask
        self._confirmed_at = now
        self._asked_about |= unknown
        self._confirming = asyncio.create_task(
            self._confirm(live_id, unknown), name=f"confirm:{self.event_id}"
        )

    async def _confirm(self, live_id: str, unknown: set[int]) -> None:
        await asyncio.sleep(CONFIRM_AFTER_S)
        self.health.confirmations += 1
        if unknown:
            log.info("game %s: players %s are on no roster; reading it again",
                     self.event_id, sorted(unknown))  # fmt: skip
            try:
                subscription = await self.client.subscribe(live_id)
            except ShotTrackerError as exc:
                log.info("roster of %s unavailable: %s", live_id, exc)
            else:
                await self._record_roster(subscription, live_id)
        if not await self.catch_up(live_id):
            self._retry_catch_up(live_id)

    async def _record_roster(self, subscription, live_id: str) -> None:
        roster = catchup.roster(subscription)
        if roster.teams:
            self.record(roster, live_id, now_ms(), source=CATCHUP)
            teams = wire_of(roster)["teams"]
            await sync_to_async(_save_teams, thread_sensitive=True)(self.game, teams)

    def _count_delta(self) -> None:
        self.health.published_deltas += 1

    # -- the feed -----------------------------------------------------------------

    async def _follow(self, live_id: str, feed: LiveFeed) -> None:
        ended_by_marker = False
        try:
            async for item in feed:
                if isinstance(item, Connected):
                    await self._connected(live_id, item)
                    continue
                message, received_ms = item.message, item.received_ms
                if isinstance(message, Location):
                    self._location(message, received_ms)
                    continue
                if isinstance(message, Pong):
                    self.health.message("pong", received_ms)
                    continue
                if isinstance(message, Stats | Shot | Marker):
                    self.health.message(_HEALTH_KIND[type(message)], received_ms)
                    self.record(message, live_id, received_ms)
                    if type(message) is Marker:
                        ended_by_marker = await self._marker(live_id, message)
                        if ended_by_marker:
                            break
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("feed of %s (game %s) failed", live_id, self.event_id)
        finally:
            self.health.connected[live_id] = False
            await feed.close()
            self._sync_feed_counters()
        if not ended_by_marker:
            # The session is over (subscribe said so) or the feed was closed: make sure
            # nothing that happened at its end is missing.
            await self._final_catch_up(live_id)
        await sync_to_async(_end_session, thread_sensitive=True)(live_id)
        if self.model.status == "final" and not any(
            self.is_following(other) for other in self._feed_tasks if other != live_id
        ):
            self.finished.set()
            if self._on_finished is not None:
                self._on_finished(self)

    async def _connected(self, live_id: str, connected: Connected) -> None:
        self.health.connected[live_id] = True
        await self._record_roster(connected.subscription, live_id)
        if not await self.catch_up(live_id):
            # The API is failing: keep trying in the background while the feed flows, so
            # what happened during the outage reaches the browsers as soon as it heals.
            self._retry_catch_up(live_id)

    def _retry_catch_up(self, live_id: str) -> None:
        task = self._catch_up_retries.get(live_id)
        if task is None or task.done():
            self._catch_up_retries[live_id] = asyncio.create_task(
                self._catch_up_until_done(live_id), name=f"catch-up:{live_id}"
            )

    async def _catch_up_until_done(self, live_id: str) -> None:
        delay = 0.25
        while self.is_following(live_id):
            await asyncio.sleep(delay)
            if await self.catch_up(live_id):
                return
            delay = min(delay * 2, 5.0)

    def _location(self, message: Location, received_ms: int) -> None:
        self.health.message("location", received_ms)
        self.model.apply(message, received_ms=received_ms)
        self.frames.add(message, received_ms)
        self._moved.set()
        if not self._locations:
            self._locations_ms = received_ms
        self._locations.append(to_wire(message)["data"])

    async def _marker(self, live_id: str, marker: Marker) -> bool:
        """Follow a session change; True when this session's feed is done."""
        if marker.type in NEXT_MARKERS and marker.live_id:
            # The next half/drill is a new live id of the same event. Its messages from
            # before our feed connects come back through its catch-up.
            if self._on_next is not None:
                await self._on_next(marker.live_id)
            else:
                await self.attach(marker.live_id)
            await self._final_catch_up(live_id)
            return True
        if marker.type in END_MARKERS:
            await self._final_catch_up(live_id)
            return True
        return False

    def _sync_feed_counters(self) -> None:
        """Bad frames and reconnects are counted by the feeds; add them up."""
        feeds = self.feeds.values()
        self.health.malformed = sum(f.counters.malformed for f in feeds)
        self.health.unknown_types = sum(f.counters.unknown_types for f in feeds)
        self.health.reconnects = sum(f.counters.reconnects for f in feeds)

    # -- catch-up -----------------------------------------------------------------

    async def catch_up(self, live_id: str, *, final: bool = False) -> bool:
        """Bring the model up to the API's truth; True when it succeeded.

        A session that has ended still answers stats, details and shots (docs/wire.md),
        but not court or info: the final catch-up asks only for what it can get.
        """
        self.health.catchups += 1
        if not final:
            try:
                court = await self.client.court(live_id)
            except ShotTrackerError as exc:
                log.info("court points of %s unavailable: %s", live_id, exc)
            else:
                await sync_to_async(_save_court, thread_sensitive=True)(self.game, court)
        try:
            stats = await self.client.live_stats(live_id)
            for totals in catchup.totals(stats):
                self._record_catchup(totals, live_id)
            if self.game.kind == "game":
                event = await self.client.catch_up(self.event_id, CATCHUP_RESOURCES)
                for entry, session_id, period in catchup.event_entries(event):
                    self._record_catchup(entry, session_id or live_id, period)
            else:
                shots = await self.client.live_shots(live_id)
                for shot in shots.shots():
                    self._record_catchup(shot, live_id)
        except ShotTrackerError as exc:
            self.health.catchup_failures += 1
            log.warning("catch-up of %s (game %s) failed: %s", live_id, self.event_id, exc)
            return False
        return True

    def _record_catchup(self, entry: Entry, live_id: str, period: str | None = None) -> None:
        # Catch-up repeats what the log already has; only what is new is stored.
        self.record(entry, live_id, now_ms(), source=CATCHUP, period=period)

    async def _final_catch_up(self, live_id: str) -> None:
        """The last catch-up of a session, retried a few times (the API may be down)."""
        for attempt in range(5):
            if await self.catch_up(live_id, final=True):
                return
            await asyncio.sleep(min(0.5 * 2**attempt, 5))

    # -- tickers ------------------------------------------------------------------

    async def _tick_frames(self) -> None:
        # A frame goes as soon as positions moved and the pacer allows: a fixed 40 ms tick
        # made each frame wait 20 ms on average (up to a whole period) before it left,
        # a fifth of the 100 ms budget from feed to browser (bench/README.md).
        loop = asyncio.get_running_loop()
        while True:
            await self._moved.wait()
            await asyncio.sleep(max(FRAME_SETTLE_S, self.pacer.wait(loop.time())))
            self._moved.clear()
            frame = self.frames.take()
            if frame is None:
                continue
            self.pacer.sent(loop.time())
            payload = groups.frame_payload(self.event_id, **frame)
            try:
                await groups.publish_frame(self.event_id, payload)
                self.health.published_frames += 1
            except Exception:
                log.warning("publishing a frame of %s failed", self.event_id, exc_info=True)

    def _flush_locations(self) -> None:
        if self._locations:
            self.writer.append(
                Row("locations", "", self._locations_ms, {"messages": self._locations})
            )
            self._locations = []

    async def _tick_health(self) -> None:
        while True:
            await asyncio.sleep(self.health_interval)
            self._flush_locations()
            self._sync_feed_counters()
            await self._write_health()

    def health_report(self) -> dict[str, Any]:
        return self.health.report(
            now_ms(),
            version_gaps=self.model.version_gaps,
            last_version=self.model.last_version,
            checks=self.model.checks(),
        )

    async def _write_health(self) -> None:
        now = now_ms()
        self.health.update_rates(now)
        report = self.health_report()
        summary = None
        if self._summary_seq != self.seq:
            # The clock, with the time it was read, lets the wall run it on (dashboard/wall.py).
            clock = self.model.clock(now_ms=now)
            summary = {**self.model.summary(), "clock": clock, "summary_ms": now}
            self._summary_seq = self.seq
        try:
            await sync_to_async(_save_health, thread_sensitive=True)(
                self.game.pk, report, now, summary
            )
        except Exception:
            log.warning("storing the health of %s failed", self.event_id, exc_info=True)
        try:
            await groups.publish_health(self.event_id, now, report, self.writer.published_seq)
        except Exception:
            log.debug("publishing the health of %s failed", self.event_id, exc_info=True)


def _save_session(
    game: Game,
    live_id: str,
    session_type: str,
    period: str | None,
    started_at: int | None,
    name: str,
) -> str | None:
    """Store the session; a game round without a period is numbered after the earlier ones."""
    existing = LiveSession.objects.filter(live_id=live_id).first()
    if period is None and existing is not None and existing.period:
        period = existing.period
    if period is None and session_type == "GAME_ROUND":
        earlier = game.sessions.filter(session_type="GAME_ROUND").exclude(live_id=live_id).count()
        period = period_of_session(earlier + 1)  # H1, H2, then OT1, OT2…
    LiveSession.objects.update_or_create(
        live_id=live_id,
        defaults={
            "game": game,
            "session_type": session_type,
            "name": name,
            "period": period or "",
            "started_at_ms": started_at,
            "ended": False,
        },
    )
    return period


def _end_session(live_id: str) -> None:
    LiveSession.objects.filter(live_id=live_id).update(ended=True)


def _save_teams(game: Game, teams: list[dict[str, Any]]) -> None:
    if game.teams != teams:
        game.teams = teams
        Game.objects.filter(pk=game.pk).update(teams=teams)


def _save_court(game: Game, court) -> None:
    points = {
        "corners": [list(c) for c in court.corners],
        "hoops": [[h.x, h.y, h.z] for h in court.hoops],
    }
    if game.summary.get("court") != points:
        game.summary = {**game.summary, "court": points}
        Game.objects.filter(pk=game.pk).update(summary=game.summary)


def _save_health(game_pk: int, report: dict, now: int, summary: dict | None) -> None:
    fields: dict[str, Any] = {"health": report, "health_ms": now}
    if summary is not None:
        game = Game.objects.get(pk=game_pk)
        status = summary.get("status")
        if status in _SUMMARY_STATUS:
            fields["status"] = status
        fields["summary"] = {**game.summary, **summary}
    Game.objects.filter(pk=game_pk).update(**fields)
