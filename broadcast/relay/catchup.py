"""REST catch-up as the game log's typed messages: what the feed would have sent, with the
period and live session catch-up states for each (parsed once, by ``shottracker.resources``).
"""

from __future__ import annotations

from collections.abc import Iterator

from broadcast.game import PlayerInfo, TeamInfo
from broadcast.log import Entry, PlayerTotals, Reading, Roster
from shottracker.resources import CatchUp, LiveStats, Subscription


def roster(subscription: Subscription) -> Roster:
    """The rosters of ``_subscribe`` (home first)."""
    return Roster(
        tuple(
            TeamInfo(
                id=team.id,
                name=team.name,
                players=[
                    PlayerInfo(
                        id=p.id,
                        first_name=p.first_name or "",
                        last_name=p.last_name or "",
                        display_name=p.display_name or "",
                        jersey_number=p.jersey_number,
                        position=p.position,
                    )
                    for p in team.players
                ],
            )
            for team in subscription.teams
        )
    )


def totals(stats: LiveStats) -> Iterator[PlayerTotals]:
    """Live stats: each player's totals at a version, without play entries."""
    for team in stats.teams:
        for player in team.player_stats:
            yield PlayerTotals(team.id, player.id, dict(player.stats), player.version)


def event_entries(catch_up: CatchUp) -> Iterator[tuple[Entry, str, str | None]]:
    """The event catch-up as (message, live id, period): plays in version order, shots, totals."""
    for play in catch_up.details:
        yield play.as_stats(), play.session_id, play.period
    for shot in catch_up.shots:
        yield shot.as_shot(), shot.session_id, shot.period
    yield Reading(catch_up.game_totals, reading_version(catch_up)), "", None


def reading_version(catch_up: CatchUp) -> int:
    """The event's version a catch-up reflects: its newest play, else its newest totals.

    Its gameTotals are as of that version (REST may lag the feed): the model adds what
    the feed brought after it, never less.
    """
    versions = [play.version for play in catch_up.details]
    versions += [p.version for team in catch_up.stats for p in team.player_stats]
    return max(versions, default=0)
