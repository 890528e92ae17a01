"""Per-event and per-session logs, folded from exactly what the simulator emits.

The emulator appends every emission here in the same synchronous step in which it
queues the feed message for the sockets, so the REST views (``views``) always equal what
the feed has sent so far. The fold follows docs/wire.md: a player's totals are the merged
running totals of its stats messages (each message carries only the keys that changed),
``version`` is the highest seen; a shot is identified by ``(player_id, occurred_at)`` and
keeps its latest status. Everything is attributed to the session on whose feed it was sent.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

from shottracker.emulator.simulator import (
    FeedMessage,
    Player,
    PossessionRecord,
    Session,
    SessionEnded,
    SessionStarted,
    Team,
)

END_MARKERS = ("PLAY_END", "PRACTICE_END")
STATE_MARKERS = ("LIVE", "PAUSED", "FOUL")
PRACTICE_TYPES = ("SHOOTING", "SCRIMMAGE")

ShotKey = tuple[int, int]


@dataclass
class PlayerTotals:
    """A player's merged running totals and the version of its latest stats message."""

    team_id: int
    version: int = 0
    stats: dict[str, float] = field(default_factory=dict)
    messages: int = 0


@dataclass
class SessionDelta:
    """What one session added to a player's totals (for the team range endpoints)."""

    team_id: int
    stats: dict[str, float] = field(default_factory=dict)
    messages: int = 0


class SessionLog:
    """One live session: its info and what its feed has carried."""

    def __init__(self, session: Session, event: EventLog) -> None:
        self.live_id = session.live_id
        self.type = session.type
        self.name = session.name
        self.period = session.period
        self.started_at = session.started_at
        self.ended_at: int | None = session.ended_at
        self.event = event
        self.active_state = "PAUSED"
        # player id -> stat key -> [{"occurred_at", "value"}]: how the totals grew (see
        # ``record_change``)
        self.details: dict[int, dict[str, list[dict]]] = {}
        self.deltas: dict[int, SessionDelta] = {}
        self.shots: dict[ShotKey, dict] = {}
        self.points: dict[int, float] = {}
        self.final_totals: dict[int, PlayerTotals] | None = None
        self.videos: list[dict] = []
        self.live_ms = 0  # game clock: LIVE time before ``live_since``
        self.live_since: int | None = None

    @property
    def active(self) -> bool:
        return self.ended_at is None

    @property
    def is_game(self) -> bool:
        return self.type == "GAME_ROUND"

    def totals(self) -> dict[int, PlayerTotals]:
        """Player totals as they stand now, or as they stood when the session ended."""
        return self.final_totals if self.final_totals is not None else self.event.totals

    def elapsed_ms(self, now_ms: int) -> int:
        """LIVE time played in this session up to ``now_ms`` (the clock runs only while LIVE)."""
        running = now_ms - self.live_since if self.live_since is not None else 0
        return self.live_ms + max(running, 0)

    def _mark_state(self, state: str, at: int) -> None:
        if self.live_since is not None:
            self.live_ms += max(at - self.live_since, 0)
            self.live_since = None
        if state == "LIVE":
            self.live_since = at
        self.active_state = state


