"""The REST JSON of the live and event endpoints, rendered from the store's fold.

Shapes follow the spec's examples and docs/wire.md. ``base`` is the API's base URL
(``http://host:port``) for the ``_stats``/``_stats_details``/``_shots`` links.
"""

from __future__ import annotations

import math

from shottracker.emulator.simulator import Player, Team, overtime_length_ms
from shottracker.emulator.store import EventLog, PlayerTotals, SessionLog

SHOT_FIELDS = (
    "occurred_at", "is_make", "is_3point", "zone", "hoop_player_x", "hoop_player_y", "status",
)  # fmt: skip
CATCH_UP_SHOT_FIELDS = (
    "occurred_at", "team_id", "player_id", "is_make", "is_3point", "zone",
    "hoop_player_x", "hoop_player_y", "status", "period", "session_id",
)  # fmt: skip


def player_details(player: Player) -> dict:
    return {"id": player.id, "firstname": player.first_name, "lastname": player.last_name,
            "profile_image_link": player.profile_image_link}  # fmt: skip


def roster(player: Player) -> dict:
    return {
        "id": player.id, "first_name": player.first_name, "last_name": player.last_name,
        "display_name": player.display_name, "jersey_number": player.jersey_number,
        "position": player.position, "profile_image_link": player.profile_image_link,
    }  # fmt: skip


def links(base: str, live_id: str) -> dict:
    root = f"{base}/v1/data/live/{live_id}"
    return {"_stats": f"{root}/stats", "_stats_details": f"{root}/stats/details",
            "_shots": f"{root}/shots"}  # fmt: skip


# Live session -----------------------------------------------------------------------------


def live_object(log: SessionLog) -> dict:
    """The ``live`` object of live info (and, with ``teams``, a ``_search`` entry)."""
    event, facility = log.event, log.event.facility
    return {
        "started_at": log.started_at, "id": log.live_id, "type": log.type, "name": log.name,
        "facility_name": facility["facility_name"], "court_name": facility["court_name"],
        "location_id": facility["location_id"],
        "is_practice_event": not event.is_game, "is_game_event": event.is_game,
        "event": {"started_at": event.started_at, "id": event.event_id, "name": event.name},
    }  # fmt: skip


def live_info(log: SessionLog) -> dict:
    live = live_object(log)
    return {"teams": [{"id": t.id, "name": t.name, "live": live} for t in log.event.teams]}


def search_entry(log: SessionLog) -> dict:
    live = live_object(log)
    return {
        "id": live["id"], "type": live["type"], "name": live["name"],
        "started_at": live["started_at"], "facility_name": live["facility_name"],
        "court_name": live["court_name"], "location_id": live["location_id"],
        "is_practice_event": live["is_practice_event"], "is_game_event": live["is_game_event"],
        "event": {"id": log.event.event_id, "name": log.event.name,
                  "started_at": log.event.started_at},
        "teams": [{"id": t.id, "name": t.name} for t in log.event.teams],
    }  # fmt: skip


def subscription(log: SessionLog, token: str, data_types: list[str], base: str) -> dict:
    completed = [s for s in log.event.sessions if not s.active and s is not log]
    return {
        "token": token,
        "token_data_types": data_types,
        "active_state": log.active_state,
        "teams": [{"id": t.id, "name": t.name, "players": [roster(p) for p in t.players]}
                  for t in log.event.teams],
        **links(base, log.live_id),
        "event_completed_results": [
            {"id": s.live_id, "type": s.type, "name": s.name, **links(base, s.live_id)}
            for s in completed
        ],
    }  # fmt: skip


def _player_stats(team: Team, totals: dict[int, PlayerTotals]) -> list[dict]:
    return [
        {"id": p.id, "player_details": player_details(p), "version": totals[p.id].version,
         "stats": dict(totals[p.id].stats)}
        for p in team.players
        if p.id in totals and totals[p.id].team_id == team.id
    ]  # fmt: skip


def live_stats(log: SessionLog) -> dict:
    totals = log.totals()
    return {"teams": [{"id": t.id, "player_stats": _player_stats(t, totals)}
                      for t in log.event.teams]}  # fmt: skip


def live_details(log: SessionLog) -> dict:
    def players(team: Team) -> list[dict]:
        return [
            {"id": p.id, "player_details": player_details(p),
             "stats": {k: [dict(point) for point in v] for k, v in log.details[p.id].items()}}
            for p in team.players
            if log.details.get(p.id) and log.deltas[p.id].team_id == team.id
        ]  # fmt: skip

    return {"teams": [{"id": t.id, "player_stats": players(t)} for t in log.event.teams]}


