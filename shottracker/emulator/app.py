"""The emulator: the REST API and the live feed of ShotTracker, driven by simulated games.

One asyncio process serves the REST API (``http`` + ``api``) on one port and the live
feed (``feed``) on another. Runners advance each game's simulator in scaled real time;
every emission is folded into the store and its feed message queued for the sockets
in the same synchronous step, so at any moment the REST views equal what the feed has
sent. Live id ``test`` is a practice scrimmage that never ends (``loop``); history for
the team endpoints is simulated on demand (``history``).
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Mapping, Sequence

from shottracker.court import court_points
from shottracker.emulator.api import Api, ApiError
from shottracker.emulator.facilities import FACILITIES, Facility
from shottracker.emulator.feed import Chaos, FeedServer
from shottracker.emulator.history import History
from shottracker.emulator.http import HttpServer
from shottracker.emulator.lag import LaggedEvent
from shottracker.emulator.loop import TEST_LIVE_ID, LoopingScrimmage
from shottracker.emulator.notify import Notifier
from shottracker.emulator.runner import GameHandle, drive
from shottracker.emulator.security import Credential, Gate
from shottracker.emulator.simulator import (
    EventSimulator,
    FeedMessage,
    Player,
    SessionEnded,
    SessionStarted,
    Team,
    make_teams,
)
from shottracker.emulator.store import EventLog, SessionLog, Store
from shottracker.emulator.tapes import TapeDeck, TapePlayer
from shottracker.tape import Tape

log = logging.getLogger(__name__)

NEXT_GAME_PAUSE_S = 5.0  # game time between a finished game and the next, divided by speed


class Emulator:
    """The whole ShotTracker API on two local ports; see the module docstring."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8080,
        ws_port: int = 8081,
        seed: int = 0,
        speed: float = 1.0,
        games: int = 1,
        insecure: bool = False,
        credentials: Mapping[str, Credential] | None = None,
        location_hz: int = 25,
        half_minutes: float = 20.0,
        connection_timeout_ms: int = 120_000,
        loop_test: bool = True,
        autostart_games: bool = True,
        chaos: Chaos | None = None,
        mock_key: str = "courtside",
        history_weeks: int = 52,
        tapes: Sequence[Tape] = (),
        tape_loop: bool = False,
        tape_start_at_s: float = 0.0,
        autostart_tapes: bool = True,
    ) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.host, self.port, self.ws_port = host, port, ws_port
        self.seed, self.speed, self.game_count = seed, speed, games
        self.location_hz, self.half_minutes = location_hz, half_minutes
        self.loop_test, self.autostart_games = loop_test, autostart_games
        self.mock_key = mock_key
        self.test_live_id = TEST_LIVE_ID
        self.gate = Gate(credentials, insecure=insecure)
        self.store = Store()
        self.feed = FeedServer(connection_timeout_ms=connection_timeout_ms, chaos=chaos, seed=seed)
        self.notifier = Notifier()
        self.api = Api(self)
        self.http = HttpServer(self.api)
        # One team practises on ``test``; the others play the games, two by two.
        self.league: list[Team] = make_teams(seed, count=2 * max(games, 2) + 1)
        self.history = History(
            self.league,
            self.store,
            seed=seed,
            until_ms=int(time.time() * 1000),
            facility_of=self.facility_of,
            weeks=history_weeks,
            half_minutes=half_minutes,
        )
        self.games: list[GameHandle] = []
        # Recorded tapes served as live sessions beside the simulated games (tapes.py).
        self.tapes = TapeDeck()
        self.autostart_tapes = autostart_tapes
        for tape in tapes:
            self.tapes.players.append(
                TapePlayer(tape, self.feed, speed=speed, start_at_s=tape_start_at_s, loop=tape_loop)
            )
        self.api_url = ""
        self.ws_url = ""
        self._games_started = 0
        self._tasks: set[asyncio.Task] = set()
        self._failures: list[tuple[int, float]] = []
        self._lagged: dict[str, LaggedEvent] = {}  # event id -> its REST view, when lagging

    # Lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind both ports (0 picks free ones), then start ``test`` and the games."""
        host, port = await self.http.start(self.host, self.port)
        try:
            _, ws_port = await self.feed.start(self.host, self.ws_port)
        except BaseException:
            await self.http.stop()  # do not keep one port when the other cannot be had
            raise
        self.port, self.ws_port = port, ws_port
        shown = f"[{host}]" if ":" in host else host
        self.api_url, self.ws_url = f"http://{shown}:{port}", f"ws://{shown}:{ws_port}/"
        if self.loop_test:
            self._start_test_loop()
        if self.autostart_tapes:
            self.start_tapes()
        for _ in range(self.game_count):
            self.start_game()

    def start_tapes(self) -> None:
        """Start playing the tapes (their first live ids are live, and silent, until then)."""
        for player in self.tapes.players:
            if not player.started:
                player.started = True
                self._spawn(player.run())

    async def stop(self) -> None:
        """Stop the games, close every socket and connection, and release the ports."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self.feed.stop()
        await self.http.stop()
        await self.notifier.aclose()

    async def __aenter__(self) -> Emulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _spawn(self, coro) -> asyncio.Task:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # Games --------------------------------------------------------------------------------

    def start_game(
        self,
        *,
        seed: int | None = None,
        kind: str = "game",
        half_minutes: float | None = None,
        speed: float | None = None,
        location_hz: int | None = None,
        correction_rate: float | None = None,
    ) -> GameHandle:
        """Start a game (or a practice) now and return its handle; its first session is open."""
        number = self._games_started
        self._games_started += 1
        players = self.league[1:]
        home = players[(2 * number) % len(players)]
        away = players[(2 * number + 1) % len(players)]
        teams = [home, away] if kind == "game" else [home]
        half = self.half_minutes if half_minutes is None else half_minutes
        hz = self.location_hz if location_hz is None else location_hz
        facility = self.facility_of(home)
        simulator = EventSimulator(
            seed=self.seed + number if seed is None else seed,
            kind=kind,
            teams=teams,
            start_ms=int(time.time() * 1000),
            half_minutes=half,
            location_hz=hz,
            facility=facility,
            **({} if correction_rate is None else {"correction_rate": correction_rate}),
        )
        event = EventLog(
            event_id=simulator.event_id,
            name=simulator.name,
            kind=kind,
            teams=teams,
            facility=facility,
            period_ms=int(half * 60_000),
            scheduled_at=simulator.now_ms,
        )
        self.store.add_event(event)
        handle = GameHandle(simulator.event_id, simulator, event, speed or self.speed)
        # Open the first session now, so its live id is known before the caller returns.
        self._emit(handle, simulator.advance(simulator.now_ms))
        handle.task = self._spawn(self._run_game(handle, hz))
        self.games.append(handle)
        return handle

    async def _run_game(self, handle: GameHandle, location_hz: int) -> None:
        try:
            await drive(
                handle.simulator,  # type: ignore[arg-type]
                lambda emissions: self._emit(handle, emissions),
                speed=handle.speed,
                location_hz=location_hz,
            )
            handle.event.finished = True
        finally:
            handle.mark_finished()
        if self.autostart_games:
            await asyncio.sleep(min(NEXT_GAME_PAUSE_S / handle.speed, NEXT_GAME_PAUSE_S))
            self.start_game()

    def _emit(self, handle: GameHandle, emissions: list) -> None:
        """Store and send one step's emissions together (the REST = feed invariant)."""
        lagged = self._lagged.get(handle.event_id)
        for emission in emissions:
            opened = self.store.apply(handle.event, emission)
            if lagged is not None:
                lagged.add(emission)
            if isinstance(emission, FeedMessage):
                self.feed.publish(emission.live_id, emission.message)
            elif isinstance(emission, SessionStarted) and opened is not None:
                handle.session_opened(opened.live_id)
                self.notifier.session_started(opened.live_id)
            elif isinstance(emission, SessionEnded):
                self.feed.session_ended(emission.session.live_id)
                self.notifier.session_ended(emission.session.live_id)
        handle.event.now_ms = max(handle.event.now_ms, handle.simulator.now_ms)  # type: ignore[attr-defined]

    def _start_test_loop(self) -> None:
        """Open ``test`` now (so it is live as soon as ``start`` returns) and keep it playing."""
        team = self.league[0]
        facility = self.facility_of(team)
        source = LoopingScrimmage(
            team,
            seed=self.seed,
            start_ms=int(time.time() * 1000),
            location_hz=self.location_hz,
            facility=facility,
        )
        event = source.event_log(facility)
        self.store.add_event(event)
        handle = GameHandle(event.event_id, source, event, self.speed)
        self._emit(handle, source.advance(source.now_ms))
        self._spawn(
            drive(source, lambda e: self._emit(handle, e), speed=self.speed,
                  location_hz=self.location_hz)
        )  # fmt: skip

    # Lookups used by the API --------------------------------------------------------------

    def team(self, team_id: int) -> Team | None:
        return next((t for t in self.league if t.id == team_id), None)

    def facility_of(self, team: Team) -> dict:
        """The home court of a team, as live info shows it (with its coordinates)."""
        index = next((i for i, t in enumerate(self.league) if t.id == team.id), 0)
        venue: Facility = FACILITIES[index % len(FACILITIES)]
        return {**venue.to_json(), "latitude": venue.latitude, "longitude": venue.longitude}

    def court_of(self, event: EventLog) -> dict:
        return court_points()

    async def find_event(self, event_id: str) -> EventLog | None:
        """A live or past event by id; a past one is simulated on first use."""
        event = self.store.events.get(event_id)
        if event is None and (scheduled := self.history.find(event_id)) is not None:
            (event,) = await self.history.load([scheduled])
        return event

    async def team_events(self, team_id: int, from_ms: int, to_ms: int) -> list[EventLog]:
        """A team's events (past and live) that started within the range, oldest first."""
        await self.history.load(self.history.scheduled_for(team_id, from_ms, to_ms))
        return self.store.events_of_team(team_id, from_ms, to_ms)

    # Fault injection ----------------------------------------------------------------------

    def drop_feed_connections(self) -> int:
        """Abruptly close every live websocket; returns how many were dropped."""
        return self.feed.drop_connections()

    def fail_rest(self, count: int, status: int = 500, delay_s: float = 0.0) -> None:
        """Answer the next ``count`` REST requests with ``status``, after ``delay_s`` each."""
        self._failures.extend([(status, delay_s)] * count)

    def lag_rest(self, handle: GameHandle, seconds: float) -> None:
        """REST views of the game (stats, details, shots, catch-up) trail the feed by
        ``seconds`` from now on; 0 ends the lag (REST is current again)."""
        if seconds <= 0:
            self._lagged.pop(handle.event_id, None)
        else:
            self._lagged[handle.event_id] = LaggedEvent(handle.event, seconds)

    def rest_event(self, event: EventLog) -> EventLog:
        """The event as REST shows it now (lagging when ``lag_rest`` says so)."""
        lagged = self._lagged.get(event.event_id)
        return lagged.view() if lagged is not None else event

    def rest_session(self, log: SessionLog) -> SessionLog:
        """A session as REST shows it now."""
        lagged = self._lagged.get(log.event.event_id)
        shown = lagged.session(log.live_id) if lagged is not None else None
        return shown if shown is not None else log

    @staticmethod
    def _next_version(handle: GameHandle) -> int:
        """The version the next stats message sent will carry (the store has all sent)."""
        details = handle.event.details
        return (details[-1]["version"] if details else 0) + 1

    def send_unrostered_stats(
        self, handle: GameHandle, *, player_id: int = 990_001, points: float = 50.0
    ) -> dict:
        """A stats frame on the feed for a player on no roster, never in any REST view.

        It carries points its classification cannot produce and the version the next
        real stats message will carry too (a consumer that counts it loses that one).
        """
        live_id = handle.live_ids[-1]
        message = {"type": "stats", "data": {
            "occurred_at": handle.event.now_ms, "team_id": handle.event.teams[0].id,
            "player_id": player_id, "stats": {"FGA": 1.0, "FG": 1.0, "PTS": float(points)},
            "classification": "TWO_POINT_MAKE", "version": self._next_version(handle)}}  # fmt: skip
        self.feed.publish(live_id, message)
        return message

    def send_impossible_stats(self, handle: GameHandle, *, extra_points: float = 50.0) -> dict:
        """A stats frame on the feed for a rostered player whose change its classification
        cannot make (a two-pointer worth ``2 + extra_points``), never in any REST view.

        It carries the version the next real stats message will carry.
        """
        totals = handle.event.totals  # as sent so far
        team = handle.event.teams[0]
        player = next((p for p in team.players if p.id in totals), team.players[0])
        before = totals[player.id].stats if player.id in totals else {}
        stats = {key: before.get(key, 0.0) + add
                 for key, add in (("FGA", 1), ("FG", 1), ("PTS", 2 + extra_points))}  # fmt: skip
        message = {"type": "stats", "data": {
            "occurred_at": handle.event.now_ms, "team_id": team.id, "player_id": player.id,
            "stats": stats, "classification": "TWO_POINT_MAKE",
            "version": self._next_version(handle)}}  # fmt: skip
        self.feed.publish(handle.live_ids[-1], message)
        return message

    def sign_player(self, handle: GameHandle, team_id: int, player: Player) -> None:
        """A real new player joins a team's roster mid-game and scores a two-pointer at once.

        ``_subscribe`` and every REST view list them from now on; the basket is a real
        stats message (and shot) of the game, with its own version, in REST and on the feed.
        """
        team = next(t for t in handle.event.teams if t.id == team_id)
        # A new list: the simulator's benches keep theirs (he scores once, then sits).
        team.players = [*team.players, player]
        handle.event.players[player.id] = player
        handle.simulator.extra_stat(team_id, player.id, "TWO_POINT_MAKE", shot={  # type: ignore[attr-defined]
            "is_3point": False, "zone": 1, "hoop_player_x": 150, "hoop_player_y": 400})  # fmt: skip

    async def _injected_failure(self) -> None:
        if not self._failures:
            return
        status, delay_s = self._failures.pop(0)
        if delay_s:
            await asyncio.sleep(delay_s)
        raise ApiError(status, f"General system error (injected fault {uuid.uuid4().hex[:8]})")
