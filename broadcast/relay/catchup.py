"""REST catch-up as log rows: the same shapes the feed sends, so one model applies both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from shottracker.models import to_wire
from shottracker.resources import CatchUp, LiveStats, Subscription
from shottracker.resources.catch_up import GameTotals

Row = tuple[str, dict[str, Any]]  # (log kind, payload)


def roster_payload(subscription: Subscription) -> dict[str, Any]:
    """The rosters of ``_subscribe`` (home first) as a roster row."""
    return {
        "teams": [
            {
                "id": team.id,
                "name": team.name,
                "players": [
                    {
                        "id": p.id,
                        "first_name": p.first_name or "",
                        "last_name": p.last_name or "",
                        "display_name": p.display_name or "",
                        "jersey_number": p.jersey_number,
                        "position": p.position,
                    }
                    for p in team.players
                ],
            }
            for team in subscription.teams
        ]
    }


def totals_rows(stats: LiveStats) -> Iterator[Row]:
    """Live stats: each player's totals at a version, without play entries."""
    for team in stats.teams:
        for player in team.player_stats:
            yield (
                "totals",
                {
                    "team_id": team.id,
                    "player_id": player.id,
                    "stats": dict(player.stats),
                    "version": player.version,
                },
            )


def game_totals_payload(totals: GameTotals) -> dict[str, Any]:
    """gameTotals back in the API's own shape (what the model reconciles with)."""

    def score(s) -> dict[str, Any]:
        return {"teamId": s.team_id, "value": s.value}

    return {
        "homeTeamScore": score(totals.home),
        "awayTeamScore": score(totals.away),
        "period": totals.period,
        "gameClock": totals.game_clock,
        "status": totals.status,
        "periodTotals": [
            {
                "homeTeamScore": score(p.home),
                "awayTeamScore": score(p.away),
                "period": p.period,
                "sessionId": p.session_id,
            }
            for p in totals.period_totals
        ],
    }


def event_rows(catch_up: CatchUp) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """The event catch-up as (kind, live id, payload): plays in version order, shots, totals."""
    for play in catch_up.details:
        yield "stats", play.session_id, to_wire(play.as_stats())
    for shot in catch_up.shots:
        yield "shot", shot.session_id, to_wire(shot.as_shot())
    yield (
        "game_totals",
        "",
        {
            **game_totals_payload(catch_up.game_totals),
            "as_of_version": reading_version(catch_up),
        },
    )


def reading_version(catch_up: CatchUp) -> int:
    """The event's version a catch-up reflects: its newest play, else its newest totals.

    Its gameTotals are as of that version (REST may lag the feed): the model adds what
    the feed brought after it, never less.
    """
    versions = [play.version for play in catch_up.details]
    versions += [p.version for team in catch_up.stats for p in team.player_stats]
    return max(versions, default=0)
