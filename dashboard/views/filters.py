"""The filters of the console's lists: query parameters read once, lists narrowed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from broadcast.game.periods import period_order


def int_param(params: QueryDict, name: str) -> int | None:
    """A whole-number parameter; None when absent, empty or not a number ("all")."""
    raw = params.get(name, "").strip()
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Filters:
    """Team, player and period as chosen on a panel (None: all)."""

    team: int | None = None
    player: int | None = None
    period: str | None = None

    @classmethod
    def from_query(cls, params: QueryDict, *, default_team: int | None = None) -> Filters:
        team = int_param(params, "team") if "team" in params else default_team
        period = params.get("period", "").strip() or None
        return cls(team=team, player=int_param(params, "player"), period=period)

    def within(self, state: dict[str, Any]) -> Filters:
        """The filters without a player of another team (after the team was changed)."""
        if self.player is None or self.team is None:
            return self
        team = next((t for t in state.get("teams", []) if t["id"] == self.team), None)
        if team is None or all(p["id"] != self.player for p in team["players"]):
            return Filters(team=self.team, player=None, period=self.period)
        return self


def filter_plays(plays: list[dict[str, Any]], filters: Filters) -> list[dict[str, Any]]:
    """The play-by-play entries of a team and/or a player (order kept: newest first)."""
    return [
        play
        for play in plays
        if (filters.team is None or play["team_id"] == filters.team)
        and (filters.player is None or play["player_id"] == filters.player)
    ]


def periods_of(state: dict[str, Any]) -> list[str]:
    """The periods the game has seen so far, in the order played (H1, H2, OT1, …)."""
    seen = {s["period"] for s in state.get("shots", []) if s.get("period")}
    seen |= {s["period"] for s in state.get("sessions", []) if s.get("period")}
    if state.get("period"):
        seen.add(state["period"])
    return sorted(seen, key=period_order)