def _player_shots(team: Team, shots: list[dict]) -> list[dict]:
    by_player: dict[int, list[dict]] = {}
    for shot in shots:
        if shot["team_id"] == team.id:
            by_player.setdefault(shot["player_id"], []).append({k: shot[k] for k in SHOT_FIELDS})
    return [
        {"id": p.id, "player_details": player_details(p), "shots": by_player[p.id]}
        for p in team.players
        if p.id in by_player
    ]


def live_shots(log: SessionLog) -> dict:
    shots = list(log.shots.values())
    return {"teams": [{"id": t.id, "player_shots": _player_shots(t, shots)}
                      for t in log.event.teams]}  # fmt: skip


# Event catch-up ---------------------------------------------------------------------------


def clock_text(ms: int) -> str:
    """Time left as HH:MM:SS, rounded up to the second as a scoreboard shows it."""
    seconds = max(math.ceil(ms / 1000), 0)
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _score(team: Team | None, value: float) -> dict:
    return {"teamId": str(team.id) if team else "", "value": int(value)}


def game_totals(event: EventLog) -> dict:
    """``gameTotals`` per docs/wire.md; the home team is the first team of the event."""
    home = event.teams[0]
    away = event.teams[1] if len(event.teams) > 1 else None
    current = event.sessions[-1] if event.sessions else None
    left = event.period_ms
    if current is not None:
        length = (
            overtime_length_ms(event.period_ms)
            if (current.period or "").startswith("OT")
            else event.period_ms
        )
        elapsed = current.elapsed_ms(event.now_ms)
        if event.clock_repeats:
            elapsed %= length
        left = 0 if event.finished else max(length - elapsed, 0)
    periods = [
        {"awayTeamScore": _score(away, s.points.get(away.id, 0.0) if away else 0.0),
         "homeTeamScore": _score(home, s.points.get(home.id, 0.0)),
         "period": s.period, "sessionId": s.live_id}
        for s in reversed(event.sessions)
    ]  # fmt: skip
    return {
        "awayTeamScore": _score(away, event.team_points(away.id) if away else 0.0),
        "homeTeamScore": _score(home, event.team_points(home.id)),
        "period": current.period if current else "H1",
        "gameClock": clock_text(left),
        "status": event.status(),
        "periodTotals": periods,
    }


def catch_up(event: EventLog, resources: list[str]) -> dict:
    """The catch-up body for the requested resources (each once), with ``gameTotals``."""
    body: dict = {}
    for resource in resources:
        if resource == "stats":
            body["stats"] = [{"id": t.id, "player_stats": _player_stats(t, event.totals)}
                             for t in event.teams]  # fmt: skip
        elif resource == "details":
            body["details"] = [dict(d) for d in event.details]
        elif resource == "shots":
            body["shots"] = [{k: s[k] for k in CATCH_UP_SHOT_FIELDS} for s in event.shots.values()]
        elif resource == "possessions":
            body["possessions"] = [dict(p) for p in event.possessions]
    body["gameTotals"] = game_totals(event)
    return body


def event_summary(event: EventLog, base: str) -> dict:
    """One entry of the team events endpoint."""
    return {
        "id": event.event_id,
        "name": event.name,
        "results": [
            {"id": s.live_id, "name": s.name, "type": s.type, "started_at": s.started_at,
             "ended_at": s.ended_at, **links(base, s.live_id)}
            for s in event.sessions
        ],
        "is_practice_event": not event.is_game,
        "is_game_event": event.is_game,
        "started_at": event.started_at,
        "ended_at": event.ended_at,
    }  # fmt: skip


# Team ranges ------------------------------------------------------------------------------


def team_range_stats(team: Team, events: list[EventLog], session_types: tuple[str, ...]) -> dict:
    """A team's players' stats summed over the sessions of the given types in ``events``.

    Each session contributes what it added to a player's totals (so a practice's
    scrimmage drills count without its shooting drills); ``version`` is the number of
    stats messages that went into the sum.
    """
    summed: dict[int, PlayerTotals] = {}
    for event in events:
        for log in event.sessions:
            if log.type not in session_types:
                continue
            for player_id, delta in log.deltas.items():
                if delta.team_id != team.id:
                    continue
                into = summed.setdefault(player_id, PlayerTotals(team.id))
                for key, value in delta.stats.items():
                    into.stats[key] = into.stats.get(key, 0.0) + value
                into.version += delta.messages
    return {"id": team.id, "player_stats": _player_stats(team, summed)}


def team_range_shots(team: Team, events: list[EventLog], session_types: tuple[str, ...]) -> dict:
    """A team's players' shots (latest status) in the sessions of the given types."""
    shots = [
        shot
        for event in events
        for log in event.sessions
        if log.type in session_types
        for shot in log.shots.values()
    ]
    return {"id": team.id, "player_shots": _player_shots(team, shots)}
