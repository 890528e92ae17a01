"""Store log rows in batches, then publish their deltas, in ``seq`` order.

A row is written before its delta goes out, so a browser that gets a snapshot at
``seq`` N from the database and the deltas after N misses nothing. A database that
fails is retried with backoff (rows are kept, never dropped); a channel layer that
fails loses only the live push: browsers see the ``seq`` gap and ask for a snapshot.
"""

from __future__ import annotations

import asyncio
import logging

from asgiref.sync import sync_to_async

from broadcast import groups
from broadcast.log import Row
from broadcast.models import FeedEvent

log = logging.getLogger(__name__)

MAX_BATCH = 500


def _insert(game_pk: int, rows: list[Row]) -> None:
    FeedEvent.objects.bulk_create(
        [
            FeedEvent(
                game_id=game_pk,
                live_id=row.live_id,
                kind=row.kind,
                source=row.source,
                received_ms=row.received_ms,
                payload=row.payload,
                seq=row.seq,
            )
            for row in rows
        ]
    )


class LogWriter:
    """One game's writer task."""

    def __init__(self, game_pk: int, game_id: str, on_published=None) -> None:
        self.game_pk = game_pk
        self.game_id = game_id
        self._queue: asyncio.Queue[Row] = asyncio.Queue()
        self._on_published = on_published
        self._idle = asyncio.Event()
        self._idle.set()
        self.written = 0
        self.write_failures = 0
        # The newest seq whose delta went to the channel layer (or failed to): the relay's
        # health says it, so a browser that did not get it asks for a snapshot within 1 s.
        self.published_seq = 0

    def append(self, row: Row) -> None:
        self._idle.clear()
        self._queue.put_nowait(row)

    async def drained(self) -> None:
        """Wait until every appended row is stored and published."""
        await self._idle.wait()

    async def run(self) -> None:
        insert = sync_to_async(_insert, thread_sensitive=True)
        while True:
            if self._queue.empty():
                self._idle.set()
            batch = [await self._queue.get()]
            while not self._queue.empty() and len(batch) < MAX_BATCH:
                batch.append(self._queue.get_nowait())
            await self._store(insert, batch)
            await self._publish(batch)

    async def _store(self, insert, batch: list[Row]) -> None:
        delay = 0.1
        while True:
            try:
                await insert(self.game_pk, batch)
                self.written += len(batch)
                return
            except asyncio.CancelledError:
                raise
            except Exception:
                self.write_failures += 1
                log.exception(
                    "storing %d rows of game %s failed; retrying", len(batch), self.game_id
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def _publish(self, batch: list[Row]) -> None:
        for row in batch:
            if row.seq is None:
                continue
            payload = groups.delta_payload(self.game_id, row.seq, row.received_ms, row.changes)
            try:
                await groups.publish_delta(self.game_id, payload)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning(
                    "publishing delta %s of game %s failed", row.seq, self.game_id, exc_info=True
                )
                self.published_seq = row.seq
                continue
            self.published_seq = row.seq
            if self._on_published is not None:
                self._on_published()
