"""What applying something to a game returns (changes) or raises (a refused message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CHANGE_KINDS = frozenset({
    "stats", "play", "shot", "marker", "score", "period", "play_state", "clock",
    "roster", "mismatch", "session", "checks",
})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Change:
    """One thing a browser must update; ``data`` is JSON-able and complete (no refetch)."""

    kind: str
    data: dict[str, Any]


class RejectedMessage(ValueError):
    """A message or reading the game refuses; nothing of it was applied.

    The relay logs and counts these (bad input is never fatal): stats or shots for a team
    the game does not know, or catch-up totals that do not parse.
    """


class ImpossibleStats(RejectedMessage):
    """A stats message whose change its classification cannot make (refused whole)."""
