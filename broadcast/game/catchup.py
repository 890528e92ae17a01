"""Catch-up's ``gameTotals``, read and checked (event API; docs/wire.md "Catch-up").

``teamId`` is the team id as text, ``period`` is H1/H2, ``gameClock`` the time left in
the period as HH:MM:SS, ``status`` SCHEDULED/ACTIVE/FINAL. Every field is optional here;
one that is present but wrong refuses the whole reading.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from broadcast.game.changes import RejectedMessage
from broadcast.game.clock import parse_game_clock

GAME_STATUSES = ("SCHEDULED", "ACTIVE", "FINAL")


@dataclass(frozen=True, slots=True)
class GameTotals:
    """What the model takes from gameTotals.

    ``scores`` is [(side, team id, points)]; ``session_periods`` maps the live id of each
    period started (periodTotals' sessionId) to its period.
    """

    period: str | None = None
    time_left_ms: int | None = None
    status: str | None = None
    scores: list[tuple[str, int, float]] = field(default_factory=list)
    session_periods: dict[str, str] = field(default_factory=dict)


def parse_game_totals(totals: Any) -> GameTotals:
    """The reading, or ``RejectedMessage`` naming the field that is wrong."""
    if not isinstance(totals, Mapping):
        raise RejectedMessage("gameTotals is not an object")
    period = totals.get("period")
    if period is not None and (not isinstance(period, str) or not period):
        raise RejectedMessage(f"gameTotals period {period!r}")
    status = totals.get("status")
    if status is not None and status not in GAME_STATUSES:
        raise RejectedMessage(f"gameTotals status {status!r}")
    time_left_ms = None
    if totals.get("gameClock") is not None:
        try:
            time_left_ms = parse_game_clock(totals["gameClock"])
        except ValueError as exc:
            raise RejectedMessage(str(exc)) from exc
    scores = []
    for side in ("home", "away"):
        score = totals.get(f"{side}TeamScore")
        if score is None:
            continue
        try:
            team_id, value = int(score["teamId"]), score["value"]
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(value)
            if not math.isfinite(value) or value < 0:
                raise ValueError(value)
        except (KeyError, TypeError, ValueError) as exc:
            raise RejectedMessage(f"gameTotals {side}TeamScore {score!r}") from exc
        scores.append((side, team_id, value))
    return GameTotals(period, time_left_ms, status, scores, _session_periods(totals))


def _session_periods(totals: Mapping[str, Any]) -> dict[str, str]:
    entries = totals.get("periodTotals")
    if entries is None:
        return {}
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise RejectedMessage("gameTotals periodTotals is not a list of objects")
    out = {}
    for entry in entries:
        session_id, period = entry.get("sessionId"), entry.get("period")
        if not isinstance(session_id, str | None) or not isinstance(period, str | None):
            raise RejectedMessage(f"gameTotals periodTotals entry {entry!r}")
        if session_id and period:
            out[session_id] = period
    return out
