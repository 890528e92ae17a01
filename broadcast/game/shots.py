"""Shots by identity (player_id, occurred_at), their corrections, and the chart by zone.

A correction re-sends a shot with the same identity (docs/wire.md): ``UPDATED`` with the
corrected ``is_make`` or ``DELETED``. The feed gives shots no version, so precedence is
by status: RECORDED < UPDATED < DELETED. A message of lower rank than the shot's current
status is stale (it was overtaken in transit) and changes nothing, which keeps the end
state independent of arrival order; of two UPDATED for one shot, the later arrival wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from broadcast.game.boxscore import pct
from shottracker.models import Shot

# The 14 zones of shottracker.court (the feed's zone field is 1-14; parse_shot checks it).
ZONE_IDS = tuple(range(1, 15))
_STATUS_RANK = {"RECORDED": 0, "UPDATED": 1, "DELETED": 2}


def status_rank(status: str) -> int:
    """Precedence of a shot status; unknown statuses rank as RECORDED."""
    return _STATUS_RANK.get(status, 0)


@dataclass(slots=True)
class ShotRecord:
    """One shot as the chart and the shot list show it; x/y in mm in the hoop frame."""

    player_id: int
    occurred_at: int
    team_id: int
    is_make: bool
    is_3point: bool
    zone: int
    x: int
    y: int
    status: str
    period: str | None
    live_id: str | None
    period_stated: bool = False  # given by catch-up, not inferred: never relabelled

    @classmethod
    def from_message(
        cls, m: Shot, *, period: str | None, live_id: str | None, period_stated: bool = False
    ) -> ShotRecord:
        return cls(m.player_id, m.occurred_at, m.team_id, m.is_make, m.is_3point, m.zone,
                   m.hoop_player_x, m.hoop_player_y, m.status, period, live_id,
                   period_stated)  # fmt: skip

    def matches(self, m: Shot) -> bool:
        """Whether a message for this shot says nothing new."""
        return (self.team_id, self.is_make, self.is_3point, self.zone, self.x, self.y,
                self.status) == (m.team_id, m.is_make, m.is_3point, m.zone, m.hoop_player_x,
                                 m.hoop_player_y, m.status)  # fmt: skip

    def correct(self, m: Shot) -> None:
        """Take a correction's values; the period and session stay (the shot happened then)."""
        self.team_id, self.is_make, self.is_3point, self.zone = (
            m.team_id, m.is_make, m.is_3point, m.zone)  # fmt: skip
        self.x, self.y, self.status = m.hoop_player_x, m.hoop_player_y, m.status

    @property
    def id(self) -> str:
        return f"{self.player_id}:{self.occurred_at}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": self.team_id,
            "player_id": self.player_id,
            "occurred_at": self.occurred_at,
            "is_make": self.is_make,
            "is_3point": self.is_3point,
            "zone": self.zone,
            "x": self.x,
            "y": self.y,
            "status": self.status,
            "period": self.period,
            "live_id": self.live_id,
        }


class ZoneShot(Protocol):
    """What a zone tally reads of a shot: a game's ShotRecord, a season's or a drill's shot."""

    zone: int
    is_make: bool
    status: str


def zone_totals(
    shots: Iterable[ZoneShot],
    *,
    team_id: int | None = None,
    player_id: int | None = None,
    period: str | None = None,
) -> dict[int, dict[str, Any]]:
    """FGA, FG and FG% for each of the 14 zones, over the shots that match the filters.

    The one zone tally: the console's chart, the overlay's, the coach's game, drill and
    season charts all count with it. A deleted shot, or one without a zone, is no attempt;
    the filters read ``team_id``, ``player_id`` and ``period`` only when given.
    """
    fga = dict.fromkeys(ZONE_IDS, 0)
    fg = dict.fromkeys(ZONE_IDS, 0)
    for shot in shots:
        if shot.status == "DELETED" or shot.zone not in fga:
            continue
        if team_id is not None and shot.team_id != team_id:
            continue
        if player_id is not None and shot.player_id != player_id:
            continue
        if period is not None and shot.period != period:
            continue
        fga[shot.zone] += 1
        fg[shot.zone] += bool(shot.is_make)
    return {z: {"fga": fga[z], "fg": fg[z], "pct": pct(fg[z], fga[z])} for z in ZONE_IDS}
