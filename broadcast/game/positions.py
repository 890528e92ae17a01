"""Latest position per sensor and the on-court lineup (players seen in the last 4 s).

This is the hot path (about 275 locations per second per game): an update stores one
tuple and checks one set; the lineup is swept for players gone quiet at most once per
second of feed time.
"""

from __future__ import annotations

from typing import Any

# A player with a position this recent (feed time) is on the court. The one definition:
# the relay's frames drop a sensor silent this long (broadcast/relay/frames.py) and the live
# court benches it (static/court.js, handed over in the console's config). 4 s, not 5 s: a
# tag reports many times a second, so 4 s of silence is a player off the floor, not a blip,
# and the box score's on-court marks must not outlive the disc the court stopped drawing.
ON_COURT_MS = 4_000
SWEEP_EVERY_MS = 1000

Position = tuple[int, int, int, int]  # x, y, z in mm, occurred_at


class Positions:
    """Latest (x, y, z, t) per player id and for the ball."""

    __slots__ = ("_next_sweep", "ball", "on_court", "players")

    def __init__(self) -> None:
        self.players: dict[int, Position] = {}
        self.ball: Position | None = None
        self.on_court: set[int] = set()  # as of the last update or sweep
        self._next_sweep = 0

    def sweep_due(self, now_ms: int) -> bool:
        return now_ms >= self._next_sweep

    def sweep(self, now_ms: int) -> set[int]:
        """Drop players not seen for ON_COURT_MS; the ids that left the court."""
        self._next_sweep = now_ms + SWEEP_EVERY_MS
        cutoff = now_ms - ON_COURT_MS
        gone = {pid for pid in self.on_court if self.players[pid][3] < cutoff}
        self.on_court -= gone
        return gone

    def is_on_court(self, player_id: int, now_ms: int) -> bool:
        position = self.players.get(player_id)
        return position is not None and position[3] >= now_ms - ON_COURT_MS

    def to_dict(self) -> dict[str, Any]:
        return {
            "players": {str(pid): list(pos) for pid, pos in sorted(self.players.items())},
            "ball": list(self.ball) if self.ball is not None else None,
        }
