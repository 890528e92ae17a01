"""Each game's player movement, read incrementally from the stored location batches.

A process keeps one ``heatmap.Movement`` per game and reads only the batches stored since
its last look, so a tablet polling every two seconds costs one small query.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from broadcast.models import FeedEvent, Game
from dashboard.coach.heatmap import Movement

T = TypeVar("T")
# A first look at a long game reads at most this many one-second batches (the latest).
FIRST_LOOK_ROWS = 3600


@dataclass
class _Followed:
    movement: Movement = field(default_factory=Movement)
    last_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


_games: dict[str, _Followed] = {}
_games_lock = threading.Lock()


def read_movement(game: Game, read: Callable[[Movement], T]) -> T:
    """``read`` applied to the game's movement so far, under the game's lock.

    The lock keeps another request from adding samples while this one reads them.
    """
    with _games_lock:
        followed = _games.get(game.event_id)
        if followed is None:
            followed = _games[game.event_id] = _Followed()
    with followed.lock:
        rows = FeedEvent.objects.filter(
            game=game, kind=FeedEvent.Kind.LOCATIONS, id__gt=followed.last_id
        )
        if followed.last_id == 0:
            newest = list(rows.order_by("-id").values_list("id", flat=True)[:FIRST_LOOK_ROWS])
            if newest:
                rows = rows.filter(id__gte=newest[-1])
        for row_id, payload in (
            rows.order_by("id").values_list("id", "payload").iterator(chunk_size=200)
        ):
            followed.movement.add_batch(payload.get("messages", []) if payload else [])
            followed.last_id = row_id
        return read(followed.movement)


def forget(event_id: str) -> None:
    """Drop a game's movement (tests, deleted games)."""
    with _games_lock:
        _games.pop(event_id, None)
