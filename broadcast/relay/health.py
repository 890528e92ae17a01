"""Per-game feed health: connection, message age and rates, reconnects, gaps, bad input."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MESSAGE_TYPES = ("stats", "shot", "location", "marker", "pong")


@dataclass
class FeedHealth:
    """Counters the relay bumps on the hot path; ``report()`` turns them into figures."""

    connected: dict[str, bool] = field(default_factory=dict)  # live id -> connected
    last_message_ms: int = 0
    last_data_ms: int = 0  # the last message that was not a pong: the game's own data
    received: Counter = field(default_factory=Counter)  # by message type
    malformed: int = 0
    unknown_types: int = 0
    rejected: int = 0  # well-formed messages the model refused (e.g. an unknown team)
    reconnects: int = 0
    catchups: int = 0
    confirmations: int = 0  # roster/catch-up re-reads for unknown players or refused stats
    catchup_failures: int = 0
    published_deltas: int = 0
    published_frames: int = 0
    _rates: dict[str, float] = field(default_factory=dict)
    _last_counts: Counter = field(default_factory=Counter)
    _last_rate_ms: int = 0

    def message(self, kind: str, received_ms: int) -> None:
        self.received[kind] += 1
        self.last_message_ms = received_ms
        if kind != "pong":
            self.last_data_ms = received_ms

    def update_rates(self, now_ms: int) -> None:
        """Messages per second by type since the previous call."""
        if self._last_rate_ms:
            seconds = max((now_ms - self._last_rate_ms) / 1000, 1e-3)
            self._rates = {
                kind: round((self.received[kind] - self._last_counts[kind]) / seconds, 1)
                for kind in MESSAGE_TYPES
            }
        self._last_counts = Counter(self.received)
        self._last_rate_ms = now_ms

    def report(
        self,
        now_ms: int,
        *,
        version_gaps: int,
        last_version: int,
        checks: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A JSON-able health record; ``checks`` is the model's (``broadcast.game.checks``)."""
        checks = checks or {}
        return {
            "connected": any(self.connected.values()),
            "sessions": dict(self.connected),
            "last_message_ms": self.last_message_ms or None,
            "last_message_age_ms": now_ms - self.last_message_ms if self.last_message_ms else None,
            "last_data_ms": self.last_data_ms or None,
            "rates": dict(self._rates) or {kind: 0.0 for kind in MESSAGE_TYPES},
            "received": {kind: self.received[kind] for kind in MESSAGE_TYPES},
            "reconnects": self.reconnects,
            "version_gaps": version_gaps,
            "last_version": last_version,
            "malformed": self.malformed,
            "unknown_types": self.unknown_types,
            "rejected": self.rejected,
            "catchups": self.catchups,
            "catchup_failures": self.catchup_failures,
            "confirmations": self.confirmations,
            # What the game keeps off air, and where ShotTracker's figures won over ours.
            "unconfirmed": checks.get("unconfirmed", []),
            "unconfirmed_messages": checks.get("unconfirmed_messages", 0),
            "impossible": checks.get("refused_count", 0),
            "impossible_recent": checks.get("refused", []),
            "disagreements": checks.get("disagreement_count", 0),
            "disagreements_recent": checks.get("disagreements", []),
            "published_deltas": self.published_deltas,
            "published_frames": self.published_frames,
        }
