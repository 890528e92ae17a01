"""Live sessions: what is live (``_search``), a session's info, and its court."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.errors import MalformedMessage
from shottracker.resources import _fields as f


@dataclass(frozen=True, slots=True)
class Team:
    """A team as lists name it: id and name."""

    id: int
    name: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> Team:
        data = f.obj(obj, where)
        return cls(id=f.integer(data, "id", where), name=f.text(data, "name", where))


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """The event (a game, a practice) a live session belongs to."""

    id: str
    name: str | None
    started_at: int

    @classmethod
    def from_json(cls, obj: Any, where: str = "event") -> LiveEvent:
        data = f.obj(obj, where)
        return cls(
            id=f.text(data, "id", where),
            name=f.optional_text(data, "name", where),
            started_at=f.integer(data, "started_at", where, minimum=0),
        )


def _session_fields(data: dict[str, Any], where: str) -> dict[str, Any]:
    return {
        "id": f.text(data, "id", where),
        "type": f.text(data, "type", where),
        "name": f.optional_text(data, "name", where),
        "started_at": f.integer(data, "started_at", where, minimum=0),
        "facility_name": f.optional_text(data, "facility_name", where),
        "court_name": f.optional_text(data, "court_name", where),
        "location_id": f.optional_text(data, "location_id", where),
        "is_practice_event": f.boolean(data, "is_practice_event", where),
        "is_game_event": f.boolean(data, "is_game_event", where),
        "event": LiveEvent.from_json(data.get("event"), f"{where}.event"),
    }


@dataclass(frozen=True, slots=True)
class LiveSession:
    """One live session: a game half (``GAME_ROUND``) or a practice drill."""

    id: str
    type: str
    name: str | None
    started_at: int
    facility_name: str | None
    court_name: str | None
    location_id: str | None
    is_practice_event: bool
    is_game_event: bool
    event: LiveEvent

    @classmethod
    def from_json(cls, obj: Any, where: str = "live") -> LiveSession:
        return cls(**_session_fields(f.obj(obj, where), where))


@dataclass(frozen=True, slots=True)
class LiveTeam:
    """A team of ``GET /v1/data/live/{live_id}`` with the session it plays in."""

    id: int
    name: str
    live: LiveSession

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> LiveTeam:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            name=f.text(data, "name", where),
            live=LiveSession.from_json(data.get("live"), f"{where}.live"),
        )


@dataclass(frozen=True, slots=True)
class LiveInfo:
    """``GET /v1/data/live/{live_id}``: the teams of a session; the first is the home team."""

    teams: tuple[LiveTeam, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "live info") -> LiveInfo:
        teams = f.items(f.obj(obj, where), "teams", where, LiveTeam.from_json)
        if not teams:
            raise MalformedMessage(f"{where}.teams is empty")
        return cls(teams=teams)

    @property
    def live(self) -> LiveSession:
        """The session itself (every team carries the same one)."""
        return self.teams[0].live

    @property
    def home_team(self) -> LiveTeam:
        return self.teams[0]


@dataclass(frozen=True, slots=True)
class ActiveLive(LiveSession):
    """A session listed by ``_search``: the session's fields and its teams."""

    teams: tuple[Team, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "live") -> ActiveLive:
        data = f.obj(obj, where)
        return cls(
            **_session_fields(data, where),
            teams=f.items(data, "teams", where, Team.from_json, required=False),
        )


@dataclass(frozen=True, slots=True)
class LiveSearch:
    """``GET /v1/data/live/_search``: the sessions live now (docs/wire.md)."""

    live: tuple[ActiveLive, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "search") -> LiveSearch:
        return cls(live=f.items(f.obj(obj, where), "live", where, ActiveLive.from_json))


@dataclass(frozen=True, slots=True)
class Hoop:
    """A hoop's centre in the tracking frame (mm)."""

    x: float
    y: float
    z: float

    @classmethod
    def from_json(cls, obj: Any, where: str = "hoop") -> Hoop:
        data = f.obj(obj, where)
        return cls(*(f.number(data, key, where) for key in ("x", "y", "z")))


_CORNERS = ("xne", "yne", "xse", "yse", "xsw", "ysw", "xnw", "ynw")


@dataclass(frozen=True, slots=True)
class Court:
    """``GET /v1/data/live/{live_id}/court``: the four corners and the hoops (mm)."""

    xne: float
    yne: float
    xse: float
    yse: float
    xsw: float
    ysw: float
    xnw: float
    ynw: float
    hoops: tuple[Hoop, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "court") -> Court:
        data = f.obj(obj, where)
        corners = {key: f.number(data, key, where) for key in _CORNERS}
        return cls(**corners, hoops=f.items(data, "hoops", where, Hoop.from_json))

    @property
    def corners(self) -> tuple[tuple[float, float], ...]:
        """The corners as (x, y) pairs: north-east, south-east, south-west, north-west."""
        return (
            (self.xne, self.yne),
            (self.xse, self.yse),
            (self.xsw, self.ysw),
            (self.xnw, self.ynw),
        )
