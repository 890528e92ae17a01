"""A team's numbers over a date range from ShotTracker's team endpoints, split, merged, cached.

The endpoints answer at most 8 months at a time, so every range goes out as the windows of
``shottracker.ranges.split_range`` and comes back merged. Answers are cached (Django's cache) so a
tablet that polls or a coach who flips between tabs does not hit the API again. A failure
becomes a ``Problem``: what went wrong in words a coach understands, never a crash.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from dashboard.coach.analytics import (
    PlayerShotList,
    PlayerTotals,
    TrendPoint,
    merge_events,
    merge_shots,
    merge_stats,
    trend,
)
from shottracker.client import ShotTrackerClient
from shottracker.errors import (
    Forbidden,
    MalformedMessage,
    NotFound,
    ShotTrackerError,
    TransportError,
    Unauthorized,
    Unprocessable,
)
from shottracker.ranges import split_range
from shottracker.resources import TeamEvent, TeamPlayerShots, TeamPlayerStats

T = TypeVar("T")
# Older ranges do not change; one that reaches today does, as games and drills end.
PAST_TTL_S = 600
RECENT_TTL_S = 60
FAILURE_TTL_S = 30
TREND_EVENTS = 40  # the trend charts show at most the latest this many events
TREND_CONCURRENCY = 4


@dataclass(frozen=True)
class Scope:
    """Which sessions a range covers, and the client methods that read them."""

    key: str
    title: str
    stats: Callable[..., Awaitable[TeamPlayerStats]]
    shots: Callable[..., Awaitable[TeamPlayerShots]]
    games: bool


SCOPES = {
    s.key: s
    for s in (
        Scope("game", "Games", ShotTrackerClient.game_stats, ShotTrackerClient.game_shots, True),
        Scope("practice", "All practice", ShotTrackerClient.practice_stats,
              ShotTrackerClient.practice_shots, False),
        Scope("scrimmage", "Scrimmages", ShotTrackerClient.practice_scrimmage_stats,
              ShotTrackerClient.practice_scrimmage_shots, False),
        Scope("shooting", "Shooting drills", ShotTrackerClient.practice_shooting_stats,
              ShotTrackerClient.practice_shooting_shots, False),
    )
}  # fmt: skip


class Problem(Exception):
    """Something kept the numbers from loading, in plain words (``title``, ``words``)."""

    def __init__(self, title: str, words: str, *, status: int | None = None) -> None:
        super().__init__(f"{title}: {words}")
        self.title = title
        self.words = words
        self.status = status

    def __reduce__(self) -> tuple:
        # Problems are cached; the default pickling would call __init__ with one argument.
        return (_problem, (self.title, self.words, self.status))


def _problem(title: str, words: str, status: int | None) -> Problem:
    return Problem(title, words, status=status)


_DATA_WORDS = {"STATS": "stats", "SHOTS": "shot data", "LOCATIONS": "player tracking data"}


def _day(epoch_ms: int) -> str:
    moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    return f"{moment.day} {moment:%b %Y}"


def plain_words(exc: ShotTrackerError, what: str, from_ms: int, to_ms: int) -> Problem:
    """The problem a coach sees when ShotTracker refuses or fails a request for ``what``."""
    if isinstance(exc, Forbidden):
        found = re.search(r"\b(STATS|SHOTS|LOCATIONS)\b", exc.message or "")
        data = _DATA_WORDS[found.group(1)] if found else "this data"
        return Problem(
            f"No access to {data}",
            f"Your ShotTracker subscription does not include {data}, so {what} cannot be "
            f"shown. Ask ShotTracker to add it to your team's plan.",
            status=403,
        )
    if isinstance(exc, Unprocessable):
        return Problem(
            "ShotTracker did not accept these dates",
            f"It refused {what} from {_day(from_ms)} to {_day(to_ms)} "
            f"(it said: \u201c{exc.message}\u201d). Pick a start date before the end date.",
            status=422,
        )
    if isinstance(exc, Unauthorized):
        return Problem(
            "Courtside could not sign in to ShotTracker",
            "ShotTracker did not accept Courtside's API key. Ask whoever runs Courtside to "
            "check its ShotTracker credentials.",
            status=401,
        )
    if isinstance(exc, NotFound):
        return Problem(
            "ShotTracker does not know this team",
            f"It has no team with this id, so {what} cannot be shown.",
            status=404,
        )
    if isinstance(exc, MalformedMessage):
        return Problem(
            "ShotTracker sent something unreadable",
            f"Courtside could not read ShotTracker's answer for {what}. Try again later.",
        )
    status = getattr(exc, "status", None)
    reason = "did not answer" if isinstance(exc, TransportError) else "had an error"
    return Problem(
        f"ShotTracker {reason}",
        f"{what.capitalize()} could not be loaded just now. Try again in a minute.",
        status=status,
    )


def make_client() -> ShotTrackerClient:
    """A client for the configured API; short timeouts, as a coach is waiting."""
    return ShotTrackerClient(
        settings.SHOTTRACKER_API_URL,
        settings.SHOTTRACKER_USERNAME,
        settings.SHOTTRACKER_SECRET,
        timeout=20.0,
        retries=1,
    )


def _ttl(to_ms: int) -> int:
    return PAST_TTL_S if to_ms < time.time() * 1000 - 24 * 3600 * 1000 else RECENT_TTL_S


async def _cached(key: str, to_ms: int, load: Callable[[], Awaitable[T]]) -> T:
    """``load()``'s result through the cache; a Problem is cached briefly and raised again."""
    hit = await cache.aget(key)
    if isinstance(hit, Problem):
        raise hit
    if hit is not None:
        return hit
    try:
        value = await load()
    except Problem as problem:
        await cache.aset(key, problem, FAILURE_TTL_S)
        raise
    await cache.aset(key, value, _ttl(to_ms))
    return value


