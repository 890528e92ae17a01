"""``_subscribe``: a one-time feed token, the rosters, and links to a session's results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.errors import MalformedMessage
from shottracker.models import DATA_TYPES
from shottracker.resources import _fields as f


@dataclass(frozen=True, slots=True)
class Player:
    """A player of a roster.

    ``jersey_number`` is kept as text: "00" and "0" are different jerseys.
    """

    id: int
    first_name: str | None
    last_name: str | None
    display_name: str | None
    jersey_number: str | None
    position: str | None
    profile_image_link: str | None

    @classmethod
    def from_json(cls, obj: Any, where: str = "player") -> Player:
        data = f.obj(obj, where)
        jersey = data.get("jersey_number")
        if isinstance(jersey, bool) or not isinstance(jersey, int | str | None):
            raise MalformedMessage(f"{where}.jersey_number is not a number or text")
        return cls(
            id=f.integer(data, "id", where),
            first_name=f.optional_text(data, "first_name", where),
            last_name=f.optional_text(data, "last_name", where),
            display_name=f.optional_text(data, "display_name", where),
            jersey_number=None if jersey is None else str(jersey),
            position=f.optional_text(data, "position", where),
            profile_image_link=f.optional_text(data, "profile_image_link", where),
        )


@dataclass(frozen=True, slots=True)
class RosterTeam:
    """A team of ``_subscribe`` with its players."""

    id: int
    name: str
    players: tuple[Player, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> RosterTeam:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            name=f.text(data, "name", where),
            players=f.items(data, "players", where, Player.from_json),
        )


@dataclass(frozen=True, slots=True)
class SessionResult:
    """A session of an event with links to its stats, details and shots.

    As ``event_completed_results`` (no times) and as a team event's ``results``.
    """

    id: str
    type: str
    name: str | None
    started_at: int | None
    ended_at: int | None
    stats_link: str | None
    stats_details_link: str | None
    shots_link: str | None

    @classmethod
    def from_json(cls, obj: Any, where: str = "result") -> SessionResult:
        data = f.obj(obj, where)
        return cls(
            id=f.text(data, "id", where),
            type=f.text(data, "type", where),
            name=f.optional_text(data, "name", where),
            started_at=f.optional_integer(data, "started_at", where),
            ended_at=f.optional_integer(data, "ended_at", where),
            stats_link=f.optional_text(data, "_stats", where),
            stats_details_link=f.optional_text(data, "_stats_details", where),
            shots_link=f.optional_text(data, "_shots", where),
        )


@dataclass(frozen=True, slots=True)
class Subscription:
    """``GET /v1/data/live/{live_id}/_subscribe``: a token that opens the feed once."""

    token: str
    token_data_types: tuple[str, ...]
    active_state: str | None
    teams: tuple[RosterTeam, ...]
    stats_link: str | None
    stats_details_link: str | None
    shots_link: str | None
    event_completed_results: tuple[SessionResult, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "subscription") -> Subscription:
        data = f.obj(obj, where)
        types = data.get("token_data_types")
        if not isinstance(types, list) or any(t not in DATA_TYPES for t in types):
            raise MalformedMessage(f"{where}.token_data_types is not a list of {DATA_TYPES}")
        return cls(
            token=f.text(data, "token", where),
            token_data_types=tuple(types),
            active_state=f.optional_text(data, "active_state", where),
            teams=f.items(data, "teams", where, RosterTeam.from_json),
            stats_link=f.optional_text(data, "_stats", where),
            stats_details_link=f.optional_text(data, "_stats_details", where),
            shots_link=f.optional_text(data, "_shots", where),
            event_completed_results=f.items(
                data, "event_completed_results", where, SessionResult.from_json, required=False
            ),
        )

    def player(self, player_id: int) -> Player | None:
        """The roster entry of a player of either team (location frames name only the id)."""
        for team in self.teams:
            for player in team.players:
                if player.id == player_id:
                    return player
        return None
