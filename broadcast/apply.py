"""One log row through the game model: the same function for the live relay and for replays.

The relay applies a row, stores it, and publishes the changes under the row's ``seq``;
a web process or a restarted relay replays the stored rows through this same function,
in ``seq`` order, and so arrives at exactly the state the relay published.
"""

from __future__ import annotations

from typing import Any

from broadcast.game import Change, Game, PlayerInfo, TeamInfo
from shottracker.errors import MalformedMessage
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


# What a refused row raises: the relay counts it, a replay skips it, as the relay did.
REFUSALS = (MalformedMessage, ValueError, KeyError, TypeError, OverflowError)


def row_identity(kind: str, payload: dict[str, Any]) -> tuple | None:
    """What makes a row the same message as another, for the rows catch-up repeats.

    Catch-up re-sends everything at every reconnect; a row whose identity the log
    already holds is that same message again and need not be stored. A new one is
    stored even when it changed nothing visible: it may still shape later plays
    (a late DISTANCE version enters the player's history), and a replay must see it.
    """
    try:
        if kind == "stats":
            parts = ("stats", payload["data"]["version"])
        elif kind == "totals":
            parts = ("totals", payload["player_id"], payload["version"])
        elif kind == "shot":
            data = payload["data"]
            parts = (
                "shot",
                data["player_id"],
                data["occurred_at"],
                data["status"],
                data["is_make"],
            )
        else:
            return None
    except (KeyError, TypeError):
        return None
    # Only plain values make an identity (a malformed row has none: it is refused anyway).
    return parts if all(isinstance(p, int | float | str) for p in parts) else None


def _whole_number(value: Any, what: str) -> int:
    """An id or count from a row: a whole number, or ValueError (never OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{what} is not a number")
    try:
        number = int(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what}={value!r} is not a whole number") from None
    if isinstance(value, float) and number != value:
        raise ValueError(f"{what}={value!r} is not a whole number")
    return number


def apply_row(
    game: Game, kind: str, payload: dict[str, Any], live_id: str, received_ms: int
) -> list[Change]:
    """Apply one log row's payload to the model; the changes it made (empty: nothing new).

    Raises one of ``REFUSALS`` for a payload the model refuses; the caller counts it,
    and nothing of it has been applied.
    """
    if kind in FEED_KINDS:
        message = parse_feed_message(payload)
        return game.apply(message, live_id=live_id or None, received_ms=received_ms)
    if kind == "totals":
        return game.apply_totals(
            _whole_number(payload["team_id"], "team_id"),
            _whole_number(payload["player_id"], "player_id"),
            dict(payload["stats"]),
            _whole_number(payload["version"], "version"),
        )
    if kind == "game_totals":
        version = payload.get("as_of_version") if isinstance(payload, dict) else None
        if version is not None:
            version = _whole_number(version, "as_of_version")
        return game.reconcile(payload, received_ms=received_ms, as_of_version=version)
    if kind == "session":
        started_at = payload.get("started_at")
        if started_at is not None:
            started_at = _whole_number(started_at, "started_at")
        return game.attach_session(
            payload["live_id"],
            session_type=payload.get("session_type") or "",
            period=payload.get("period"),
            started_at=started_at,
            name=payload.get("name"),
        )
    if kind == "roster":
        return game.set_teams(team_infos(payload["teams"]))
    raise ValueError(f"unknown log row kind {kind!r}")
