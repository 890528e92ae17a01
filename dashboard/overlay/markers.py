"""Graphics driven by the game's markers, where the operator enabled it for an output.

Pure: a delta's changes and an output's rules in, the takes and clears they call for out.
The rules: the box score at halftime (``END_FIRST_HALF``), the box score at the final
buzzer (``PLAY_END``), and a clear when play starts (``PLAY_START``, and the second half's
start, ``START_SECOND_HALF``: the feed marks that half's tip with its own marker, and a
halftime box score must not stay on air into it).

Each marker acts once: an output remembers the feed time of the last marker it acted
on, and only later markers act (``after_ms``), so a marker seen by several processes or
delivered again changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

HALFTIME = "END_FIRST_HALF"
FINAL = "PLAY_END"
PLAY_STARTS = ("PLAY_START", "START_SECOND_HALF")


@dataclass(frozen=True, slots=True)
class Rules:
    """Which automations an output runs."""

    halftime_box_score: bool = False
    final_box_score: bool = False
    clear_on_play_start: bool = False

    @property
    def any(self) -> bool:
        return self.halftime_box_score or self.final_box_score or self.clear_on_play_start


@dataclass(frozen=True, slots=True)
class Action:
    """A take (``graphic`` and its options) or a clear (``graphic`` None), caused by a marker."""

    marker: str
    occurred_at: int
    graphic: str | None
    options: dict[str, Any] = field(default_factory=dict)
    layer: str = "full"  # automation works on the full-screen layer: the bug stays


def markers_in(changes: Iterable[Mapping[str, Any]]) -> list[tuple[int, str]]:
    """The game markers of a delta's changes, as (occurred_at, type), oldest first."""
    found = []
    for change in changes:
        if change.get("kind") != "marker":
            continue
        data = change.get("data") or {}
        kind, at = data.get("type"), data.get("occurred_at")
        if isinstance(kind, str) and isinstance(at, int) and not isinstance(at, bool):
            found.append((at, kind))
    return sorted(found)


def actions(changes: Iterable[Mapping[str, Any]], rules: Rules, *, after_ms: int) -> list[Action]:
    """What the rules do about the markers in ``changes`` newer than ``after_ms``, in order."""
    out = []
    for at, kind in markers_in(changes):
        if at <= after_ms:
            continue
        box_score = (kind == HALFTIME and rules.halftime_box_score) or (
            kind == FINAL and rules.final_box_score
        )
        if box_score:
            out.append(Action(kind, at, "box_score"))
        elif kind in PLAY_STARTS and rules.clear_on_play_start:
            out.append(Action(kind, at, None))
    return out
