"""Catch-up ``GET /v1/data/stats/games/{event_id}/{resources}``: a whole game so far.

Shapes per docs/wire.md. Resources that were not asked for are empty tuples;
``gameTotals`` is always there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from shottracker import models
from shottracker.errors import MalformedMessage
from shottracker.resources import _fields as f
from shottracker.resources.stats import TeamPlayerStats

CATCH_UP_RESOURCES = ("stats", "details", "shots", "possessions")
_CLOCK = re.compile(r"(\d{2,}):([0-5]\d):([0-5]\d)")


@dataclass(frozen=True, slots=True)
class PlayByPlay:
    """One stats message of the event (an entry of ``details``), in version order."""

    version: int
    occurred_at: int
    team_id: int
    player_id: int
    classification: str
    stats: dict[str, float]
    period: str
    session_id: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "detail") -> PlayByPlay:
        data = f.obj(obj, where)
        message = f.nested(where, models.parse_stats, data)
        return cls(
            version=message.version,
            occurred_at=message.occurred_at,
            team_id=message.team_id,
            player_id=message.player_id,
            classification=message.classification,
            stats=message.stats,
            period=f.text(data, "period", where),
            session_id=f.text(data, "session_id", where),
        )

    def as_stats(self) -> models.Stats:
        """The feed message this entry was."""
        return models.Stats(
            occurred_at=self.occurred_at,
            team_id=self.team_id,
            player_id=self.player_id,
            stats=dict(self.stats),
            classification=self.classification,
            version=self.version,
        )


@dataclass(frozen=True, slots=True)
class CatchUpShot:
    """A shot of the event with its latest status, the period and the session it was in."""

    occurred_at: int
    team_id: int
    player_id: int
    is_make: bool
    is_3point: bool
    zone: int
    hoop_player_x: int
    hoop_player_y: int
    status: str
    period: str
    session_id: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "shot") -> CatchUpShot:
        data = f.obj(obj, where)
        shot = f.nested(where, models.parse_shot, data)
        return cls(
            occurred_at=shot.occurred_at,
            team_id=shot.team_id,
            player_id=shot.player_id,
            is_make=shot.is_make,
            is_3point=shot.is_3point,
            zone=shot.zone,
            hoop_player_x=shot.hoop_player_x,
            hoop_player_y=shot.hoop_player_y,
            status=shot.status,
            period=f.text(data, "period", where),
            session_id=f.text(data, "session_id", where),
        )

    def as_shot(self) -> models.Shot:
        """The feed message for this shot (the ids are in the entry itself)."""
        return models.Shot(
            occurred_at=self.occurred_at,
            team_id=self.team_id,
            player_id=self.player_id,
            is_make=self.is_make,
            is_3point=self.is_3point,
            zone=self.zone,
            hoop_player_x=self.hoop_player_x,
            hoop_player_y=self.hoop_player_y,
            status=self.status,
        )


@dataclass(frozen=True, slots=True)
class Possession:
    """A possession; ``ended_at`` is None while it runs."""

    team_id: int
    started_at: int
    ended_at: int | None
    period: str
    points: int

    @classmethod
    def from_json(cls, obj: Any, where: str = "possession") -> Possession:
        data = f.obj(obj, where)
        return cls(
            team_id=f.integer(data, "team_id", where),
            started_at=f.integer(data, "started_at", where, minimum=0),
            ended_at=f.optional_integer(data, "ended_at", where),
            period=f.text(data, "period", where),
            points=f.integer(data, "points", where, minimum=0),
        )


@dataclass(frozen=True, slots=True)
class TeamScore:
    """A score; ``team_id`` is the team id as text, as the API sends it.

    ``team_id`` is None when the side has no team (empty or null: a one-team practice).
    """

    team_id: str | None
    value: int

    @classmethod
    def from_json(cls, obj: Any, where: str = "score") -> TeamScore:
        data = f.obj(obj, where)
        return cls(
            team_id=f.optional_text(data, "teamId", where) or None,
            value=f.integer(data, "value", where, minimum=0),
        )


@dataclass(frozen=True, slots=True)
class PeriodTotal:
    home: TeamScore
    away: TeamScore
    period: str
    session_id: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "periodTotals") -> PeriodTotal:
        data = f.obj(obj, where)
        return cls(
            home=TeamScore.from_json(data.get("homeTeamScore"), f"{where}.homeTeamScore"),
            away=TeamScore.from_json(data.get("awayTeamScore"), f"{where}.awayTeamScore"),
            period=f.text(data, "period", where),
            session_id=f.text(data, "sessionId", where),
        )


@dataclass(frozen=True, slots=True)
class GameTotals:
    """Score, period, clock and status; ``period_totals`` newest first.

    ``status`` is ``SCHEDULED``, ``ACTIVE`` or ``FINAL`` in docs/wire.md; other values
    are kept as sent rather than refused, so a new vendor status cannot break a resync.
    """

    home: TeamScore
    away: TeamScore
    period: str
    game_clock: str
    status: str
    period_totals: tuple[PeriodTotal, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "gameTotals") -> GameTotals:
        data = f.obj(obj, where)
        clock = f.text(data, "gameClock", where)
        if not _CLOCK.fullmatch(clock):
            raise MalformedMessage(f"{where}.gameClock={clock!r} is not HH:MM:SS")
        return cls(
            home=TeamScore.from_json(data.get("homeTeamScore"), f"{where}.homeTeamScore"),
            away=TeamScore.from_json(data.get("awayTeamScore"), f"{where}.awayTeamScore"),
            period=f.text(data, "period", where),
            game_clock=clock,
            status=f.text(data, "status", where),
            period_totals=f.items(data, "periodTotals", where, PeriodTotal.from_json),
        )

    @property
    def game_clock_s(self) -> int:
        """Seconds left in the period."""
        hours, minutes, seconds = (int(part) for part in self.game_clock.split(":"))
        return hours * 3600 + minutes * 60 + seconds


@dataclass(frozen=True, slots=True)
class CatchUp:
    """Everything about a game so far, for a client that joins late or reconnects."""

    stats: tuple[TeamPlayerStats, ...]
    details: tuple[PlayByPlay, ...]
    shots: tuple[CatchUpShot, ...]
    possessions: tuple[Possession, ...]
    game_totals: GameTotals

    @classmethod
    def from_json(cls, obj: Any, where: str = "catch-up") -> CatchUp:
        data = f.obj(obj, where)
        return cls(
            stats=f.items(data, "stats", where, TeamPlayerStats.from_json, required=False),
            details=f.items(data, "details", where, PlayByPlay.from_json, required=False),
            shots=f.items(data, "shots", where, CatchUpShot.from_json, required=False),
            possessions=f.items(data, "possessions", where, Possession.from_json, required=False),
            game_totals=GameTotals.from_json(data.get("gameTotals"), f"{where}.gameTotals"),
        )
