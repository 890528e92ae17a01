"""What exists beyond one session: courts (locations), teams, and a team's past events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.resources import _fields as f
from shottracker.resources.live import Team
from shottracker.resources.subscription import SessionResult

DISTANCE_UNITS = ("MILES", "KILOMETERS")


@dataclass(frozen=True, slots=True)
class CourtLocation:
    """A court with ShotTracker installed; ``location_id`` is ``/<facility>/<court>``."""

    facility_name: str | None
    court_name: str | None
    location_id: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "location") -> CourtLocation:
        data = f.obj(obj, where)
        return cls(
            facility_name=f.optional_text(data, "facility_name", where),
            court_name=f.optional_text(data, "court_name", where),
            location_id=f.text(data, "location_id", where),
        )


@dataclass(frozen=True, slots=True)
class Locations:
    """``GET /v1/data/locations``."""

    locations: tuple[CourtLocation, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "locations") -> Locations:
        return cls(
            locations=f.items(f.obj(obj, where), "locations", where, CourtLocation.from_json)
        )


@dataclass(frozen=True, slots=True)
class Distance:
    unit: str
    value: float

    @classmethod
    def from_json(cls, obj: Any, where: str = "distance") -> Distance:
        data = f.obj(obj, where)
        return cls(
            unit=f.text(data, "unit", where, DISTANCE_UNITS), value=f.number(data, "value", where)
        )


@dataclass(frozen=True, slots=True)
class NearestLocation(CourtLocation):
    """A court and how far it is from the caller."""

    distance: Distance

    @classmethod
    def from_json(cls, obj: Any, where: str = "location") -> NearestLocation:
        data = f.obj(obj, where)
        court = CourtLocation.from_json(data, where)
        return cls(
            facility_name=court.facility_name,
            court_name=court.court_name,
            location_id=court.location_id,
            distance=Distance.from_json(data.get("distance"), f"{where}.distance"),
        )


@dataclass(frozen=True, slots=True)
class NearestLocations:
    """``GET /v1/data/locations/nearest/latlong/{latitude}/{longitude}``."""

    locations: tuple[NearestLocation, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "locations") -> NearestLocations:
        data = f.obj(obj, where)
        return cls(locations=f.items(data, "locations", where, NearestLocation.from_json))


@dataclass(frozen=True, slots=True)
class Teams:
    """``GET /v1/data/teams``: the teams these credentials may read."""

    teams: tuple[Team, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "teams") -> Teams:
        return cls(teams=f.items(f.obj(obj, where), "teams", where, Team.from_json))


@dataclass(frozen=True, slots=True)
class TeamEvent:
    """A past game or practice and its sessions (halves, drills)."""

    id: str
    name: str | None
    results: tuple[SessionResult, ...]
    is_practice_event: bool
    is_game_event: bool
    started_at: int
    ended_at: int | None

    @classmethod
    def from_json(cls, obj: Any, where: str = "event") -> TeamEvent:
        data = f.obj(obj, where)
        return cls(
            id=f.text(data, "id", where),
            name=f.optional_text(data, "name", where),
            results=f.items(data, "results", where, SessionResult.from_json),
            is_practice_event=f.boolean(data, "is_practice_event", where),
            is_game_event=f.boolean(data, "is_game_event", where),
            started_at=f.integer(data, "started_at", where, minimum=0),
            ended_at=f.optional_integer(data, "ended_at", where),
        )


@dataclass(frozen=True, slots=True)
class TeamEvents:
    """``GET /v1/data/teams/{team_id}/events``."""

    events: tuple[TeamEvent, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "events") -> TeamEvents:
        return cls(events=f.items(f.obj(obj, where), "events", where, TeamEvent.from_json))
