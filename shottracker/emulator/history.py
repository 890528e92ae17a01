"""Past events for the team endpoints: a season of games and practices before the emulator started.

The schedule (who plays whom, when, with which seed) is fixed by the emulator's seed and
costs nothing; an event is simulated only when an endpoint first needs it, without
locations, in a worker thread so the live games keep their pace, and then kept. Every
team of the league plays one game a week (round robin) and holds practices (shooting
and scrimmage drills) during the week.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from shottracker.emulator.simulator import EventSimulator, Team
from shottracker.emulator.store import EventLog, Store

DAY_MS = 24 * 3600 * 1000
WEEK_MS = 7 * DAY_MS
GAME_OFFSET_MS = 5 * DAY_MS + 19 * 3600 * 1000  # Saturday evening of each week
PRACTICE_OFFSETS_MS = (1 * DAY_MS + 16 * 3600 * 1000, 3 * DAY_MS + 16 * 3600 * 1000)
_NAMESPACE = uuid.UUID("0f5c2f3e-8b7a-4c55-a1e3-6f1b3d0c9e21")


@dataclass(frozen=True)
class Scheduled:
    """One past event: what it is, who takes part, when it starts and its seed."""

    event_id: str
    kind: str
    team_ids: tuple[int, ...]
    start_ms: int
    seed: int


def round_robin(team_ids: list[int], week: int) -> list[tuple[int, int]]:
    """The pairs of one week of a circle-method round robin (one team rests if odd)."""
    ids = list(team_ids) + ([0] if len(team_ids) % 2 else [])
    if len(ids) < 2:
        return []
    fixed, rest = ids[0], ids[1:]
    shift = week % len(rest)
    rest = rest[shift:] + rest[:shift]
    circle = [fixed, *rest]
    half = len(circle) // 2
    pairs = [(circle[i], circle[-1 - i]) for i in range(half)]
    # Alternate home and away week by week.
    pairs = [(b, a) if week % 2 else (a, b) for a, b in pairs]
    return [(a, b) for a, b in pairs if a and b]


class History:
    """The league's past season, simulated lazily and cached in the store."""

    def __init__(
        self,
        teams: list[Team],
        store: Store,
        *,
        seed: int,
        until_ms: int,
        facility_of: Callable[[Team], dict],
        weeks: int = 52,
        half_minutes: float = 20.0,
    ) -> None:
        self.teams = {t.id: t for t in teams}
        self.store = store
        self.seed = seed
        self.facility_of = facility_of
        self.half_minutes = half_minutes
        self.schedule = self._plan(list(self.teams), until_ms, weeks)
        self._by_id = {s.event_id: s for s in self.schedule}
        self._loading: dict[str, asyncio.Future[EventLog]] = {}

    def _plan(self, team_ids: list[int], until_ms: int, weeks: int) -> list[Scheduled]:
        first_week = until_ms - weeks * WEEK_MS
        plan: list[Scheduled] = []
        for week in range(weeks):
            week_ms = first_week + week * WEEK_MS
            for home, away in round_robin(team_ids, week):
                plan.append(self._item("game", (home, away), week_ms + GAME_OFFSET_MS))
            for team_id in team_ids:
                for offset in PRACTICE_OFFSETS_MS:
                    plan.append(self._item("practice", (team_id,), week_ms + offset))
        return [s for s in sorted(plan, key=lambda s: s.start_ms) if s.start_ms < until_ms]

    def _item(self, kind: str, team_ids: tuple[int, ...], start_ms: int) -> Scheduled:
        key = f"{self.seed}:{kind}:{start_ms}:{','.join(map(str, team_ids))}"
        event_id = str(uuid.uuid5(_NAMESPACE, key))
        return Scheduled(event_id, kind, team_ids, start_ms, int(uuid.UUID(event_id)) % 2**31)

    def scheduled_for(self, team_id: int, from_ms: int, to_ms: int) -> list[Scheduled]:
        return [
            s for s in self.schedule if team_id in s.team_ids and from_ms <= s.start_ms <= to_ms
        ]

    def find(self, event_id: str) -> Scheduled | None:
        return self._by_id.get(event_id)

    async def load(self, items: list[Scheduled]) -> list[EventLog]:
        """The events, simulated now (in a worker thread) unless they already were."""
        return list(await asyncio.gather(*(self._load_one(item) for item in items)))

    async def _load_one(self, item: Scheduled) -> EventLog:
        known = self.store.events.get(item.event_id)
        if known is not None:
            return known
        future = self._loading.get(item.event_id)
        if future is None:
            future = asyncio.ensure_future(asyncio.to_thread(self.simulate, item))
            self._loading[item.event_id] = future
            future.add_done_callback(lambda _, key=item.event_id: self._loading.pop(key, None))
        # Shielded: a caller that gives up must not cancel the simulation others wait for.
        event = await asyncio.shield(future)
        if event.event_id not in self.store.events:
            self.store.add_event(event)
        return event

    def simulate(self, item: Scheduled) -> EventLog:
        """Run one past event to its end without locations and fold it (pure; thread-safe)."""
        teams = [self.teams[team_id] for team_id in item.team_ids]
        facility = self.facility_of(teams[0])
        simulator = EventSimulator(
            seed=item.seed,
            kind=item.kind,
            teams=teams,
            start_ms=item.start_ms,
            half_minutes=self.half_minutes,
            location_hz=0,
            event_id=item.event_id,
            facility=facility,
        )
        event = EventLog(
            event_id=simulator.event_id,
            name=simulator.name,
            kind=item.kind,
            teams=teams,
            facility=facility,
            period_ms=int(self.half_minutes * 60_000),
            scheduled_at=item.start_ms,
        )
        # An event lasts hours; a week of game time is a generous bound that still ends.
        event.apply_all(simulator.advance(item.start_ms + 7 * DAY_MS))
        event.finished = True
        event.now_ms = max(event.now_ms, simulator.now_ms)
        return event
