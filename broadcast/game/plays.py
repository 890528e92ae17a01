"""Play-by-play: one entry per stats message (by version), described in words.

DISTANCE messages update a player's DIST but are not plays. A description is rendered
when an entry is shown, from the roster as it is then, so a name learned after the play
(a player first seen in stats, named later by the roster) still shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shottracker.models import CORRECTIONS

_SHOT_NOUNS = {"FREE_THROW": "free throw", "TWO_POINT": "two-pointer", "THREE_POINT": "3-pointer"}
_PLAIN = {
    "ASSIST": ("{name} assists", "assist"),
    "TURNOVER": ("{name} turns the ball over", "turnover"),
    "STEAL": ("{name} steals the ball", "steal"),
    "REBOUND": ("{name} grabs a rebound", "rebound"),
    "OFFENSIVE_REBOUND": ("{name} grabs an offensive rebound", "offensive rebound"),
    "DEFENSIVE_REBOUND": ("{name} grabs a defensive rebound", "defensive rebound"),
}


def _shot(classification: str) -> tuple[str, str] | None:
    """('two-pointer', 'MAKE') for 'TWO_POINT_MAKE', None for anything else."""
    for prefix, noun in _SHOT_NOUNS.items():
        if classification.startswith(prefix + "_"):
            return noun, classification[len(prefix) + 1 :]
    return None


def describe(classification: str, name: str) -> str:
    """The play in words, e.g. 'J. Doe makes a 3-pointer'.

    Corrections read 'Correction: deleted made two-pointer by J. Doe'.
    """
    if classification.startswith("DELETED_"):
        what = classification.removeprefix("DELETED_")
        shot = _shot(what)
        if shot is not None:
            noun, result = shot
            return (
                f"Correction: deleted {'made' if result == 'MAKE' else 'missed'} {noun} by {name}"
            )
        return f"Correction: deleted {_PLAIN[what][1]} by {name}"
    if classification.startswith("UPDATED_"):
        shot = _shot(classification.removeprefix("UPDATED_"))
        if shot is not None:
            noun, change = shot  # e.g. MAKE_TO_MISS
            before, _, after = change.lower().partition("_to_")
            return f"Correction: {noun} by {name} changed from {before} to {after}"
    shot = _shot(classification)
    if shot is not None:
        noun, result = shot
        return f"{name} {'makes' if result == 'MAKE' else 'misses'} a {noun}"
    if classification in _PLAIN:
        return _PLAIN[classification][0].format(name=name)
    return f"{name}: {classification.replace('_', ' ').lower()}"


@dataclass(slots=True)
class PlayEntry:
    """One stats message as a play; ``stats`` are the player's totals after it (every key)."""

    version: int
    occurred_at: int
    team_id: int
    player_id: int
    classification: str
    period: str | None
    live_id: str | None
    stats: dict[str, float]
    period_stated: bool = False  # given by catch-up, not inferred: never relabelled

    @property
    def is_correction(self) -> bool:
        return self.classification in CORRECTIONS

    def to_dict(self, player_name: str) -> dict[str, Any]:
        """The JSON of a play for snapshot and changes."""
        return {
            "version": self.version,
            "occurred_at": self.occurred_at,
            "team_id": self.team_id,
            "player_id": self.player_id,
            "classification": self.classification,
            "is_correction": self.is_correction,
            "description": describe(self.classification, player_name),
            "period": self.period,
            "live_id": self.live_id,
            "stats": dict(self.stats),
        }
