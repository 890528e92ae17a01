"""What the game keeps off air, and why: unconfirmed players, refused stats, disagreements.

- A stats or shot message for a player no roster and no REST stats list is *held*: kept,
  counted nowhere, until a roster or catch-up confirms the player (then it applies in
  version order as usual). ``Unconfirmed`` is one such player and what is held for them.
- A stats message whose change its classification cannot make is *refused* whole
  (``classification.contradiction``); the refusals are kept here with their reason.
- ShotTracker's own figures (catch-up's gameTotals, REST per-player totals) win over
  ours; where they differed, a *disagreement* says which team or player, which stats,
  ours and theirs, and since when. It is resolved (theirs are shown) and counted.

All of it is part of the game's state (replayed from the log like the rest), so the
operator's health panel reads the same in every process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shottracker.models import Shot, Stats

REFUSALS_KEPT = 20  # the newest refusals listed (all are counted)


@dataclass(slots=True)
class Held:
    """A feed message kept until its player is confirmed."""

    message: Stats | Shot
    live_id: str | None
    received_ms: int | None
    period: str | None

    @property
    def order(self) -> tuple:
        m = self.message
        return (0, m.version, 0) if isinstance(m, Stats) else (1, m.occurred_at, m.player_id)


@dataclass(slots=True)
class Unconfirmed:
    """A player the feed names but no roster or REST stats list (yet)."""

    player_id: int
    team_id: int
    since_ms: int
    held: dict[tuple, Held] = field(default_factory=dict)

    def hold(self, key: tuple, held: Held) -> bool:
        """Keep a message; False when the same one is already held."""
        if key in self.held:
            return False
        self.held[key] = held
        return True

    def to_dict(self) -> dict[str, Any]:
        stats = [h.message for h in self.held.values() if isinstance(h.message, Stats)]
        latest = max(stats, key=lambda m: m.version).stats if stats else {}
        return {
            "player_id": self.player_id,
            "team_id": self.team_id,
            "since_ms": self.since_ms,
            "messages": len(self.held),
            "versions": sorted(m.version for m in stats),
            "stats": dict(sorted(latest.items())),
        }


@dataclass
class Checks:
    """The three lists, and the counts the health record shows."""

    unconfirmed: dict[int, Unconfirmed] = field(default_factory=dict)
    refused: list[dict[str, Any]] = field(default_factory=list)
    refused_count: int = 0
    disagreements: dict[tuple, dict[str, Any]] = field(default_factory=dict)
    disagreement_count: int = 0
    _refused_keys: set = field(default_factory=set)

    def refuse(self, entry: dict[str, Any]) -> bool:
        """Note a refused message once (a repeat of it is not counted again)."""
        key = (entry["version"], entry["player_id"], entry["reason"])
        if key in self._refused_keys:
            return False
        self._refused_keys.add(key)
        self.refused_count += 1
        self.refused = [*self.refused, entry][-REFUSALS_KEPT:]
        return True

    def disagree(self, key: tuple, entry: dict[str, Any], at_ms: int) -> bool:
        """Note that ShotTracker's figures differ from ours; True when this is new."""
        known = self.disagreements.get(key)
        if known is not None and known["stats"] == entry["stats"]:
            known["last_ms"] = at_ms
            return False
        since = known["since_ms"] if known is not None else at_ms
        self.disagreements[key] = {**entry, "since_ms": since, "last_ms": at_ms}
        self.disagreement_count += 1
        return True

    def to_dict(self) -> dict[str, Any]:
        return {
            "unconfirmed": [u.to_dict() for _, u in sorted(self.unconfirmed.items())],
            "unconfirmed_messages": sum(len(u.held) for u in self.unconfirmed.values()),
            "refused": list(self.refused),
            "refused_count": self.refused_count,
            "disagreements": sorted(
                self.disagreements.values(), key=lambda d: (d["since_ms"], str(d.get("player_id")))
            ),
            "disagreement_count": self.disagreement_count,
        }
