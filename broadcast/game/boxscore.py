"""Box scores: a player's totals folded from versioned stats, team sums and derived numbers.

A stats message carries the player's running totals for the keys that changed, so a
player's box score is every input merged key by key in version order: the newest
version that set a key wins. Folding by version (not by arrival) is what makes a late
or out-of-order message end in the same state as in-order delivery.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from shottracker.models import STAT_KEYS

DERIVED_KEYS = ("DIST_M", "FG_PCT", "FG3_PCT", "FT_PCT")


def pct(made: float, attempted: float) -> float | None:
    """Made over attempted in percent, one decimal; None when nothing was attempted."""
    if attempted <= 0:
        return None
    return round(made / attempted * 100, 1)


def number(value: float) -> int | float:
    """A stat value as JSON shows it best: whole numbers as ints."""
    return int(value) if float(value).is_integer() else value


def totals(stats: Mapping[str, float]) -> dict[str, int | float]:
    """Every stat key of the spec, 0 when absent."""
    return {key: number(stats.get(key, 0)) for key in STAT_KEYS}


def box_score(stats: Mapping[str, float]) -> dict[str, int | float | None]:
    """Every stat key plus DIST_M (DIST is in cm) and the three shooting percentages."""
    out: dict[str, int | float | None] = dict(totals(stats))
    out["DIST_M"] = number(round(stats.get("DIST", 0) / 100, 2))
    out["FG_PCT"] = pct(stats.get("FG", 0), stats.get("FGA", 0))
    out["FG3_PCT"] = pct(stats.get("FG3", 0), stats.get("FGA3", 0))
    out["FT_PCT"] = pct(stats.get("FT", 0), stats.get("FTA", 0))
    return out


def sum_stats(many: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Key-by-key sum of several players' totals (team totals are never stored)."""
    out = dict.fromkeys(STAT_KEYS, 0.0)
    for stats in many:
        for key, value in stats.items():
            out[key] += value
    return out


class PlayerBox:
    """One player's versioned inputs and their fold, the current box score."""

    __slots__ = ("_points_at", "inputs", "rest_versions", "stats", "version")

    def __init__(self) -> None:
        self.inputs: dict[int, dict[str, float]] = {}
        self.stats: dict[str, float] = {}
        self.version: int | None = None
        self._points_at: tuple[int, float] | None = None  # (version, PTS then), cached
        self.rest_versions: set[int] = set()  # versions whose input is REST's whole totals

    def complete_from(self, version: int) -> int:
        """The newest version below ``version`` at which REST gave whole totals (0: none).

        The fold at a version is the player's true totals when every version after this
        one up to it was seen.
        """
        return max((v for v in self.rest_versions if v < version), default=0)

    def version_before(self, version: int) -> int | None:
        """The newest input version below ``version`` (None: the player had none)."""
        older = [v for v in self.inputs if v < version]
        return max(older) if older else None

    def points_at(self, version: int) -> float:
        """PTS after ``version`` (cached: the score asks for it at every change)."""
        cached = self._points_at
        if cached is None or cached[0] != version:
            cached = self._points_at = (version, self.totals_at(version).get("PTS", 0.0))
        return cached[1]

    def knows(self, version: int, stats: Mapping[str, float]) -> bool:
        """Whether these totals at ``version`` are already folded in (a repeat)."""
        existing = self.inputs.get(version)
        return existing is not None and all(existing.get(k) == v for k, v in stats.items())

    def add(self, version: int, stats: Mapping[str, float]) -> bool:
        """Fold in the totals of ``version``; True when the box score changed."""
        existing = self.inputs.get(version)
        self.inputs[version] = {**existing, **stats} if existing is not None else dict(stats)
        if self._points_at is not None and version <= self._points_at[0]:
            self._points_at = None
        if self.version is None or version >= self.version:
            # The common case, in order: merge on top, no refold.
            self.version = version
            changed = any(self.stats.get(key) != value for key, value in stats.items())
            self.stats.update(stats)
            return changed
        # An older version arrived late: it may only fill keys no newer version set.
        before = self.stats
        self.stats = self.totals_at(self.version)
        return self.stats != before

    def totals_at(self, version: int) -> dict[str, float]:
        """The player's totals after ``version`` (every input up to it, in version order)."""
        out: dict[str, float] = {}
        for v in sorted(self.inputs):
            if v > version:
                break
            out.update(self.inputs[v])
        return out
