"""Typed REST responses of the ShotTracker API, checked on the way in.

Each resource is a frozen dataclass with ``from_json(obj)``, which reads the vendor's
decoded JSON or raises ``MalformedMessage`` naming the field that is wrong. Where a REST
shape matches a feed message, the resource converts to it (``PlayByPlay.as_stats()``,
``CatchUpShot.as_shot()``, ``ShotRecord.as_shot(team_id, player_id)``), so REST data and
feed data reach the game model as the same ``shottracker.models`` types.
"""

from __future__ import annotations

from shottracker.resources.account import Notifies, Notify, UserProfile
from shottracker.resources.catch_up import (
    CATCH_UP_RESOURCES,
    CatchUp,
    CatchUpShot,
    GameTotals,
    PeriodTotal,
    PlayByPlay,
    Possession,
    TeamScore,
)
from shottracker.resources.directory import (
    DISTANCE_UNITS,
    CourtLocation,
    Distance,
    Locations,
    NearestLocation,
    NearestLocations,
    TeamEvent,
    TeamEvents,
    Teams,
)
from shottracker.resources.live import (
    ActiveLive,
    Court,
    Hoop,
    LiveEvent,
    LiveInfo,
    LiveSearch,
    LiveSession,
    LiveTeam,
    Team,
)
from shottracker.resources.shots import LiveShots, PlayerShots, ShotRecord, TeamPlayerShots
from shottracker.resources.stats import (
    LiveStats,
    PlayerDetails,
    PlayerStats,
    PlayerStatsDetails,
    StatPoint,
    StatsDetails,
    TeamPlayerStats,
    TeamStatsDetails,
)
from shottracker.resources.subscription import Player, RosterTeam, SessionResult, Subscription

__all__ = [
    "CATCH_UP_RESOURCES",
    "DISTANCE_UNITS",
    "ActiveLive",
    "CatchUp",
    "CatchUpShot",
    "Court",
    "CourtLocation",
    "Distance",
    "GameTotals",
    "Hoop",
    "LiveEvent",
    "LiveInfo",
    "LiveSearch",
    "LiveSession",
    "LiveShots",
    "LiveStats",
    "LiveTeam",
    "Locations",
    "NearestLocation",
    "NearestLocations",
    "Notifies",
    "Notify",
    "PeriodTotal",
    "PlayByPlay",
    "Player",
    "PlayerDetails",
    "PlayerShots",
    "PlayerStats",
    "PlayerStatsDetails",
    "Possession",
    "RosterTeam",
    "SessionResult",
    "ShotRecord",
    "StatPoint",
    "StatsDetails",
    "Subscription",
    "Team",
    "TeamEvent",
    "TeamEvents",
    "TeamPlayerShots",
    "TeamPlayerStats",
    "TeamScore",
    "TeamStatsDetails",
    "Teams",
    "UserProfile",
]
