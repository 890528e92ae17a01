"""Browsers for the fault tests: websocket clients speaking the console's protocol.

Like ``static/console.js``: a snapshot first, then deltas applied strictly in order
(``seq == last + 1``); an older delta is ignored, a gap (or a health message naming a
newer ``seq``) asks for a fresh snapshot (``{"action": "snapshot"}``) and waits for it,
and a lost socket is reconnected (again a snapshot first). What a browser folds is the
part of the game a console shows and that does not move with the wall clock: every
player's box score, the score, the plays, the shots, status, period and play state
(``view``); ``view_of_snapshot`` takes the same from a server snapshot, so the two can be
compared.

Reconnection is console.js's: 250 ms doubling, capped at ``RECONNECT_MAX_S`` (800 ms),
±25 % jitter, so a browser is back within a second of the service's return however long
the outage was.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import random
import time
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

RECONNECT_FIRST_S = 0.25
RECONNECT_MAX_S = 0.8  # static/console.js: RECONNECT_MAX_MS
FINAL_CLOSE_CODES = (4403, 4404)  # console.js stops retrying on these


def _play(play: dict[str, Any], play_dist: bool) -> dict[str, Any]:
    # The description names the player as known when the play was made; a roster
    # arriving later renames it in a fresh snapshot but not in a page that has it.
    play = {k: v for k, v in play.items() if k != "description"}
    if not play_dist:
        # A play's running DIST (console.js never shows it) can still differ between the
        # live deltas and a replay after outages and restarts: a known gap (see the README).
        play["stats"] = {k: v for k, v in (play.get("stats") or {}).items() if k != "DIST"}
    return play


def empty_view() -> dict[str, Any]:
    return {
        "players": {},
        "score": None,
        "plays": {},
        "shots": {},
        "status": None,
        "period": None,
        "play_state": None,
    }


def view_of_snapshot(snapshot: dict[str, Any], *, play_dist: bool = False) -> dict[str, Any]:
    """What a console shows of a server snapshot (or the state JSON), wall clock aside."""
    return {
        "players": {
            f"{team['id']}:{p['id']}": p["stats"]
            for team in snapshot.get("teams") or []
            for p in team["players"]
            if p.get("version") is not None
        },
        "score": snapshot.get("score"),
        "plays": {str(p["version"]): _play(p, play_dist) for p in snapshot.get("plays") or []},
        "shots": {f"{s['player_id']}:{s['occurred_at']}": s for s in snapshot.get("shots") or []},
        "status": snapshot.get("status"),
        "period": snapshot.get("period"),
        "play_state": snapshot.get("play_state"),
    }


def fold_change(
    view: dict[str, Any], kind: str, data: dict[str, Any], *, play_dist: bool = False
) -> None:
    """Apply one change of a delta to a view, as console.js applies it to the page."""
    if kind == "stats":
        if data["player"].get("version") is not None:
            view["players"][f"{data['team_id']}:{data['player_id']}"] = data["player"]["stats"]
        view["score"] = data["score"]
    elif kind == "play":
        view["plays"][str(data["version"])] = _play(data, play_dist)
    elif kind == "shot":
        shot = data["shot"]
        view["shots"][f"{shot['player_id']}:{shot['occurred_at']}"] = shot
    elif kind == "score":
        view["score"] = data
    elif kind == "period":
        view["status"], view["period"] = data["status"], data["period"]
    elif kind == "play_state":
        view["play_state"] = data["play_state"]


class Browser:
    """One console's socket to a game, kept open (reconnected) until ``stop()``."""

    def __init__(self, name: str, url: str, headers: dict[str, str]) -> None:
        self.name = name
        self.url = url
        self.headers = headers
        self.view = empty_view()
        self.seq = 0
        self.connected = False
        self.awaiting_snapshot = True
        self.closed_for: int | None = None  # a final close code: no more retries
        self.connections = 0
        self.snapshots = 0
        self.gap_requests = 0
        self.deltas = 0
        self.scores: list[dict] = []  # every score this browser showed, in order
        self._changed = asyncio.Event()
        self.changed_at = time.monotonic()
        self._task: asyncio.Task | None = None
        self._socket: ClientConnection | None = None

    # -- life cycle ----------------------------------------------------------------------

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"browser:{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    @property
    def reconnects(self) -> int:
        return max(self.connections - 1, 0)

    @property
    def in_step(self) -> bool:
        """Open, not waiting for a snapshot: what it shows is the server's at ``seq``."""
        return self.connected and not self.awaiting_snapshot

    def play_versions(self) -> set[int]:
        return {int(v) for v in self.view["plays"]}

    async def until(self, predicate: Callable[[Browser], bool], within: float) -> float:
        """Wait until ``predicate(self)`` holds; the monotonic time of the change that made it.

        (A predicate that already held returns the time of the browser's last change.)
        """
        deadline = time.monotonic() + within
        while not predicate(self):
            if self.closed_for is not None:
                raise AssertionError(f"{self.name} was closed for good ({self.closed_for})")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self.name}: not there in {within}s (seq {self.seq})")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), remaining)
        return self.changed_at

    def snapshot_of_view(self) -> tuple[int, dict[str, Any]]:
        """The seq and a copy of what this browser shows now."""
        return self.seq, copy.deepcopy(self.view)

    # -- the socket ----------------------------------------------------------------------

    async def _run(self) -> None:
        attempts = 0
        while True:
            try:
                async with connect(
                    self.url, additional_headers=self.headers, open_timeout=5, max_size=2**24
                ) as socket:
                    self._socket = socket
                    self.connections += 1
                    attempts = 0
                    self.connected, self.awaiting_snapshot = True, True  # one comes on connect
                    self._touch()
                    async for text in socket:
                        await self._receive(text)
            except ConnectionClosed as closed:
                code = closed.rcvd.code if closed.rcvd is not None else None
                if code in FINAL_CLOSE_CODES:
                    self.closed_for = code
            except (OSError, InvalidHandshake, InvalidStatus, TimeoutError):
                pass
            finally:
                self._socket = None
                self.connected = False
                self._touch()
            if self.closed_for is not None:
                return
            attempts += 1
            wait = min(RECONNECT_MAX_S, RECONNECT_FIRST_S * 2 ** min(attempts, 5))
            await asyncio.sleep(wait * random.uniform(0.75, 1.25))

    async def _receive(self, text: str) -> None:
        message = json.loads(text)
        kind = message.get("type")
        if kind == "snapshot":
            self.view = view_of_snapshot(message)
            self.seq = message["seq"]
            self.awaiting_snapshot = False
            self.snapshots += 1
        elif kind == "delta":
            if self.awaiting_snapshot or message["seq"] <= self.seq:
                return  # the snapshot has it, or will
            if message["seq"] != self.seq + 1:
                self.gap_requests += 1
                self.awaiting_snapshot = True
                await self._socket.send(json.dumps({"action": "snapshot"}))
                return
            for change in message["changes"]:
                fold_change(self.view, change["kind"], change["data"])
            self.seq = message["seq"]
            self.deltas += 1
        elif kind == "health":
            # The relay sent deltas this browser never got: a snapshot now.
            if not self.awaiting_snapshot and message.get("seq", 0) > self.seq:
                self.gap_requests += 1
                self.awaiting_snapshot = True
                await self._socket.send(json.dumps({"action": "snapshot"}))
            return
        else:
            return
        score = self.view["score"]
        if score is not None and (not self.scores or self.scores[-1] != score):
            self.scores.append(dict(score))
        self._touch()

    def backward_steps(self) -> list[tuple[dict, dict]]:
        """Each time a side's score went down between two scores this browser showed."""
        pairs = zip(self.scores, self.scores[1:], strict=False)
        return [(a, b) for a, b in pairs if any(b[side] < a[side] for side in a)]

    def _touch(self) -> None:
        self.changed_at = time.monotonic()
        self._changed.set()
