"""Game state for web processes and restarts, replayed from the event log.

Each process keeps one model per game and applies only the rows it has not seen
(those stored after the last it applied), so a page or a snapshot costs one small
query once a game is warm. Rows are applied in the order the relay applied them,
including those that changed nothing visible (see ``apply.row_identity``), so the
replayed model is the relay's. The relay writes a row before it publishes its delta,
so a snapshot at ``seq`` N plus the deltas after N is the relay's state.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from broadcast.apply import REFUSALS, apply_row, row_identity
from broadcast.game import Game as GameModel
from broadcast.models import FeedEvent, Game
from shottracker.models import parse_location

# How much position history gives the lineup and the last positions of a snapshot.
_POSITION_WINDOW_ROWS = 3
_BATCH_ROWS = 2000


@dataclass
class Replayed:
    """A model rebuilt from the log: the last row and ``seq`` applied, the identities seen."""

    model: GameModel
    seq: int = 0
    last_id: int = 0
    positions_id: int = 0  # the newest positions row applied
    identities: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


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


def replay_into(replayed: Replayed, game: Game) -> int:
    """Apply the game's rows stored after ``replayed.last_id``; how many there were."""
    count = 0
    for row_id, kind, payload, live_id, received_ms, seq in _rows_after(game, replayed.last_id):
        # A row the relay refused (and counted) changed nothing then, and changes nothing now.
        with contextlib.suppress(*REFUSALS):
            apply_row(replayed.model, kind, payload, live_id, received_ms)
        identity = row_identity(kind, payload)
        if identity is not None:
            replayed.identities.add(identity)
        replayed.last_id = row_id
        if seq is not None:
            replayed.seq = seq
        count += 1
    return count


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
        if replayed is None:
            replayed = _cache[game.event_id] = Replayed(new_model(game))
    with replayed.lock:
        replay_into(replayed, game)
        apply_recent_positions(replayed, game)
        snapshot = replayed.model.snapshot(now_ms=int(time.time() * 1000))
        return snapshot, replayed.seq


def forget(event_id: str) -> None:
    """Drop a game's cached replay (tests, deleted games)."""
    with _cache_lock:
        _cache.pop(event_id, None)
