"""A REST API that lags the feed: what the REST views of an event show, ``seconds`` late.

ShotTracker's REST answers can trail its live feed (a catch-up read just after a play
may not have it yet). ``LaggedEvent`` keeps a copy of an event's log that is folded
from the same emissions as the real one, each only once it is ``seconds`` old, and the
REST views of that event read the copy while the lag lasts. The feed is never delayed.
"""

from __future__ import annotations

import copy
import time
from collections import deque

from shottracker.emulator.simulator import FeedMessage
from shottracker.emulator.store import EventLog, SessionLog


class LaggedEvent:
    """An event's log as it stood ``seconds`` ago (wall time)."""

    def __init__(self, event: EventLog, seconds: float) -> None:
        self.seconds = seconds
        self.event = copy.deepcopy(event)  # the view starts from where the event is now
        self._pending: deque[tuple[float, object]] = deque()

    def add(self, emission: object) -> None:
        """An emission the real log just folded; the copy folds it ``seconds`` later."""
        if isinstance(emission, FeedMessage) and emission.message.get("type") == "location":
            return  # positions are not in any REST view
        self._pending.append((time.monotonic(), emission))

    def view(self) -> EventLog:
        """The copy, with every emission older than the lag folded in."""
        due = time.monotonic() - self.seconds
        while self._pending and self._pending[0][0] <= due:
            self.event.apply(self._pending.popleft()[1])
        return self.event

    def session(self, live_id: str) -> SessionLog | None:
        return self.view().session(live_id)
