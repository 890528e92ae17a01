"""The wall's one socket, ``/ws/wall/``: every game's tile with its alerts, once a second.

The tiles come from the game rows (``read_rows``: one query for the games, two small
indexed ones per live game for the score check), not from the games' groups: a wall
of twenty games would otherwise receive twenty games' deltas and 25 Hz position frames
to show a score and a clock. The relay writes each row's health and summary every second,
so reading once a second shows an alert at most a second or two after it is due.

Close code 4403: not an operator.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from broadcast.models import FeedEvent, Game
from dashboard.roles import OPERATOR, has_role
from dashboard.wall import LIVE, Watch, tile

CLOSE_FORBIDDEN = 4403
TICK_S = 1.0
WALL_GAMES = 40


def read_rows() -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """The live games first, then the most recent, each with its score check (or None)."""
    fields = ("pk", "event_id", "name", "kind", "status", "summary", "health", "teams")
    rows = list(Game.objects.values(*fields)[:WALL_GAMES])
    rows.sort(key=lambda r: r["status"] not in LIVE)  # stable: newest first within each
    out = []
    for row in rows:
        totals = _settled_totals(row["pk"]) if row["status"] in LIVE else None
        out.append((row, totals))
    return out


def _settled_totals(game_pk: int) -> dict[str, Any] | None:
    """ShotTracker's totals of the last catch-up, if no stat came after it (else None)."""
    events = FeedEvent.objects.filter(game_id=game_pk)
    totals = events.filter(kind="game_totals").order_by("-id").values("id", "payload").first()
    if totals is None:
        return None
    later = events.filter(kind="stats", id__gt=totals["id"]).exists()
    return None if later else totals["payload"]


@database_sync_to_async
def _is_operator(user) -> bool:
    return has_role(user, OPERATOR)


class WallConsumer(AsyncWebsocketConsumer):
    """Sends ``{"type": "wall", "now_ms", "tiles": [...]}`` every second until closed."""

    async def connect(self) -> None:
        # Accept first: a close before the handshake reaches a browser without its code.
        await self.accept()
        if not await _is_operator(self.scope["user"]):
            await self.close(CLOSE_FORBIDDEN)
            return
        self.watch = Watch()
        self.ticker = asyncio.create_task(self._tick())

    async def disconnect(self, code: int) -> None:
        ticker = getattr(self, "ticker", None)
        if ticker is not None:
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker

    async def receive(self, text_data=None, bytes_data=None) -> None:
        pass  # the wall only listens

    async def _tick(self) -> None:
        while True:
            rows = await database_sync_to_async(read_rows)()
            now = int(time.time() * 1000)
            tiles = []
            for row, totals in rows:
                shown = tile(row, now, totals)
                shown["alerts"] = self.watch.alerts(shown, now)
                tiles.append(shown)
            await self.send(json.dumps({"type": "wall", "now_ms": now, "tiles": tiles}))
            await asyncio.sleep(TICK_S)
