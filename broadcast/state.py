"""Game state for web processes and restarts, replayed from the event log.

Each process keeps one game log (``broadcast.log.GameLog``) per game and replays only
the rows it has not seen (those stored after the last it applied), so a page or a
snapshot costs one small query once a game is warm. Rows are applied in the order the
relay applied them, so the replayed model is the relay's. The relay writes a row before
it publishes its delta, so a snapshot at ``seq`` N plus the deltas after N is the
relay's state.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from broadcast.game import Game as GameModel
from broadcast.log import GameLog
from broadcast.models import FeedEvent, Game
from shottracker.models import parse_location

# How much position history gives the lineup and the last positions of a snapshot.
_POSITION_WINDOW_ROWS = 3
_BATCH_ROWS = 2000


@dataclass
class Replayed:
    """A game log rebuilt from the stored rows, and the newest positions row applied."""

    log: GameLog
    game_pk: int | None = None  # the Game row replayed: a row deleted and made again is new
    positions_id: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def model(self) -> GameModel:
        return self.log.model

    @property
    def seq(self) -> int:
        return self.log.seq


def new_model(game: Game) -> GameModel:
    """An empty model for a game row."""
    return GameModel(game.event_id, kind=game.kind, name=game.name)


def _rows_after(game: Game, last_id: int) -> Iterator[tuple]:
    """The game's non-position rows after ``last_id``, in id order, fetched in batches.

    Plain queries by id range rather than a server-side cursor: a page of a game with
    nothing new costs one indexed query (a cursor's DECLARE and CLOSE cost more).
    """
    while True:
        batch = list(
            FeedEvent.objects.filter(game=game, id__gt=last_id)
            .exclude(kind=FeedEvent.Kind.LOCATIONS)
            .order_by("id")
            .values_list("id", "kind", "payload", "live_id", "received_ms", "seq")[:_BATCH_ROWS]
        )
        yield from batch
        if len(batch) < _BATCH_ROWS:
            return
        last_id = batch[-1][0]


def replay_into(game_log: GameLog, game: Game) -> int:
    """Replay the game's rows stored after ``game_log.last_id``; how many there were."""
    return game_log.replay(_rows_after(game, game_log.last_id))


def apply_recent_positions(replayed: Replayed, game: Game) -> int:
    """Give the model the latest stored positions (for the lineup and the court).

    Only rows stored since the last call are applied (at most the newest few): a finished
    game's page costs one indexed query here, not a re-parse of its last positions.
    """
    batches = list(
        FeedEvent.objects.filter(
            game=game, kind=FeedEvent.Kind.LOCATIONS, id__gt=replayed.positions_id
        )
        .order_by("-id")
        .values_list("id", "payload", "received_ms")[:_POSITION_WINDOW_ROWS]
    )
    for row_id, payload, received_ms in reversed(batches):
        for data in payload.get("messages", []):
            replayed.model.apply(parse_location(data), received_ms=received_ms)
        replayed.positions_id = row_id
    return len(batches)


_cache: dict[str, Replayed] = {}
_cache_lock = threading.Lock()


def game_state(game: Game) -> tuple[dict[str, Any], int]:
    """The game's snapshot and the ``seq`` it reflects, from this process's replay."""
    with _cache_lock:
        replayed = _cache.get(game.event_id)
        # A game deleted and stored again under the same event id (a re-imported game, a
        # test's database flushed) shares nothing with the replay of the old row's log.
        if replayed is None or replayed.game_pk != game.pk:
            replayed = _cache[game.event_id] = Replayed(GameLog(new_model(game)), game.pk)
    with replayed.lock:
        replay_into(replayed.log, game)
        apply_recent_positions(replayed, game)
        snapshot = replayed.model.snapshot(now_ms=int(time.time() * 1000))
        return snapshot, replayed.seq


def forget(event_id: str) -> None:
    """Drop a game's cached replay (tests, deleted games)."""
    with _cache_lock:
        _cache.pop(event_id, None)
