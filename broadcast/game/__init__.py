"""The pure game model: box score, score, plays, shots, period, clock and positions.

No Django, no asyncio, no I/O, no wall clock. The relay, views and consumers call it:

    game = Game(event_id)
    game.set_teams([TeamInfo(...), TeamInfo(...)])           # home first
    game.attach_session(live_id, session_type="GAME_ROUND", period="H1", started_at=t)
    changes = game.apply(parse_feed_message(frame), received_ms=now)
    state = game.snapshot()
"""

from __future__ import annotations

from broadcast.game.changes import CHANGE_KINDS, Change, ImpossibleStats, RejectedMessage
from broadcast.game.roster import PlayerInfo, TeamInfo
from broadcast.game.shots import ZONE_IDS, zone_totals
from broadcast.game.state import Game

__all__ = [
    "CHANGE_KINDS",
    "ZONE_IDS",
    "Change",
    "Game",
    "ImpossibleStats",
    "PlayerInfo",
    "RejectedMessage",
    "TeamInfo",
    "zone_totals",
]
