"""Instant replay of movement: the frames of a stretch of a game, rebuilt from the event log.

The relay stores every position it receives (one row a second); this module reads the
rows of a stretch of feed time back and folds them through the relay's own
``FrameCoalescer`` at the live frame rate, so a replay shows exactly the frames the court
drew live: the same sensors, the same stale rule, the same shapes (``groups.frame_payload``).

A stretch ends where the operator asks: at the last shot (plus a moment to see the ball
drop) or at the newest position, and reaches back ``seconds`` of feed time from there.
"""

from __future__ import annotations

from typing import Any

from broadcast.models import FeedEvent, Game
from broadcast.relay.frames import FrameCoalescer
from shottracker.models import parse_location

MIN_SECONDS, MAX_SECONDS = 3, 30
AFTER_SHOT_MS = 1_500  # the ball's flight and the landing, after the shot's moment
FRAME_MS = 40  # 25 frames a second, the live court's rate
_ROWS_PER_READ = 20
_MAX_ROWS = 900  # a quarter of an hour of position rows: a replay never reaches further


def _newest_shot(shots: list[dict[str, Any]]) -> dict[str, Any] | None:
    live = [s for s in shots if s.get("status") != "DELETED"]
    return max(live, key=lambda s: s["occurred_at"]) if live else None


def _position_rows(game: Game):
    """The game's position rows, newest first, read a few at a time."""
    last_id = None
    read = 0
    while read < _MAX_ROWS:
        query = FeedEvent.objects.filter(game=game, kind=FeedEvent.Kind.LOCATIONS)
        if last_id is not None:
            query = query.filter(id__lt=last_id)
        batch = list(query.order_by("-id").values_list("id", "payload")[:_ROWS_PER_READ])
        if not batch:
            return
        yield from batch
        read += len(batch)
        last_id = batch[-1][0]


def movement(game: Game, shots: list[dict[str, Any]], *, seconds: int, of: str) -> dict[str, Any]:
    """Frames of the last ``seconds`` before the last shot (``of="shot"``) or now (``"now"``)."""
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise ValueError(f"a replay lasts {MIN_SECONDS} to {MAX_SECONDS} seconds")
    if of not in ("shot", "now"):
        raise ValueError("a replay ends at the last shot ('shot') or now ('now')")
    shot = _newest_shot(shots) if of == "shot" else None
    messages = []
    end_ms = shot["occurred_at"] + AFTER_SHOT_MS if shot else None
    for _row_id, payload in _position_rows(game):
        batch = [parse_location(m) for m in payload.get("messages", [])]
        if not batch:
            continue
        if end_ms is None:
            end_ms = max(m.occurred_at for m in batch)
        messages.extend(m for m in batch if m.occurred_at <= end_ms)
        # Rows are a second of receipt each: once a row is older than the stretch, stop.
        if max(m.occurred_at for m in batch) < end_ms - seconds * 1000:
            break
    if end_ms is None:
        return {"frames": [], "shot": None, "from_t": None, "to_t": None}
    start_ms = end_ms - seconds * 1000
    messages.sort(key=lambda m: m.occurred_at)
    folder = FrameCoalescer()
    frames: list[dict[str, Any]] = []
    step_end = start_ms + FRAME_MS
    for message in messages:
        while message.occurred_at >= step_end and step_end <= end_ms:
            frame = folder.take()
            if frame is not None and frame["t"] >= start_ms:
                frames.append({"t": frame["t"], "players": frame["players"], "ball": frame["ball"]})
            step_end += FRAME_MS
        folder.add(message, 0)
    frame = folder.take()
    if frame is not None and frame["t"] >= start_ms:
        frames.append({"t": frame["t"], "players": frame["players"], "ball": frame["ball"]})
    in_window = shot is not None and start_ms <= shot["occurred_at"] <= end_ms
    return {
        "frames": frames,
        "shot": shot if in_window else None,
        "from_t": start_ms,
        "to_t": end_ms,
    }
