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
from dataclasses import dataclass, field
from typing import Any

from broadcast.apply import REFUSALS, apply_row, row_identity
from broadcast.models import FeedEvent, Game
from dashboard.game import Game as GameModel
from shottracker.models import parse_location

# How much position history gives the lineup and the last positions of a snapshot.
_POSITION_WINDOW_ROWS = 3


@dataclass
class Replayed:
    """A model rebuilt from the log: the last row and ``seq`` applied, the identities seen."""

    model: GameModel
    seq: int = 0
    last_id: int = 0
    identities: set = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


def new_model(game: Game) -> GameModel:
    """An empty model for a game row."""
    return GameModel(game.event_id, kind=game.kind, name=game.name)


def replay_into(replayed: Replayed, game: Game) -> int:
    """Apply the game's rows stored after ``replayed.last_id``; how many there were."""
    rows = (
        FeedEvent.objects.filter(game=game, id__gt=replayed.last_id)
        .exclude(kind=FeedEvent.Kind.LOCATIONS)
        .order_by("id")
        .values_list("id", "kind", "payload", "live_id", "received_ms", "seq")
    )
    count = 0
    for row_id, kind, payload, live_id, received_ms, seq in rows.iterator(chunk_size=2000):
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


def apply_recent_positions(model: GameModel, game: Game) -> None:
    """Give the model the latest stored positions (for the lineup and the court)."""
    batches = list(
        FeedEvent.objects.filter(game=game, kind=FeedEvent.Kind.LOCATIONS)
        .order_by("-id")
        .values_list("payload", "received_ms")[:_POSITION_WINDOW_ROWS]
    )
    for payload, received_ms in reversed(batches):
        for data in payload.get("messages", []):
            model.apply(parse_location(data), received_ms=received_ms)


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
        apply_recent_positions(replayed.model, game)
        snapshot = replayed.model.snapshot(now_ms=int(time.time() * 1000))
        return snapshot, replayed.seq


def forget(event_id: str) -> None:
    """Drop a game's cached replay (tests, deleted games)."""
    with _cache_lock:
        _cache.pop(event_id, None)
