"""The game: the one place where a feed message changes game state.

``Game.apply(message)`` returns the changes a browser needs (each complete, no refetch)
and never half-applies: a message it refuses raises ``RejectedMessage`` before anything
moved. Stats are applied by version, markers and the clock by feed time (occurred_at),
so duplicates, late and out-of-order messages end in the same state as in-order ones.
Pure: no Django, no I/O, no wall clock; times come in as arguments.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from broadcast.game.boxscore import box_score, number, sum_stats, totals
from broadcast.game.catchup import parse_game_totals
from broadcast.game.changes import Change, ImpossibleStats, RejectedMessage
from broadcast.game.checks import Checks, Held, Unconfirmed
from broadcast.game.classification import contradiction
from broadcast.game.clock import ClockFix, StateMarks, clock_view
from broadcast.game.periods import (
    PERIOD_OF_MARKER,
    Mark,
    Phase,
    Session,
    Timeline,
    fold,
    is_overtime,
    overtime_length,
)
from broadcast.game.plays import PlayEntry
from broadcast.game.positions import ON_COURT_MS, Positions
from broadcast.game.roster import PlayerInfo, PlayerState, TeamInfo, TeamState
from broadcast.game.shots import ShotRecord, status_rank, zone_totals
from broadcast.game.versions import VersionLedger
from shottracker.errors import MalformedMessage
from shottracker.models import STATE_MARKERS, Location, Marker, Shot, Stats, parse_stats_values

KINDS = ("game", "practice")


class Game:
    """The state of one ShotTracker event (a game or a practice) across its sessions."""

    def __init__(
        self,
        game_id: str,
        *,
        kind: str = "game",
        name: str = "",
        period_length_ms: int = 20 * 60 * 1000,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        if period_length_ms <= 0:
            raise ValueError("period_length_ms must be positive")
        self.game_id = game_id
        self.kind = kind
        self.name = name
        self.period_length_ms = period_length_ms
        self._teams: dict[int, TeamState] = {}  # insertion order: home first
        self._team_of: dict[int, int] = {}  # player id -> team id
        self._plays: dict[int, PlayEntry] = {}  # by version
        self._shots: dict[tuple[int, int], ShotRecord] = {}  # by (player_id, occurred_at)
        self._ledger = VersionLedger()
        self._positions = Positions()
        self._marks = StateMarks()
        self._timeline = Timeline()
        self._sessions: dict[str, Session] = {}
        self._current_live_id: str | None = None
        self._fix: ClockFix | None = None
        self._feed_ms = 0  # the newest occurred_at seen: "now" in feed time
        self._offset_ms: int | None = None  # received_ms - occurred_at of the newest message
        # Catch-up readings filed at the relay's wall clock before any feed message taught
        # the offset (a game's first catch-up comes first): (mark, wall ms, feed floor).
        self._unplaced: list[tuple[Mark, int, int]] = []
        self._checks = Checks()
        # ShotTracker's team points as of its newest catch-up reading, and that reading's
        # version: the score is theirs plus what the feed added after it (``_points``).
        self._official: dict[int, float] = {}
        self._official_version: int | None = None
        self._phase = self._fold()

    # -- what the relay and views read -------------------------------------------------

    @property
    def last_version(self) -> int:
        """The newest stats version reflected (feed or REST totals); 0 before any."""
        return self._ledger.last

    @property
    def version_gaps(self) -> int:
        """Versions skipped and not (yet) filled by a late message or REST totals."""
        return self._ledger.gaps

    @property
    def status(self) -> str:
        return self._phase.status

    @property
    def period(self) -> str | None:
        return self._phase.period if self.kind == "game" else None

    @property
    def live_ids(self) -> list[str]:
        return list(self._sessions)

    def length_of(self, period: str | None) -> int:
        """A period's playing time: a half's, or an overtime's (``periods.is_overtime``)."""
        return overtime_length(self.period_length_ms) if is_overtime(period) else (
            self.period_length_ms)  # fmt: skip

    @property
    def unconfirmed_players(self) -> dict[int, int]:
        """Players the feed names that no roster or REST stats confirmed: id -> team id."""
        return {pid: u.team_id for pid, u in self._checks.unconfirmed.items()}

    @property
    def refused_count(self) -> int:
        """Impossible stats refused so far (``checks``)."""
        return self._checks.refused_count

    def checks(self) -> dict[str, Any]:
        """Held, refused and disagreeing figures, for the health panel (``checks.Checks``).

        Not part of ``snapshot()``: they are what is *not* on air (a refused message leaves
        the game's state exactly as it was); the relay's health record carries them.
        """
        return self._checks.to_dict()

    def score(self) -> dict[str, int | float] | None:
        """{"home", "away"} points: ShotTracker's as of its last reading plus the feed's since.

        Before any catch-up reading, the sum of the players' points. None for a practice.
        """
        if self.kind == "practice":
            return None
        teams = list(self._teams.values())
        return {
            "home": self._points(teams[0]) if teams else 0,
            "away": self._points(teams[1]) if len(teams) > 1 else 0,
        }

    def clock(self, *, now_ms: int | None = None) -> dict[str, Any]:
        """The period clock as of ``now_ms`` (wall clock, see ``snapshot``) or the feed's now."""
        return self._clock(self._feed_time(now_ms))

    def zones(
        self, team_id: int, *, player_id: int | None = None, period: str | None = None
    ) -> dict[str, dict[str, Any]]:
        """The shot chart of a team by zone ("1".."14": fga, fg, pct), filterable."""
        chart = zone_totals(
            self._shots.values(), team_id=team_id, player_id=player_id, period=period
        )
        return {str(zone): cell for zone, cell in chart.items()}

    # -- roster and sessions -----------------------------------------------------------

    def set_teams(self, teams: list[TeamInfo]) -> list[Change]:
        """Name the teams and their rosters (first team = home); stats are kept."""
        for team in teams:
            if not isinstance(team, TeamInfo):
                raise TypeError(f"set_teams takes TeamInfo, not {type(team).__name__}")
        before = self._roster()
        for info in teams:
            team = self._teams.get(info.id)
            if team is None:
                team = self._teams[info.id] = TeamState(info.id, info.name)
            team.name = info.name
            players: dict[int, PlayerState] = {}
            for player_info in info.players:
                player = team.players.get(player_info.id)
                if player is None:
                    player = PlayerState(player_info, info.id, rostered=True)
                player.info, player.rostered = player_info, True
                players[player_info.id] = player
                self._team_of.setdefault(player_info.id, info.id)
            # Players the roster no longer lists keep their stats and stay listed.
            players.update((pid, p) for pid, p in team.players.items() if pid not in players)
            team.players = players
        after = self._roster()
        changes = [Change("roster", {"teams": after})] if after != before else []
        return changes + self._release()

    def attach_session(
        self,
        live_id: str,
        *,
        session_type: str | None,
        period: str | None,
        started_at: int | None,
        name: str | None = None,
    ) -> list[Change]:
        """A live session of this event (a half, a drill) is being relayed; it becomes current."""
        # Checked before anything changes: a refused session is refused whole.
        if not isinstance(live_id, str) or not live_id:
            raise RejectedMessage(f"session live id {live_id!r}")
        if started_at is not None and (
            isinstance(started_at, bool) or not isinstance(started_at, int)
        ):
            raise RejectedMessage(f"session started_at {started_at!r}")
        self._current_live_id = live_id
        session = self._sessions.get(live_id)
        new = session is None
        if session is None:
            session = self._sessions[live_id] = Session(live_id)
        before = session.to_dict()
        session.session_type = session_type or session.session_type
        session.started_at = started_at if started_at is not None else session.started_at
        session.name = name or session.name
        relabelled = self._learn_period(session, period, force=True) if period else []
        if not new and session.to_dict() == before:
            return []
        changes = [self._session_change(session)]
        at = session.started_at if session.started_at is not None else self._feed_ms
        mark = Mark(at, "SESSION", session_id=live_id, period=session.period)
        return changes + (self._move_timeline(mark) or []) + relabelled

    # -- the feed ----------------------------------------------------------------------

    def apply(
        self,
        message: Stats | Shot | Location | Marker,
        *,
        live_id: str | None = None,
        received_ms: int | None = None,
        period: str | None = None,
    ) -> list[Change]:
        """Apply one feed message; the changes it made (none for a duplicate or stale one).

        ``live_id`` is the session it came from (default: the last attached one),
        ``received_ms`` the relay's wall clock at reception (it maps wall time to feed time
        for ``snapshot(now_ms=…)``), ``period`` the period catch-up details state for it.
        Raises ``RejectedMessage`` for stats or a shot of a team the game does not know.
        """
        if type(message) is Location:  # the hot path first
            return self._apply_location(message, received_ms)
        if isinstance(message, Stats):
            return self._apply_stats(message, live_id, received_ms, period)
        if isinstance(message, Shot):
            return self._apply_shot(message, live_id, received_ms, period)
        if isinstance(message, Marker):
            return self._apply_marker(message, live_id, received_ms)
        raise TypeError(f"a game applies Stats, Shot, Location or Marker, not {message!r}")

    def apply_totals(
        self, team_id: int, player_id: int, stats: Mapping[str, float], version: int
    ) -> list[Change]:
        """Fold in a player's totals at ``version`` from REST (live stats, catch-up stats).

        Totals make no play-by-play entry; they close the version gaps up to ``version``.
        """
        team = self._known_team(team_id, "totals")
        try:
            values = parse_stats_values(stats)
        except MalformedMessage as exc:
            raise RejectedMessage(f"totals of player {player_id}: {exc}") from exc
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise RejectedMessage(f"totals of player {player_id}: version {version!r}")
        score_before = self.score()
        # ShotTracker's own stats list the player: that confirms them.
        player = self._player(team, player_id)
        self._ledger.cover(version)
        if player.box.knows(version, values):
            player.box.rest_versions.add(version)
            return self._release()
        disagreement = self._player_disagreement(player, version, values)
        changes = [self._stats_change(player)] if player.box.add(version, values) else []
        player.box.rest_versions.add(version)
        return [
            *disagreement,
            *changes,
            *self._refresh_plays(player, after=version),
            *self._score_change(score_before),
            *self._release(),
        ]

    def reconcile(
        self,
        game_totals: Mapping[str, Any],
        *,
        received_ms: int | None = None,
        as_of_version: int | None = None,
    ) -> list[Change]:
        """Take catch-up's gameTotals: period, status and clock (time left) as of reception.

        ``as_of_version`` is the event's version the reading reflects (the newest play of
        the same catch-up): its team scores then become the score, plus what the feed adds
        after that version; where our players summed to something else at that version, a
        "mismatch" change and a disagreement say so. Without it (a reading we cannot place
        among the versions) the score stays the players' sum and a difference is only
        reported. ``received_ms`` (wall clock) places the reading in feed time; without
        it, the reading is as of the newest feed message.
        """
        reading = parse_game_totals(game_totals)
        period, left_ms = reading.period, reading.time_left_ms
        as_of = self._feed_time(received_ms)
        clock_before = self._clock(as_of)
        mark = Mark(as_of, "RECONCILE", period=period, status=reading.status)
        if received_ms is not None and self._offset_ms is None:
            # Wall time stands in for feed time until the first feed message says how far
            # apart they are (a relay host's clock may be minutes off): placed again then.
            self._unplaced.append((mark, received_ms, self._feed_ms))
        changes = self._move_timeline(mark, as_of=as_of) or []
        phase = self._phase
        if left_ms is not None and phase.key is not None and period in (None, phase.period):
            length = self.length_of(phase.key)
            elapsed = min(max(length - left_ms, 0), length)
            self._fix = ClockFix(phase.key, as_of, elapsed)
            changes = [c for c in changes if c.kind != "clock"]
            clock = self._clock(as_of)
            if _clock_moved(clock_before, clock):
                changes.append(Change("clock", clock))
        for session_id, session_period in reading.session_periods.items():
            session = self._sessions.get(session_id)
            if session is None:
                session = self._sessions[session_id] = Session(session_id)
                changes.append(self._session_change(session))
            changes += self._learn_period(session, session_period)
        changes += self._take_official(reading.scores, as_of_version, received_ms or as_of)
        return changes

    # -- the whole state ---------------------------------------------------------------

    def summary(self) -> dict[str, Any]:
        """Where the game stands, for lists and health: the snapshot's fields that say it."""
        drill = self._phase.drill if self.kind == "practice" else None
        return {
            "status": self.status,
            "period": self.period,
            "play_state": self._marks.latest,
            "teams": [
                {"id": t.id, "name": t.name, "score": self._points(t)} for t in self._teams.values()
            ],
            "live_ids": self.live_ids,
            "last_version": self.last_version,
            "drill": dict(drill) if drill else None,
        }

    def snapshot(self, *, now_ms: int | None = None) -> dict[str, Any]:
        """The whole state as JSON-able data (GET /api/games/<id>/state minus relay health).

        ``now_ms`` is the wall clock, mapped to feed time through the offset seen in
        ``apply(received_ms=…)`` (taken as feed time when no offset is known); it only
        moves the clock on between feed messages, never back.
        """
        practice = self.kind == "practice"
        teams = [self._team_dict(team) for team in self._teams.values()]
        shots = sorted(self._shots.values(), key=lambda s: (s.occurred_at, s.player_id))
        phase = self._phase
        return {
            "game_id": self.game_id,
            "name": self.name,
            "kind": self.kind,
            "status": phase.status,
            "period": None if practice else phase.period,
            "drill": dict(phase.drill) if practice and phase.drill else None,
            "play_state": self._marks.latest,
            "clock": self.clock(now_ms=now_ms),
            "home": None if practice or not teams else teams[0],
            "away": None if practice or len(teams) < 2 else teams[1],
            "teams": teams,
            "score": self.score(),
            "shots": [shot.to_dict() for shot in shots],
            "zones": {str(team_id): self.zones(team_id) for team_id in self._teams},
            "plays": [self._play_dict(self._plays[v]) for v in sorted(self._plays, reverse=True)],
            "positions": self._positions.to_dict(),
            "live_ids": self.live_ids,
            "sessions": [session.to_dict() for session in self._sessions.values()],
            "last_version": self.last_version,
            "version_gaps": self.version_gaps,
        }

    # -- applying, by message type -----------------------------------------------------

    def _apply_location(self, loc: Location, received_ms: int | None) -> list[Change]:
        t = loc.occurred_at
        # Positions reach browsers as the relay's frames, never as changes: a location
        # changes only what the snapshot shows (last positions, the lineup).
        placed = self._advance(t, received_ms)
        positions = self._positions
        position = (loc.x, loc.y, loc.z, t)
        if loc.type == "BALL":
            if positions.ball is not None and positions.ball[3] > t:
                return placed
            positions.ball = position
        else:
            pid = loc.id
            old = positions.players.get(pid)
            if old is not None and old[3] > t:
                return placed
            positions.players[pid] = position
            if pid not in positions.on_court and t >= self._feed_ms - ON_COURT_MS:
                positions.on_court.add(pid)
        if positions.sweep_due(self._feed_ms):
            positions.sweep(self._feed_ms)
        return placed

    def _apply_stats(
        self, m: Stats, live_id: str | None, received_ms: int | None, period: str | None
    ) -> list[Change]:
        team = self._known_team(m.team_id, "stats")
        if m.version in self._ledger:
            return []
        player = team.players.get(m.player_id)
        if player is None:
            return self._hold(m, ("stats", m.version), live_id, received_ms, period)
        self._check_possible(player, m, received_ms)
        placed = self._advance(m.occurred_at, received_ms)
        score_before = self.score()
        changed = player.box.add(m.version, m.stats)
        self._ledger.add(m.version)
        changes = [*placed, self._stats_change(player)] if changed else placed
        if m.classification != "DISTANCE":
            live_id = live_id or self._current_live_id
            entry = PlayEntry(
                version=m.version,
                occurred_at=m.occurred_at,
                team_id=m.team_id,
                player_id=m.player_id,
                classification=m.classification,
                period=self._period_of(m.occurred_at, live_id, period),
                live_id=live_id,
                period_stated=bool(period),
                stats=totals(
                    player.box.stats
                    if m.version == player.box.version
                    else player.box.totals_at(m.version)
                ),
            )
            self._plays[m.version] = entry
            changes.append(Change("play", self._play_dict(entry)))
        # A late version can change the totals after later plays even when the box
        # score stays (a newer version had overwritten what it set).
        changes += self._refresh_plays(player, after=m.version)
        return changes + self._score_change(score_before)

    def _apply_shot(
        self, m: Shot, live_id: str | None, received_ms: int | None, period: str | None
    ) -> list[Change]:
        team = self._known_team(m.team_id, "shot")
        if m.player_id not in team.players:
            held_key = ("shot", m.occurred_at, m.status, m.is_make)
            return self._hold(m, held_key, live_id, received_ms, period)
        key = (m.player_id, m.occurred_at)
        shot = self._shots.get(key)
        if shot is not None and (
            status_rank(m.status) < status_rank(shot.status)  # overtaken by a correction
            or shot.matches(m)
        ):
            return []
        placed = self._advance(m.occurred_at, received_ms)
        self._player(team, m.player_id)
        if shot is None:
            live_id = live_id or self._current_live_id
            shot = self._shots[key] = ShotRecord.from_message(
                m,
                period=self._period_of(m.occurred_at, live_id, period),
                live_id=live_id,
                period_stated=bool(period),
            )
        else:
            shot.correct(m)
        return [*placed, self._shot_change(shot)]

    def _apply_marker(
        self, m: Marker, live_id: str | None, received_ms: int | None
    ) -> list[Change]:
        placed = self._advance(m.occurred_at, received_ms)
        session_id = live_id or self._current_live_id
        data = {
            "type": m.type,
            "occurred_at": m.occurred_at,
            "live_id": m.live_id,
            "session_id": session_id,
        }
        if m.type in STATE_MARKERS:
            state_before, clock_before = self._marks.latest, self._clock(self._feed_ms)
            if not self._marks.add(m.occurred_at, m.type):
                return placed
            changes = [*placed, Change("marker", data)]
            if self._marks.latest != state_before:
                changes.append(
                    Change(
                        "play_state",
                        {"play_state": self._marks.latest, "occurred_at": m.occurred_at},
                    )
                )
            clock = self._clock(self._feed_ms)
            if _clock_moved(clock_before, clock):
                changes.append(Change("clock", clock))
            return changes
        mark = Mark(m.occurred_at, m.type, session_id=session_id, next_live_id=m.live_id)
        moved = self._move_timeline(mark)
        if moved is None:
            return placed
        session = self._sessions.get(session_id) if session_id else None
        if session is not None and m.type in PERIOD_OF_MARKER:
            # A half's session learns its period from its start marker.
            moved += self._learn_period(session, PERIOD_OF_MARKER[m.type])
        return [*placed, Change("marker", data), *moved]

    # -- helpers -----------------------------------------------------------------------

    def _known_team(self, team_id: int, what: str) -> TeamState:
        team = self._teams.get(team_id)
        if team is None:
            raise RejectedMessage(f"{what} for team {team_id}, which is not in game {self.game_id}")
        return team

    def _player(self, team: TeamState, player_id: int) -> PlayerState:
        """The team's player, created (name unknown) when REST stats name one first."""
        player = team.players.get(player_id)
        if player is None:
            player = team.players[player_id] = PlayerState(
                PlayerInfo.unknown(player_id), team.id, rostered=False
            )
            self._team_of.setdefault(player_id, team.id)
        return player

    def _advance(self, occurred_at: int, received_ms: int | None) -> list[Change]:
        """Move feed time on; the changes of placing catch-up readings the offset now places."""
        if occurred_at <= self._feed_ms:
            return []
        self._feed_ms = occurred_at
        if received_ms is None:
            return []
        first = self._offset_ms is None
        self._offset_ms = received_ms - occurred_at
        return self._place_readings() if first and self._unplaced else []

    def _place_readings(self) -> list[Change]:
        """File the readings taken at wall time at their feed time, now that it is known."""
        before, clock_before = self._phase_view(), self._clock(self._feed_ms)
        for mark, wall_ms, floor in self._unplaced:
            at = max(floor, wall_ms - self._offset_ms)
            if at == mark.occurred_at or not self._timeline.remove(mark):
                continue
            self._timeline.add(replace(mark, occurred_at=at))
            fix = self._fix
            if fix is not None and fix.at_ms == mark.occurred_at:
                self._fix = replace(fix, at_ms=at)
        self._unplaced.clear()
        return self._refold(before, clock_before, self._feed_ms)

    def _feed_time(self, wall_ms: int | None) -> int:
        """Wall-clock ms as feed time (never before the newest message)."""
        if wall_ms is None:
            return self._feed_ms
        if self._offset_ms is not None:
            wall_ms -= self._offset_ms
        return max(self._feed_ms, wall_ms)

    def _fold(self) -> Phase:
        return fold(self._timeline.marks, practice=self.kind == "practice", sessions=self._sessions)

    def _move_timeline(self, mark: Mark, *, as_of: int | None = None) -> list[Change] | None:
        """Add a mark and refold; the period/clock changes, or None when it was known."""
        as_of = self._feed_ms if as_of is None else as_of
        before, clock_before = self._phase_view(), self._clock(as_of)
        added = self._timeline.add(mark)
        changes = self._refold(before, clock_before, as_of)
        if not added and not changes:
            return None
        return changes

    def _refold(
        self, before: dict[str, Any], clock_before: dict[str, Any], as_of: int
    ) -> list[Change]:
        """Fold the timeline again; the period and clock changes since ``before``."""
        self._phase = self._fold()
        changes = []
        if self._phase_view() != before:
            changes.append(Change("period", self._phase_view()))
        clock = self._clock(as_of)
        if _clock_moved(clock_before, clock):
            changes.append(Change("clock", clock))
        return changes

    def _session_change(self, session: Session) -> Change:
        return Change("session", {**session.to_dict(), "live_ids": self.live_ids})

    def _learn_period(self, session: Session, period: str, *, force: bool = False) -> list[Change]:
        """Give a session its period and file its plays and shots under it.

        Catch-up replays plays of earlier halves under their session's live id before
        gameTotals' periodTotals say which half that session was; plays and shots whose
        period was inferred then are relabelled now (a stated period is kept).
        """
        if session.period == period or (session.period and not force):
            return []
        session.period = period
        live_id = session.live_id
        plays = [e for e in self._plays.values() if _relabel(e, live_id, period)]
        shots = [s for s in self._shots.values() if _relabel(s, live_id, period)]
        return [Change("play", self._play_dict(e)) for e in plays] + [
            self._shot_change(s) for s in shots
        ]

    def _shot_change(self, shot: ShotRecord) -> Change:
        zones = {str(shot.team_id): self.zones(shot.team_id)}
        return Change("shot", {"shot": shot.to_dict(), "zones": zones})

    def _phase_view(self) -> dict[str, Any]:
        phase = self._phase
        practice = self.kind == "practice"
        return {
            "status": phase.status,
            "period": None if practice else phase.period,
            "drill": dict(phase.drill) if practice and phase.drill else None,
        }

    def _period_of(self, occurred_at: int, live_id: str | None, stated: str | None) -> str | None:
        """A play's or shot's period: as stated, else its session's, else the timeline's then."""
        if self.kind == "practice":
            return None
        if stated:
            return stated
        session = self._sessions.get(live_id) if live_id else None
        if session is not None and session.period:
            return session.period
        marks = self._timeline.until(occurred_at)
        if marks:
            return fold(marks, practice=False, sessions=self._sessions).period
        return self._phase.period

    def _clock(self, as_of: int) -> dict[str, Any]:
        phase = self._phase
        return clock_view(
            self._marks,
            period_length_ms=self.length_of(phase.key),
            key=phase.key,
            start_ms=phase.start_ms,
            end_ms=phase.end_ms,
            fix=self._fix,
            playing=phase.playing,
            as_of_ms=as_of,
        )

    def _refresh_plays(self, player: PlayerState, *, after: int) -> list[Change]:
        """Re-total the player's later plays after an older version arrived late."""
        changes = []
        box = player.box
        if box.version is None or after >= box.version:
            return changes
        for version in sorted(self._plays):
            entry = self._plays[version]
            if version <= after or entry.player_id != player.info.id:
                continue
            if entry.team_id != player.team_id:
                continue
            after_it = totals(box.totals_at(version))
            if after_it != entry.stats:
                entry.stats = after_it
                changes.append(Change("play", self._play_dict(entry)))
        return changes

    def _name(self, team_id: int, player_id: int) -> str:
        team = self._teams.get(team_id)
        player = team.players.get(player_id) if team else None
        return player.info.short_name if player else f"Player {player_id}"

    def _play_dict(self, entry: PlayEntry) -> dict[str, Any]:
        return entry.to_dict(self._name(entry.team_id, entry.player_id))

    def _points(self, team: TeamState) -> int | float:
        """The team's score: ShotTracker's at its last reading plus the feed's points since."""
        points = sum(p.box.stats.get("PTS", 0) for p in team.players.values())
        version = self._official_version
        if version is not None and team.id in self._official:
            then = sum(p.box.points_at(version) for p in team.players.values())
            points = self._official[team.id] + points - then
        return number(points)

    # -- what stays off air ------------------------------------------------------------

    def _hold(
        self,
        m: Stats | Shot,
        key: tuple,
        live_id: str | None,
        received_ms: int | None,
        period: str | None,
    ) -> list[Change]:
        """Keep a message of a player nobody confirmed; it counts nowhere until then."""
        unconfirmed = self._checks.unconfirmed.get(m.player_id)
        if unconfirmed is None:
            since = received_ms if received_ms is not None else m.occurred_at
            unconfirmed = Unconfirmed(m.player_id, m.team_id, since)
            self._checks.unconfirmed[m.player_id] = unconfirmed
        held = Held(m, live_id or self._current_live_id, received_ms, period)
        if not unconfirmed.hold(key, held):
            return []
        return [Change("checks", self._checks.to_dict())]

    def _release(self) -> list[Change]:
        """Apply, in version order, what was held for players a roster or REST now confirms."""
        confirmed = [
            u
            for u in self._checks.unconfirmed.values()
            if u.team_id in self._teams and u.player_id in self._teams[u.team_id].players
        ]
        if not confirmed:
            return []
        changes: list[Change] = []
        for unconfirmed in confirmed:
            del self._checks.unconfirmed[unconfirmed.player_id]
            for held in sorted(unconfirmed.held.values(), key=lambda h: h.order):
                # An impossible one is noted in the checks, as it would have been before.
                with contextlib.suppress(RejectedMessage):
                    changes += self.apply(
                        held.message,
                        live_id=held.live_id,
                        received_ms=held.received_ms,
                        period=held.period,
                    )
        return [*changes, Change("checks", self._checks.to_dict())]

    def _check_possible(self, player: PlayerState, m: Stats, received_ms: int | None) -> None:
        """Refuse stats its classification cannot make from the player's previous version.

        The previous totals are known only when every version before this one was seen,
        back to the player's last REST totals (or the first version); after a gap
        nothing is refused: catch-up settles it. A message older than the player's newest
        REST totals is not checked either: those totals settled the box score already.
        """
        if m.version < max(player.box.rest_versions, default=0):
            return  # REST's totals already settled the player after it: a late play entry
        box = player.box
        if not self._ledger.all_seen(box.complete_from(m.version), m.version):
            return
        if box.version is None or m.version > box.version:
            before = box.stats  # in order (the common case): the totals as they stand
        else:
            previous = box.version_before(m.version)
            before = box.totals_at(previous) if previous is not None else {}
        reason = contradiction(m.classification, before, m.stats)
        if reason is None:
            return
        self._checks.refuse({
            "version": m.version, "team_id": m.team_id, "player_id": m.player_id,
            "classification": m.classification, "reason": reason,
            "at_ms": received_ms if received_ms is not None else m.occurred_at,
        })  # fmt: skip
        raise ImpossibleStats(f"stats v{m.version} of player {m.player_id}: {reason}")

    def _player_disagreement(
        self, player: PlayerState, version: int, values: Mapping[str, float]
    ) -> list[Change]:
        """ShotTracker's totals of a player at a version we had whole, against ours."""
        complete = self._ledger.all_seen(player.box.complete_from(version), version + 1)
        if version not in player.box.inputs or not complete:
            return []
        ours = player.box.totals_at(version)
        differs = {
            key: {"ours": number(ours.get(key, 0)), "theirs": number(value)}
            for key, value in values.items()
            if ours.get(key, 0) != value
        }
        if not differs:
            return []
        entry = {"team_id": player.team_id, "player_id": player.info.id, "version": version,
                 "stats": differs}  # fmt: skip
        at = self._feed_ms
        if not self._checks.disagree(("player", player.info.id), entry, at):
            return []
        return [Change("checks", self._checks.to_dict())]

    def _take_official(
        self, scores: list[tuple[str, int, float]], version: int | None, at_ms: int
    ) -> list[Change]:
        """Catch-up's team scores as of ``version`` become the score (a newer reading wins)."""
        if not scores:
            return []
        if version is None:
            mismatch = self._mismatch(scores, None)
            return [Change("mismatch", {**mismatch, "as_of_ms": at_ms})] if mismatch else []
        if self._official_version is not None and version < self._official_version:
            return []  # an older reading than the one we have (REST lagging more)
        score_before = self.score()
        mismatch = self._mismatch(scores, version)
        changes: list[Change] = []
        if mismatch is not None:
            changes.append(Change("mismatch", {**mismatch, "as_of_ms": at_ms, "resolved": True}))
            for side in ("home", "away"):
                if side in mismatch and mismatch[side]["ours"] != mismatch[side]["theirs"]:
                    entry = {"team_id": mismatch[side]["team_id"], "player_id": None,
                             "version": version, "stats": {"PTS": {
                                 "ours": mismatch[side]["ours"],
                                 "theirs": mismatch[side]["theirs"]}}}  # fmt: skip
                    self._checks.disagree(("team", entry["team_id"]), entry, at_ms)
            changes.append(Change("checks", self._checks.to_dict()))
        self._official = {team: theirs for _, team, theirs in scores if team in self._teams}
        self._official_version = version
        return changes + self._score_change(score_before)

    def _score_change(self, before: dict[str, Any] | None) -> list[Change]:
        after = self.score()
        return [Change("score", after)] if after is not None and after != before else []

    def _on_court(self, player_id: int) -> bool:
        return self._positions.is_on_court(player_id, self._feed_ms)

    def _player_dict(self, player: PlayerState) -> dict[str, Any]:
        return {
            **player.roster_dict(self._on_court(player.info.id)),
            "version": player.box.version,
            "stats": box_score(player.box.stats),
        }

    def _team_summary(self, team: TeamState) -> dict[str, Any]:
        score = self._points(team)
        totals = box_score(sum_stats(p.box.stats for p in team.players.values()))
        totals["PTS"] = score  # the team line's points are the score (official totals win)
        return {"id": team.id, "name": team.name, "score": score, "totals": totals}

    def _team_dict(self, team: TeamState) -> dict[str, Any]:
        players = [self._player_dict(p) for p in team.ordered_players()]
        return {**self._team_summary(team), "players": players}

    def _roster(self) -> list[dict[str, Any]]:
        return [
            {
                "id": team.id,
                "name": team.name,
                "players": [
                    p.roster_dict(self._on_court(p.info.id)) for p in team.ordered_players()
                ],
            }
            for team in self._teams.values()
        ]

    def _stats_change(self, player: PlayerState) -> Change:
        team = self._teams[player.team_id]
        return Change(
            "stats",
            {
                "team_id": team.id,
                "player_id": player.info.id,
                "version": player.box.version,
                "player": self._player_dict(player),
                "team": self._team_summary(team),
                "score": self.score(),
            },
        )

    def _mismatch(
        self, scores: list[tuple[str, int, float]], version: int | None
    ) -> dict[str, Any] | None:
        """Our players' points (at ``version``, else now) against catch-up's, or None."""
        out: dict[str, Any] = {}
        differs = False
        for side, team_id, theirs in scores:
            team = self._teams.get(team_id)
            ours = None
            if team is not None:
                players = team.players.values()
                ours = number(
                    sum(p.box.points_at(version) for p in players)
                    if version is not None
                    else sum(p.box.stats.get("PTS", 0) for p in players)
                )
            out[side] = {"team_id": team_id, "ours": ours, "theirs": number(theirs)}
            differs = differs or ours != theirs
        return out if differs else None


def _clock_moved(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return (before["elapsed_ms"], before["running"]) != (after["elapsed_ms"], after["running"])


def _relabel(item: PlayEntry | ShotRecord, live_id: str, period: str) -> bool:
    """File a play or shot of session ``live_id`` under ``period``; True when it moved."""
    if item.live_id != live_id or item.period_stated or item.period == period:
        return False
    item.period = period
    return True
