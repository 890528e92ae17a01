"""Live id ``test``: a practice scrimmage that never ends, as the spec's mock service plays.

The scrimmage is one team split into two sides. It is played by the game simulator
(two ``Team`` objects with the team's id, each holding half of the roster, as the
simulator's own practice scrimmages do), and rewritten into one endless SCRIMMAGE session:

- every message goes to live id ``test``;
- game markers (PLAY_START, END_FIRST_HALF, PLAY_NEXT, START_SECOND_HALF, PLAY_END) are
  dropped; the session opens with one DRILL_START; LIVE/PAUSED/FOUL pass through;
- half-time is skipped: the clock of the messages is shifted so that the second half
  follows the first without a gap;
- when a game ends, a new one starts with the next seed; stats are re-versioned with one
  counter that only grows, and running totals keep adding up across games (each message's
  increments are added to what was already sent), so a consumer sees one long scrimmage.
"""

from __future__ import annotations

import uuid
from collections import deque

from shottracker.emulator.simulator import (
    EventSimulator,
    FeedMessage,
    PossessionRecord,
    Session,
    SessionStarted,
    Team,
)
from shottracker.emulator.store import EventLog

TEST_LIVE_ID = "test"
GAME_MARKERS = ("PLAY_START", "END_FIRST_HALF", "PLAY_NEXT", "START_SECOND_HALF", "PLAY_END")
SKIP_STEP_MS = 30_000
_NAMESPACE = uuid.UUID("8d7e54c1-2f0a-4c39-9b1e-3a6c5f2e4d70")


def split_team(team: Team) -> list[Team]:
    """The two sides of a scrimmage, each with guards, forwards and centers, both the team."""
    order = {"guard": 0, "forward": 1, "center": 2}
    players = sorted(team.players, key=lambda p: order.get(p.position, 3))
    return [Team(team.id, team.name, players[0::2]), Team(team.id, team.name, players[1::2])]