async def _windows(
    call: Callable[[int, int], Awaitable[T]], what: str, from_ms: int, to_ms: int
) -> list[T]:
    """``call`` over every window of the range; the first failure becomes a Problem."""
    try:
        windows = split_range(from_ms, to_ms)
    except ValueError:
        raise Problem(
            "These dates do not make a range",
            "Pick a start date before the end date.",
            status=422,
        ) from None
    # Every call finishes before the client closes; then the first failure, if any, wins.
    answers = await asyncio.gather(*(call(a, b) for a, b in windows), return_exceptions=True)
    for answer in answers:
        if isinstance(answer, ShotTrackerError):
            raise plain_words(answer, what, from_ms, to_ms) from answer
        if isinstance(answer, BaseException):
            raise answer
    return answers


def window_count(from_ms: int, to_ms: int) -> int:
    """How many requests of at most 8 months a range takes (0 for an empty range)."""
    try:
        return len(split_range(from_ms, to_ms))
    except ValueError:
        return 0


async def range_stats(team_id: int, scope: str, from_ms: int, to_ms: int) -> list[PlayerTotals]:
    """The team's players' stats in ``scope`` over the range."""
    chosen = SCOPES[scope]

    async def load() -> list[PlayerTotals]:
        async with make_client() as client:
            parts = await _windows(
                lambda a, b: chosen.stats(client, team_id, a, b),
                f"{chosen.title.lower()} stats",
                from_ms,
                to_ms,
            )
        return merge_stats(parts)

    return await _cached(f"coach:stats:{team_id}:{scope}:{from_ms}:{to_ms}", to_ms, load)


async def range_shots(team_id: int, scope: str, from_ms: int, to_ms: int) -> list[PlayerShotList]:
    """The team's players' shots in ``scope`` over the range."""
    chosen = SCOPES[scope]

    async def load() -> list[PlayerShotList]:
        async with make_client() as client:
            parts = await _windows(
                lambda a, b: chosen.shots(client, team_id, a, b),
                f"{chosen.title.lower()} shots",
                from_ms,
                to_ms,
            )
        return merge_shots(parts)

    return await _cached(f"coach:shots:{team_id}:{scope}:{from_ms}:{to_ms}", to_ms, load)


async def range_events(team_id: int, from_ms: int, to_ms: int) -> list[TeamEvent]:
    """The team's events (games and practices) that started within the range."""

    async def load() -> list[TeamEvent]:
        async with make_client() as client:
            parts = await _windows(
                lambda a, b: client.team_events(team_id, a, b), "the team's events", from_ms, to_ms
            )
        return merge_events(part.events for part in parts)

    return await _cached(f"coach:events:{team_id}:{from_ms}:{to_ms}", to_ms, load)


@dataclass(frozen=True)
class FinishedRange:
    """A range cut short of the events still going on: season figures count finished ones.

    ``to_ms`` is where the finished part ends (None: nothing in the range has finished);
    ``live`` are the events left out, shown apart and marked live.
    """

    to_ms: int | None
    live: list[TeamEvent]


async def finished_range(team_id: int, from_ms: int, to_ms: int) -> FinishedRange:
    """The range up to the first event of the team that has not ended.

    A team plays one event at a time, and a range holds the events that *started* in it,
    so ending the range just before a live event's start leaves out exactly the live ones.
    """
    live = [e for e in await range_events(team_id, from_ms, to_ms) if e.ended_at is None]
    if not live:
        return FinishedRange(to_ms, [])
    end = min(e.started_at for e in live) - 1
    return FinishedRange(end if end > from_ms else None, live)


def events_in_scope(events: Sequence[TeamEvent], scope: str) -> list[TeamEvent]:
    """The events a scope covers: games for games, practices for the practice scopes."""
    games = SCOPES[scope].games
    return [e for e in events if (e.is_game_event if games else e.is_practice_event)]


async def range_trend(
    team_id: int, scope: str, from_ms: int, to_ms: int
) -> tuple[list[TrendPoint], int]:
    """The team's numbers event by event (the latest ``TREND_EVENTS``), and how many events.

    Each event is asked for on its own: a range that starts at the event's start and ends
    a millisecond later holds exactly that event (ranges select events by their start).
    """
    events = events_in_scope(await range_events(team_id, from_ms, to_ms), scope)
    chosen = SCOPES[scope]
    latest = events[-TREND_EVENTS:]

    async def load() -> list[TrendPoint]:
        limit = asyncio.Semaphore(TREND_CONCURRENCY)

        async def one(client: ShotTrackerClient, event: TeamEvent) -> Any:
            async with limit:
                stats = await chosen.stats(client, team_id, event.started_at, event.started_at + 1)
            return event, merge_stats([stats])

        async with make_client() as client:
            answers = await asyncio.gather(
                *(one(client, e) for e in latest), return_exceptions=True
            )
        for answer in answers:
            if isinstance(answer, ShotTrackerError):
                raise plain_words(answer, "the numbers of each event", from_ms, to_ms) from answer
            if isinstance(answer, BaseException):
                raise answer
        return trend(answers)

    key = f"coach:trend:{team_id}:{scope}:{from_ms}:{to_ms}"
    return await _cached(key, to_ms, load), len(events)
