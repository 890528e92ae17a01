"""Record a live game to a tape: follow its sessions and ask REST what a relay asks.

``record_live`` follows one live id and the sessions that PLAY_NEXT/DRILL_NEXT name after
it, until the event ends or ``stop`` is set. On every (re)connection it asks what the
relay asks to catch up (court, live stats, the event catch-up or, for a practice, the
session's shots), and once more at the end of each session, so the tape holds the REST
answers a relay needs at every moment it needs them. It touches no database: the tape
(``shottracker.tape``) is all it leaves.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError
from shottracker.feed import Connected, LiveFeed
from shottracker.models import Marker
from shottracker.resources import CATCH_UP_RESOURCES
from shottracker.tape import Recorder

log = logging.getLogger(__name__)

NEXT_MARKERS = ("PLAY_NEXT", "DRILL_NEXT")
END_MARKERS = ("PLAY_END", "PRACTICE_END")


async def record_live(
    client: ShotTrackerClient,
    ws_url: str,
    live_id: str,
    recorder: Recorder,
    stop: asyncio.Event,
) -> list[str]:
    """Record from ``live_id`` on until the event ends or ``stop``; the live ids recorded.

    ``client`` must report its replies to ``recorder`` (``on_reply=recorder.reply``).
    Raises ``ShotTrackerError`` when the first live id cannot be looked up.
    """
    info = await client.live_info(live_id)
    live = info.live
    event_id, is_game = live.event.id, live.is_game_event
    recorded: list[str] = []
    current: str | None = live_id
    while current is not None and not stop.is_set():
        recorded.append(current)
        if current != live_id:
            try:
                await client.live_info(current)  # the tape learns the live id is this event's
            except ShotTrackerError as exc:
                log.warning("live info of %s failed: %s", current, exc)
        current = await _follow(client, ws_url, current, event_id, is_game, recorder, stop)
    return recorded


async def _follow(
    client: ShotTrackerClient,
    ws_url: str,
    live_id: str,
    event_id: str,
    is_game: bool,
    recorder: Recorder,
    stop: asyncio.Event,
) -> str | None:
    """Record one session until it ends; the next live id, if it named one."""
    feed = LiveFeed(client, ws_url, live_id, on_frame=recorder.frame)
    next_id: str | None = None
    stopper = asyncio.create_task(_close_on(stop, feed))
    try:
        async for item in feed:
            if isinstance(item, Connected):
                await _catch_up(client, live_id, event_id, is_game, court=True)
                continue
            message = item.message
            if isinstance(message, Marker):
                if message.type in NEXT_MARKERS and message.live_id:
                    next_id = message.live_id
                    break
                if message.type in END_MARKERS:
                    break
    finally:
        stopper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await stopper
        await feed.close()
    # What happened at the session's end (or up to the stop) comes from one last catch-up.
    await _catch_up(client, live_id, event_id, is_game, court=False)
    return None if stop.is_set() else next_id


async def _close_on(stop: asyncio.Event, feed: LiveFeed) -> None:
    await stop.wait()
    await feed.close()


async def _catch_up(
    client: ShotTrackerClient, live_id: str, event_id: str, is_game: bool, *, court: bool
) -> None:
    """The relay's catch-up requests, so the tape holds their answers; failures are logged."""
    try:
        if court:
            with contextlib.suppress(ShotTrackerError):
                await client.court(live_id)
        await client.live_stats(live_id)
        if is_game:
            await client.catch_up(event_id, CATCH_UP_RESOURCES)
        else:
            await client.live_shots(live_id)
    except ShotTrackerError as exc:
        log.warning("catch-up of %s for the tape failed: %s", live_id, exc)