class EventLog:
    """One event (a game or a practice): its sessions and the event-wide fold."""

    def __init__(
        self,
        *,
        event_id: str,
        name: str,
        kind: str,
        teams: list[Team],
        facility: dict,
        period_ms: int,
        scheduled_at: int,
    ) -> None:
        self.event_id = event_id
        self.name = name
        self.kind = kind
        self.teams = teams
        self.facility = facility
        self.period_ms = period_ms
        self.scheduled_at = scheduled_at
        self.sessions: list[SessionLog] = []
        self._by_live_id: dict[str, SessionLog] = {}
        self.totals: dict[int, PlayerTotals] = {}
        self.details: list[dict] = []
        self.shots: dict[ShotKey, dict] = {}
        self.possessions: list[dict] = []
        self.finished = False
        self.clock_repeats = False  # a session that never ends (``test``) restarts its clock
        self.now_ms = scheduled_at
        self.players: dict[int, Player] = {p.id: p for t in teams for p in t.players}

    @property
    def is_game(self) -> bool:
        return self.kind == "game"

    @property
    def started_at(self) -> int:
        return self.sessions[0].started_at if self.sessions else self.scheduled_at

    @property
    def ended_at(self) -> int | None:
        if not self.finished or not self.sessions:
            return None
        return self.sessions[-1].ended_at

    def session(self, live_id: str) -> SessionLog | None:
        return self._by_live_id.get(live_id)

    # Folding ------------------------------------------------------------------------------

    def apply(self, emission: object) -> SessionLog | None:
        """Fold one emission in; returns the session it opened, if any."""
        if isinstance(emission, FeedMessage):
            self._apply_message(emission.live_id, emission.message)
        elif isinstance(emission, SessionStarted):
            log = SessionLog(emission.session, self)
            log.ended_at = None  # the simulator may fill in the end on the same object later
            self.sessions.append(log)
            self._by_live_id[log.live_id] = log
            return log
        elif isinstance(emission, SessionEnded):
            log = self.session(emission.session.live_id)
            if log is not None:
                log.ended_at = emission.session.ended_at or self.now_ms
                if log.live_since is not None:
                    log._mark_state("PAUSED", log.ended_at)
                log.final_totals = {pid: _copy(t) for pid, t in self.totals.items()}
        elif isinstance(emission, PossessionRecord):
            self.possessions.append(dict(emission.record))
        return None

    def apply_all(self, emissions: Iterable[object]) -> None:
        for emission in emissions:
            self.apply(emission)

    def _apply_message(self, live_id: str, message: dict) -> None:
        kind, data = message.get("type"), message.get("data") or {}
        occurred_at = data.get("occurred_at", self.now_ms)
        if kind == "location":  # the hot path: nothing to fold but the time
            if occurred_at > self.now_ms:
                self.now_ms = occurred_at
            return
        log = self.session(live_id)
        if log is None:
            return
        if kind == "stats":
            self._apply_stats(log, data)
        elif kind == "shot":
            self._apply_shot(log, data)
        elif kind == "marker":
            marker = data.get("type")
            if marker in STATE_MARKERS:
                log._mark_state(marker, occurred_at)
            elif marker in END_MARKERS:
                self.finished = True
        if isinstance(occurred_at, int) and occurred_at > self.now_ms:
            self.now_ms = occurred_at

    def _apply_stats(self, log: SessionLog, data: dict) -> None:
        player_id, team_id = data["player_id"], data["team_id"]
        totals = self.totals.setdefault(player_id, PlayerTotals(team_id))
        delta = log.deltas.setdefault(player_id, SessionDelta(team_id))
        entries = log.details.setdefault(player_id, {})
        for key, value in data["stats"].items():
            change = value - totals.stats.get(key, 0.0)
            if change:
                series = entries.setdefault(key, [])
                record_change(series, data["occurred_at"], change)
                if not series:
                    del entries[key]
                delta.stats[key] = delta.stats.get(key, 0.0) + change
                if key == "PTS":
                    log.points[team_id] = log.points.get(team_id, 0.0) + change
            totals.stats[key] = float(value)
        totals.version = max(totals.version, data["version"])
        totals.messages += 1
        delta.messages += 1
        self.details.append({
            "version": data["version"], "occurred_at": data["occurred_at"],
            "team_id": team_id, "player_id": player_id,
            "classification": data["classification"], "stats": dict(data["stats"]),
            "period": log.period, "session_id": log.live_id,
        })  # fmt: skip

    def _apply_shot(self, log: SessionLog, data: dict) -> None:
        key = (data["player_id"], data["occurred_at"])
        log.shots[key] = dict(data)
        first = self.shots.get(key)
        where = (
            {"period": first["period"], "session_id": first["session_id"]}
            if first
            else {"period": log.period, "session_id": log.live_id}
        )
        self.shots[key] = {**data, **where}

    # Derived numbers ----------------------------------------------------------------------

    def team_points(self, team_id: int) -> float:
        return sum(t.stats.get("PTS", 0.0) for t in self.totals.values() if t.team_id == team_id)

    def status(self) -> str:
        if not self.sessions:
            return "SCHEDULED"
        return "FINAL" if self.finished else "ACTIVE"


def record_change(series: list[dict], occurred_at: int, change: float) -> None:
    """Fold one change of a stat into its details series (kept in time order).

    An increase is a new point ``{"occurred_at", "value"}``. A decrease is a correction:
    it takes the value back from the corrected event's point (the correction carries the
    event's ``occurred_at``), then from the latest points, dropping those that reach zero,
    so every value stays positive and the series still adds up to the total.
    """
    if change > 0:
        at = bisect.bisect_right([p["occurred_at"] for p in series], occurred_at)
        series.insert(at, {"occurred_at": occurred_at, "value": change})
        return
    take = -change
    latest_first = sorted(
        range(len(series)), key=lambda i: (series[i]["occurred_at"] != occurred_at, -i)
    )
    for i in latest_first:
        if take <= 0:
            break
        cut = min(take, series[i]["value"])
        series[i]["value"] -= cut
        take -= cut
    series[:] = [p for p in series if p["value"] > 0]


def _copy(totals: PlayerTotals) -> PlayerTotals:
    return PlayerTotals(totals.team_id, totals.version, dict(totals.stats), totals.messages)


class Store:
    """Every event and session the emulator knows, live ones and history alike."""

    def __init__(self) -> None:
        self.events: dict[str, EventLog] = {}
        self.sessions: dict[str, SessionLog] = {}

    def add_event(self, event: EventLog) -> None:
        """Register an event and the sessions it already has (history is folded elsewhere)."""
        self.events[event.event_id] = event
        for log in event.sessions:
            self.sessions[log.live_id] = log

    def apply(self, event: EventLog, emission: object) -> SessionLog | None:
        """Fold one emission of ``event``; returns the session it opened, if any."""
        opened = event.apply(emission)
        if opened is not None:
            self.sessions[opened.live_id] = opened
        return opened

    def active_sessions(self) -> list[SessionLog]:
        return [log for log in self.sessions.values() if log.active]

    def events_of_team(self, team_id: int, from_ms: int, to_ms: int) -> list[EventLog]:
        """The events of a team that started within ``[from_ms, to_ms]``, oldest first."""
        found = [
            event
            for event in self.events.values()
            if any(t.id == team_id for t in event.teams) and from_ms <= event.started_at <= to_ms
        ]
        return sorted(found, key=lambda e: e.started_at)
