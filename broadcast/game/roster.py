"""Teams and players: what the roster says about them, and their state in this game."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from broadcast.game.boxscore import PlayerBox


@dataclass(frozen=True)
class PlayerInfo:
    """A player as _subscribe's roster lists them."""

    id: int
    first_name: str
    last_name: str
    display_name: str
    jersey_number: int | None
    position: str | None

    @classmethod
    def unknown(cls, player_id: int) -> PlayerInfo:
        """A player seen in the feed before (or without) any roster naming them."""
        return cls(player_id, "", "", f"Player {player_id}", None, None)

    @property
    def short_name(self) -> str:
        """'J. Doe' for play-by-play lines."""
        if self.first_name and self.last_name:
            return f"{self.first_name[0]}. {self.last_name}"
        return self.display_name or self.last_name or f"Player {self.id}"


@dataclass(frozen=True)
class TeamInfo:
    """A team and its roster; the first team of a game is the home team."""

    id: int
    name: str
    players: list[PlayerInfo] = field(default_factory=list)


class PlayerState:
    """A player in this game: roster info (if any) and the box score."""

    __slots__ = ("box", "info", "rostered", "team_id")

    def __init__(self, info: PlayerInfo, team_id: int, *, rostered: bool) -> None:
        self.info = info
        self.team_id = team_id
        self.rostered = rostered
        self.box = PlayerBox()

    def roster_dict(self, on_court: bool) -> dict[str, Any]:
        info = self.info
        return {
            "id": info.id,
            "first_name": info.first_name,
            "last_name": info.last_name,
            "display_name": info.display_name,
            "jersey_number": info.jersey_number,
            "position": info.position,
            "on_court": on_court,
        }


class TeamState:
    """A team in this game: name and players (roster order, then players met in the feed)."""

    __slots__ = ("id", "name", "players")

    def __init__(self, team_id: int, name: str) -> None:
        self.id = team_id
        self.name = name
        self.players: dict[int, PlayerState] = {}

    def ordered_players(self) -> list[PlayerState]:
        """Rostered players in roster order, then the others by id (independent of arrival)."""
        rostered = [p for p in self.players.values() if p.rostered]
        others = sorted(
            (p for p in self.players.values() if not p.rostered), key=lambda p: p.info.id
        )
        return rostered + others
