"""The event's version counter as seen here: duplicates, the newest version, and gaps.

``version`` grows by exactly 1 for every stats message of an event (docs/wire.md), so a
version never seen between the first and the newest one seen is a message we missed.
Totals fetched from REST at version V reflect every version up to V, so they close the
gaps below V. Everything here depends on the set of versions, not their arrival order.
"""

from __future__ import annotations


class VersionLedger:
    """Versions of stats messages seen, and the gaps between them."""

    __slots__ = ("_count_from_start", "_prefix", "floor", "high", "low", "seen")

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.low: int | None = None
        self.high: int | None = None
        self.floor = 0  # every version up to here is reflected by REST totals
        self._count_from_start = 0  # how many of ``seen`` are >= self._start()
        self._prefix = 0  # every version from 1 up to here was seen

    def __contains__(self, version: int) -> bool:
        return version in self.seen

    def add(self, version: int) -> None:
        """Record a stats message's version (the caller has checked it is new)."""
        start = self._start()
        self.seen.add(version)
        if version == self._prefix + 1:
            while self._prefix + 1 in self.seen:
                self._prefix += 1
        if self.low is None or self.high is None:
            self.low = self.high = version
        elif version < self.low:
            self.low = version
        elif version > self.high:
            self.high = version
        if self._start() != start:
            self._recount()
        elif version >= start:
            # The in-order case stays O(1); only a moved window needs a recount.
            self._count_from_start += 1

    def all_seen(self, after: int, before: int) -> bool:
        """Whether every version strictly between ``after`` and ``before`` was seen.

        REST totals do not count here: they say where a player stood at their version,
        not what each message in between carried.
        """
        # Versions up to the seen prefix need no look; the first unseen one ends the look.
        return all(v in self.seen for v in range(max(after, self._prefix) + 1, before))

    def cover(self, version: int) -> None:
        """Note REST totals at ``version``: versions up to it are no longer missing."""
        if version > self.floor:
            self.floor = version
            self._recount()

    def _start(self) -> int:
        return max(self.low if self.low is not None else 0, self.floor + 1)

    def _recount(self) -> None:
        start = self._start()
        self._count_from_start = sum(1 for v in self.seen if v >= start)

    @property
    def last(self) -> int:
        """The newest version reflected anywhere (messages or totals); 0 before any."""
        return max(self.high or 0, self.floor)

    @property
    def gaps(self) -> int:
        """Versions skipped: between the first seen and the newest, neither seen nor covered."""
        if self.high is None:
            return 0
        span = self.high - self._start() + 1
        return max(0, span - self._count_from_start)
