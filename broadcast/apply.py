"""One log row through the game model: the same function for the live relay and for replays.

The relay applies a row, stores it, and publishes the changes under the row's ``seq``;
a web process or a restarted relay replays the stored rows through this same function,
in ``seq`` order, and so arrives at exactly the state the relay published.
"""

from __future__ import annotations

from typing import Any

from dashboard.game import Change, Game, PlayerInfo, TeamInfo
from shottracker.models import parse_feed_message

FEED_KINDS = ("stats", "shot", "marker")


def team_infos(teams: list[dict[str, Any]]) -> list[TeamInfo]:
    """Rosters stored as JSON (home first) as the model's TeamInfo."""
    return [
        TeamInfo(
            id=int(team["id"]),
            name=str(team.get("name") or ""),
            players=[
                PlayerInfo(
                    id=int(p["id"]),
                    first_name=str(p.get("first_name") or ""),
                    last_name=str(p.get("last_name") or ""),
                    display_name=str(p.get("display_name") or ""),
                    jersey_number=p.get("jersey_number"),
                    position=p.get("position"),
                )
                for p in team.get("players", [])
            ],
        )
        for team in teams
    ]


def apply_row(
    game: Game, kind: str, payload: dict[str, Any], live_id: str, received_ms: int
) -> list[Change]:
    """Apply one log row's payload to the model; the changes it made (empty: nothing new).

    Raises ``MalformedMessage``/``ValueError`` for a payload the model refuses; the
    caller counts it, and nothing of it has been applied.
    """
    if kind in FEED_KINDS:
        message = parse_feed_message(payload)
        return game.apply(message, live_id=live_id or None, received_ms=received_ms)
    if kind == "totals":
        return game.apply_totals(
            int(payload["team_id"]),
            int(payload["player_id"]),
            dict(payload["stats"]),
            int(payload["version"]),
        )
    if kind == "game_totals":
        return game.reconcile(payload, received_ms=received_ms)
    if kind == "session":
        return game.attach_session(
            payload["live_id"],
            session_type=payload.get("session_type") or "",
            period=payload.get("period"),
            started_at=payload.get("started_at"),
            name=payload.get("name"),
        )
    if kind == "roster":
        return game.set_teams(team_infos(payload["teams"]))
    raise ValueError(f"unknown log row kind {kind!r}")