class LoopingScrimmage:
    """A never-finishing simulator-like source for ``runner.drive`` (see the module docstring)."""

    def __init__(
        self,
        team: Team,
        *,
        seed: int,
        start_ms: int,
        location_hz: int = 25,
        facility: dict | None = None,
        half_minutes: float = 5.0,
    ) -> None:
        self.team = team
        self.seed = seed
        self.location_hz = location_hz
        self.facility = facility
        self.half_minutes = half_minutes
        self.event_id = str(uuid.uuid5(_NAMESPACE, f"{seed}:{team.id}"))
        self.name = f"{team.name} Practice"
        self.kind = "practice"
        self.finished = False  # never: that is the point
        self.now_ms = start_ms
        self.games = 0
        self.session = Session(TEST_LIVE_ID, "SCRIMMAGE", "Scrimmage", "Scrimmage", start_ms, None)
        self._opened = False
        self._version = 0
        self._sent: dict[int, dict[str, float]] = {}  # running totals as sent on ``test``
        # (time on ``test``, emission) not yet due; times only grow, so order is kept.
        self._pending: deque[tuple[int, object]] = deque()
        self._new_game(start_ms)

    def event_log(self, facility: dict) -> EventLog:
        """An empty event for the store, to which ``advance``'s emissions belong.

        Its clock runs down one looped game's LIVE time, then starts again.
        """
        event = EventLog(
            event_id=self.event_id,
            name=self.name,
            kind=self.kind,
            teams=[self.team],
            facility=facility,
            period_ms=int(self.half_minutes * 2 * 60_000),
            scheduled_at=self.now_ms,
        )
        event.clock_repeats = True
        return event

    def _new_game(self, start_ms: int) -> None:
        self._sim = EventSimulator(
            seed=self.seed * 1000 + self.games,
            kind="game",
            teams=split_team(self.team),
            start_ms=start_ms,
            half_minutes=self.half_minutes,
            location_hz=self.location_hz,
            facility=self.facility,
        )
        self.games += 1
        self._shift = 0  # game time minus time on ``test``
        self._halftime_from: int | None = None
        self._game_totals: dict[int, dict[str, float]] = {}
        self._shot_times: dict[tuple[int, int], int] = {}

    def advance(self, until_ms: int) -> list:
        """Everything that happens on ``test`` up to ``until_ms``, in order."""
        out: list = []
        if not self._opened:
            self._opened = True
            out.append(SessionStarted(self.session))
            start = {"occurred_at": self.now_ms, "type": "DRILL_START"}
            out.append(self._message({"type": "marker", "data": start}))
        while True:
            for emission in self._sim.advance(until_ms + self._shift):
                self._take(emission)
            if self._sim.finished:
                self._new_game(max(self.now_ms, until_ms))
                continue
            if self._halftime_from is None:
                break
            # Half-time: run the game forward until the second half starts.
            for emission in self._sim.advance(self._sim.now_ms + SKIP_STEP_MS):
                self._take(emission)
        while self._pending and self._pending[0][0] <= until_ms:
            out.append(self._pending.popleft()[1])
        self.now_ms = max(self.now_ms, until_ms)
        return out

    def _take(self, emission: object) -> None:
        """Rewrite one emission of the game onto ``test`` (or drop it) into ``_pending``."""
        if isinstance(emission, PossessionRecord):
            record = dict(emission.record)
            record["team_id"] = self.team.id
            for key in ("started_at", "ended_at"):
                if isinstance(record.get(key), int):
                    record[key] = self._on_test(record[key])
            self._queue(record.get("ended_at") or self.now_ms, PossessionRecord(record))
            return
        if not isinstance(emission, FeedMessage):
            return  # the game's own sessions are folded into ``test``
        message = emission.message
        data = dict(message["data"])
        kind = message["type"]
        game_time = data["occurred_at"]
        if kind == "marker":
            marker = data["type"]
            if marker == "END_FIRST_HALF":
                self._halftime_from = game_time
            elif marker == "START_SECOND_HALF" and self._halftime_from is not None:
                self._shift += game_time - self._halftime_from
                self._halftime_from = None
            if marker in GAME_MARKERS:
                return
        if kind == "location" and self._halftime_from is not None:
            return  # nobody watches the break; stats, shots and states still go out
        data["occurred_at"] = self._on_test(game_time)
        if kind in ("stats", "shot"):
            key = (data["player_id"], game_time)
            if kind == "shot":
                # A corrected shot keeps its identity even if it was first sent before a shift.
                data["occurred_at"] = self._shot_times.setdefault(key, data["occurred_at"])
            else:
                data["occurred_at"] = self._shot_times.get(key, data["occurred_at"])
            data["team_id"] = self.team.id
        if kind == "stats":
            data["stats"] = self._carry(data["player_id"], data["stats"])
            self._version += 1
            data["version"] = self._version
        self._queue(data["occurred_at"], self._message({"type": kind, "data": data}))

    def _on_test(self, game_time: int) -> int:
        """A game time as time on ``test`` (half-time is cut out: it all happens at its start)."""
        if self._halftime_from is not None:
            game_time = min(game_time, self._halftime_from)
        return game_time - self._shift

    def _queue(self, at: int, emission: object) -> None:
        due = max(at, self._pending[-1][0]) if self._pending else at
        self._pending.append((due, emission))

    def _carry(self, player_id: int, stats: dict[str, float]) -> dict[str, float]:
        """Totals on ``test``: what was sent before plus this message's increments."""
        before = self._game_totals.setdefault(player_id, {})
        sent = self._sent.setdefault(player_id, {})
        out = {}
        for key, value in stats.items():
            sent[key] = sent.get(key, 0.0) + (value - before.get(key, 0.0))
            before[key] = value
            out[key] = sent[key]
        return out

    @staticmethod
    def _message(message: dict) -> FeedMessage:
        return FeedMessage(TEST_LIVE_ID, message)
