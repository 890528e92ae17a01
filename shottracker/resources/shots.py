"""Shots by player: a session's live shots and a team's shots over a range."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from shottracker import models
from shottracker.resources import _fields as f
from shottracker.resources.stats import PlayerDetails


@dataclass(frozen=True, slots=True)
class ShotRecord:
    """A shot as the REST lists give it: the feed's shot without team and player ids."""

    occurred_at: int
    is_make: bool
    is_3point: bool
    zone: int
    hoop_player_x: int
    hoop_player_y: int
    status: str

    @classmethod
    def from_json(cls, obj: Any, where: str = "shot") -> ShotRecord:
        data = f.obj(obj, where)
        return cls(
            occurred_at=f.integer(data, "occurred_at", where, minimum=0),
            is_make=f.boolean(data, "is_make", where),
            is_3point=f.boolean(data, "is_3point", where),
            zone=f.zone(data, where),
            hoop_player_x=f.integer(data, "hoop_player_x", where),
            hoop_player_y=f.integer(data, "hoop_player_y", where),
            status=f.text(data, "status", where),
        )

    def as_shot(self, team_id: int, player_id: int) -> models.Shot:
        """The feed message this shot would have been."""
        return models.Shot(
            occurred_at=self.occurred_at,
            team_id=team_id,
            player_id=player_id,
            is_make=self.is_make,
            is_3point=self.is_3point,
            zone=self.zone,
            hoop_player_x=self.hoop_player_x,
            hoop_player_y=self.hoop_player_y,
            status=self.status,
        )


@dataclass(frozen=True, slots=True)
class PlayerShots:
    id: int
    player_details: PlayerDetails
    shots: tuple[ShotRecord, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "player_shots") -> PlayerShots:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            player_details=PlayerDetails.from_json(
                data.get("player_details"), f"{where}.player_details"
            ),
            shots=f.items(data, "shots", where, ShotRecord.from_json),
        )


@dataclass(frozen=True, slots=True)
class TeamPlayerShots:
    """One team's shots by player: an entry of live shots, or a team shots endpoint's answer."""

    id: int
    player_shots: tuple[PlayerShots, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "team") -> TeamPlayerShots:
        data = f.obj(obj, where)
        return cls(
            id=f.integer(data, "id", where),
            player_shots=f.items(data, "player_shots", where, PlayerShots.from_json),
        )

    def shots(self) -> Iterator[models.Shot]:
        """Every shot of the team as a feed message, in the order listed."""
        for player in self.player_shots:
            for shot in player.shots:
                yield shot.as_shot(self.id, player.id)


@dataclass(frozen=True, slots=True)
class LiveShots:
    """``GET /v1/data/live/{live_id}/shots``: the shots of a session so far."""

    teams: tuple[TeamPlayerShots, ...]

    @classmethod
    def from_json(cls, obj: Any, where: str = "shots") -> LiveShots:
        return cls(teams=f.items(f.obj(obj, where), "teams", where, TeamPlayerShots.from_json))

    def shots(self) -> Iterator[models.Shot]:
        """Every shot of both teams as a feed message."""
        for team in self.teams:
            yield from team.shots()
