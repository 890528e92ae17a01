"""Player stats: a session's live stats, a team's stats over a range, and their details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.errors import MalformedMessage
from shottracker.models import STAT_KEYS
from shottracker.resources import _fields as f


@dataclass(frozen=True, slots=True)
class PlayerDetails:
    """Who a stats or shots entry is about."""

    id: int
    firstname: str | None
    lastname: str | None
    profile_image_link: str | None

    @classmethod
    def from_json(cls, obj: Any, where: str = "player_details") -> PlayerDetails:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            firstname=f.optional_text(data, "firstname", where),
            lastname=f.optional_text(data, "lastname", where),
            profile_image_link=f.optional_text(data, "profile_image_link", where),
        )


@dataclass(frozen=True, slots=True)
class PlayerStats:
    """A player's totals and the version they stand at."""

    id: int
    player_details: PlayerDetails
    version: int
    stats: dict[str, float]

    @classmethod
    def from_json(cls, obj: Any, where: str = "player_stats") -> PlayerStats:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            player_details=PlayerDetails.from_json(
                data.get("player_details"), f"{where}.player_details"
            ),
            version=f.integer(data, "version", where, minimum=0),
            stats=f.stat_values(data, "stats", where),
        )


@dataclass(frozen=True, slots=True)
class TeamPlayerStats:
    """One team's player stats: an entry of live stats, or a team stats endpoint's answer."""

    id: int
    player_stats: tuple[PlayerStats, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> TeamPlayerStats:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            player_stats=f.items(data, "player_stats", where, PlayerStats.from_json),
        )


@dataclass(frozen=True, slots=True)
class LiveStats:
    """``GET /v1/data/live/{live_id}/stats``: every player's current totals."""

    teams: tuple[TeamPlayerStats, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "stats") -> LiveStats:
        return cls(teams=f.items(f.obj(obj, where), "teams", where, TeamPlayerStats.from_json))


@dataclass(frozen=True, slots=True)
class StatPoint:
    """One change of one stat: when, and by how much."""

    occurred_at: int
    value: float

    @classmethod
    def from_json(cls, obj: Any, where: str = "point") -> StatPoint:
        data = f.obj(obj, where)
        value = f.number(data, "value", where)
        if value < 0:
            raise MalformedMessage(f"{where}.value is negative")
        return cls(occurred_at=f.integer(data, "occurred_at", where, minimum=0), value=value)


@dataclass(frozen=True, slots=True)
class PlayerStatsDetails:
    """A player's stats as a time series per stat key."""

    id: int
    player_details: PlayerDetails
    stats: dict[str, tuple[StatPoint, ...]]

    @classmethod
    def from_json(cls, obj: Any, where: str = "player_stats") -> PlayerStatsDetails:
        data = f.obj(obj, where)
        series = f.obj(data.get("stats"), f"{where}.stats")
        unknown = sorted(set(series) - set(STAT_KEYS))
        if unknown:
            raise MalformedMessage(f"{where}.stats has unknown stats {unknown}")
        return cls(
            id=f.integer(data, "id", where),
            player_details=PlayerDetails.from_json(
                data.get("player_details"), f"{where}.player_details"
            ),
            stats={
                key: f.items(series, key, f"{where}.stats", StatPoint.from_json) for key in series
            },
        )


@dataclass(frozen=True, slots=True)
class TeamStatsDetails:
    id: int
    player_stats: tuple[PlayerStatsDetails, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> TeamStatsDetails:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            player_stats=f.items(data, "player_stats", where, PlayerStatsDetails.from_json),
        )


@dataclass(frozen=True, slots=True)
class StatsDetails:
    """``GET /v1/data/live/{live_id}/stats/details``: when each stat changed."""

    teams: tuple[TeamStatsDetails, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "stats details") -> StatsDetails:
        return cls(teams=f.items(f.obj(obj, where), "teams", where, TeamStatsDetails.from_json))
