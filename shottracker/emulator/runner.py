"""Clocks that drive simulators in (scaled) real time, and the handle of a running game.

``drive`` advances a simulator to ``start + elapsed * speed`` once per tick and hands the
emissions of that step to a sink in one synchronous call. A tick is one location frame
at the scaled rate, or longer at high speed (ticks are coalesced, never below
``MIN_TICK_S``), and the clock is absolute: a slow step is caught up by the next one
rather than accumulating drift, so the game never falls behind by sleeping per message.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from shottracker.emulator.store import EventLog

MIN_TICK_S = 0.01
MAX_TICK_S = 0.1


class Source(Protocol):
    """What ``drive`` needs of a simulator."""

    finished: bool
    now_ms: int

    def advance(self, until_ms: int) -> list: ...


def tick_seconds(location_hz: int, speed: float) -> float:
    """Wall time between two steps: one location frame of game time, within bounds."""
    frame_s = 1.0 / location_hz if location_hz > 0 else MAX_TICK_S
    return min(max(frame_s / speed, MIN_TICK_S), MAX_TICK_S)


async def drive(
    source: Source, sink: Callable[[list], None], *, speed: float, location_hz: int
) -> None:
    """Advance ``source`` in scaled real time until it is finished, feeding ``sink``."""
    loop = asyncio.get_running_loop()
    tick = tick_seconds(location_hz, speed)
    started, start_ms = loop.time(), source.now_ms
    wake = started
    while not source.finished:
        target = start_ms + int((loop.time() - started) * speed * 1000)
        sink(source.advance(max(target, source.now_ms)))
        wake = max(wake + tick, loop.time())
        await asyncio.sleep(wake - loop.time())


@dataclass(eq=False)
class GameHandle:
    """A game the emulator runs: its event id, live ids so far and a ``finished`` event.

    ``live_ids`` grows as the game reaches PLAY_NEXT/DRILL_NEXT; ``finished`` is set once
    the last message has been stored and sent.
    """

    event_id: str
    simulator: object
    event: EventLog
    speed: float
    live_ids: list[str] = field(default_factory=list)
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def session_opened(self, live_id: str) -> None:
        """Record the live id of a session that just opened, and wake its waiters."""
        self.live_ids.append(live_id)
        self._wake()

    def mark_finished(self) -> None:
        self.finished.set()
        self._wake()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def live_id(self, index: int) -> str:
        """The ``index``-th live id of the game (0: first half), once that session has opened.

        Raises ``LookupError`` if the game finishes with fewer sessions.
        """
        while len(self.live_ids) <= index:
            if self.finished.is_set():
                raise LookupError(f"the game had only {len(self.live_ids)} sessions")
            await self._changed.wait()
        return self.live_ids[index]
