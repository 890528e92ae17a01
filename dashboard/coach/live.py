"""What the live coach view shows of a game, for one team: built from the game's snapshot.

Pure: the snapshot (``broadcast.state.game_state``), the movement read from the location
batches and the team's zone average come in; a template context comes out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard import vocabulary
from dashboard.coach import charts
from dashboard.coach.analytics import ZoneCell, cells_from_model, compare_zones
from dashboard.coach.heatmap import HeatCell, Movement, heat

KMH_PER_MPS = 3.6


@dataclass(frozen=True)
class PlayerMotion:
    """A player's movement as the box score shows it: metres tracked, speeds in km/h."""

    tracked_m: float
    speed: float | None
    top_speed: float


def kmh(mps: float | None) -> float | None:
    return None if mps is None else round(mps * KMH_PER_MPS, 1)


@dataclass(frozen=True)
class MovementView:
    """What a view needs of a game's movement, read under its lock."""

    players: dict[int, PlayerMotion]
    heat: list[HeatCell]
    heat_seconds: float


def read_view(movement: Movement, heat_player: int | None) -> MovementView:
    """Copy out each player's distance and speeds, and one player's heat map."""
    now = movement.now_ms
    players = {
        pid: PlayerMotion(track.distance_m, kmh(track.speed_now(now)), kmh(track.top_speed) or 0.0)
        for pid, track in movement.tracks.items()
    }
    track = movement.tracks.get(heat_player) if heat_player is not None else None
    cells = heat(track)
    return MovementView(players, cells, round(sum(c.ms for c in cells) / 1000, 1))


def own_and_other(snapshot: Mapping[str, Any], team_id: int) -> tuple[dict, dict | None]:
    """The coach's team and the opponent (None in a practice) from a snapshot."""
    teams = snapshot.get("teams") or []
    own = next((t for t in teams if t["id"] == team_id), None)
    if own is None:
        raise LookupError(f"team {team_id} is not in game {snapshot.get('game_id')}")
    other = next((t for t in teams if t["id"] != team_id), None)
    return own, other


def heat_player(own: Mapping[str, Any], asked: int | None) -> int | None:
    """The player whose heat map is shown: the one asked for, else the first on court."""
    ids = [p["id"] for p in own["players"]]
    if asked in ids:
        return asked
    on_court = [p["id"] for p in own["players"] if p["on_court"]]
    return (on_court or ids or [None])[0]


def box_rows(own: Mapping[str, Any], motion: MovementView) -> list[dict[str, Any]]:
    """One row per player: on-court players first (the lineup), then the bench."""
    rows = []
    for p in own["players"]:
        m = motion.players.get(p["id"])
        rows.append(
            {
                "id": p["id"],
                "jersey": p["jersey_number"] if p["jersey_number"] is not None else "",
                "name": p["display_name"] or f"Player {p['id']}",
                "on_court": p["on_court"],
                "stats": p["stats"],
                "tracked_m": m.tracked_m if m else None,
                "speed": m.speed if m else None,
                "top_speed": m.top_speed if m else None,
            }
        )
    rows.sort(key=lambda r: not r["on_court"])
    return rows


def shot_dots(snapshot: Mapping[str, Any], team_id: int) -> list[dict[str, Any]]:
    """The team's shots (not deleted) as dots on the half court."""
    return [
        {"x": s["x"], "y": s["y"], "made": s["is_make"]}
        for s in snapshot.get("shots", [])
        if s["team_id"] == team_id and s["status"] != "DELETED"
    ]


def live_context(
    snapshot: Mapping[str, Any],
    team_id: int,
    motion: MovementView,
    *,
    selected: int | None,
    average: dict[int, ZoneCell] | None,
) -> dict[str, Any]:
    """The template context of the live panel."""
    own, other = own_and_other(snapshot, team_id)
    rows = box_rows(own, motion)
    comparisons = compare_zones(cells_from_model(snapshot["zones"].get(str(team_id), {})), average)
    clock = snapshot.get("clock") or {}
    status = snapshot.get("status") or "scheduled"
    selected_row = next((r for r in rows if r["id"] == selected), None)
    identities = vocabulary.team_identities(snapshot.get("teams") or [])
    side = {identity["id"]: identity["side"] for identity in identities}

    def team_card(team: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": team["id"],
            "name": team["name"],
            "score": team.get("score", 0),
            "side": side.get(team["id"], "other"),
        }

    return {
        "status": status,
        "status_words": vocabulary.status_label(status),
        "period": vocabulary.period_label(snapshot.get("period")),
        "clock": vocabulary.clock_label(clock, snapshot.get("kind") or "game"),
        "clock_running": bool(clock.get("running")),
        "play_state": snapshot.get("play_state"),
        "play_state_words": vocabulary.play_state_label(snapshot.get("play_state")),
        "teams": snapshot.get("teams") or [],
        "own": team_card(own),
        "other": team_card(other) if other else None,
        "totals": own.get("totals") or {},
        "rows": rows,
        "lineup": [r for r in rows if r["on_court"]],
        "zones": charts.zone_chart(comparisons),
        "shots": shot_dots(snapshot, team_id),
        "selected": selected_row,
        "heat": charts.heat_rects(motion.heat),
        "heat_seconds": motion.heat_seconds,
        "finished": status == "final",
        "half_court": charts.HALF_COURT,
        "full_court": charts.FULL_COURT,
    }
