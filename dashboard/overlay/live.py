"""A game's state in this web process for its on-air graphics, kept current from the fan-out.

The overlays' graphics are computed from a snapshot (``graphics.graphic_data``). Reading
that snapshot from the database on every delta (replaying new rows, then building the
whole snapshot again) cost each output stream a database round trip and a full rebuild
per delta, per bus, per process. Here one ``LiveGame`` per game and process is a member
of the process's fan-out (``dashboard.fanout``): it reads the snapshot from the log once,
then folds each delta's changes into it in place (a delta's ``data`` is complete, as the
console's page folds it), parsing each delta once for all the outputs of the game. Only a
gap in ``seq`` (a delta lost between processes) reads the snapshot again.

What is folded is what graphics read: teams, players and their box scores, team totals,
score, status, period, play state, clock, shots and zones, the roster. Plays, sessions and
positions are kept as first read (no graphic shows them; the mini court moves by frames).

``fold`` is pure (a snapshot and one change in, the snapshot changed in place), so a test
can prove that a snapshot plus the deltas equals a snapshot read afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from typing import Any, Protocol

from channels.db import database_sync_to_async

from broadcast.game.boxscore import box_score
from broadcast.models import Game
from broadcast.state import game_state
from dashboard import fanout

log = logging.getLogger(__name__)


# -- folding a delta's changes into a snapshot (pure) ------------------------------------------


def _sides(snapshot: dict[str, Any]) -> None:
    teams = snapshot.get("teams") or []
    if snapshot.get("kind") == "game":
        snapshot["home"] = teams[0] if teams else None
        snapshot["away"] = teams[1] if len(teams) > 1 else None


def _team(snapshot: dict[str, Any], team_id: int, name: str | None = None) -> dict[str, Any]:
    for team in snapshot.setdefault("teams", []):
        if team["id"] == team_id:
            return team
    team = {"id": team_id, "name": name, "score": 0, "totals": box_score({}), "players": []}
    snapshot["teams"].append(team)
    _sides(snapshot)
    return team


def _fold_stats(snapshot: dict[str, Any], data: Mapping[str, Any]) -> None:
    summary = data["team"]
    team = _team(snapshot, summary["id"], summary.get("name"))
    team.update({k: summary[k] for k in ("name", "score", "totals")})
    player = data["player"]
    for i, known in enumerate(team["players"]):
        if known["id"] == player["id"]:
            team["players"][i] = player
            break
    else:
        team["players"].append(player)
    if data.get("score") is not None:
        snapshot["score"] = data["score"]


def _fold_shot(snapshot: dict[str, Any], data: Mapping[str, Any]) -> None:
    shot = data["shot"]
    key = (shot["player_id"], shot["occurred_at"])
    shots = [s for s in snapshot.get("shots") or [] if (s["player_id"], s["occurred_at"]) != key]
    shots.append(shot)
    shots.sort(key=lambda s: (s["occurred_at"], s["player_id"]))
    snapshot["shots"] = shots
    snapshot.setdefault("zones", {}).update(data.get("zones") or {})


def _fold_score(snapshot: dict[str, Any], data: Mapping[str, Any]) -> None:
    # The score is also each team's points and its box-score line's PTS (official totals
    # win: a catch-up reading moves them with no stats change of a player).
    snapshot["score"] = dict(data)
    for side, team in zip(("home", "away"), snapshot.get("teams") or [], strict=False):
        if side in data:
            team["score"] = data[side]
            team["totals"] = {**team["totals"], "PTS": data[side]}
    _sides(snapshot)


def _fold_roster(snapshot: dict[str, Any], data: Mapping[str, Any]) -> None:
    for listed in data["teams"]:
        team = _team(snapshot, listed["id"], listed.get("name"))
        team["name"] = listed.get("name")
        known = {p["id"]: p for p in team["players"]}
        players = []
        for entry in listed["players"]:
            before = known.get(entry["id"])
            if before is None:
                players.append({**entry, "version": None, "stats": box_score({})})
            else:
                players.append({**before, **entry})
        # Players with stats stay in the box score even when the roster no longer lists them.
        listed_ids = {p["id"] for p in players}
        players += [p for p in team["players"] if p["id"] not in listed_ids]
        team["players"] = players
    _sides(snapshot)


def fold(snapshot: dict[str, Any], kind: str, data: Mapping[str, Any]) -> None:
    """Apply one change of a delta to a snapshot, in place, as a page folds it."""
    if kind == "stats":
        _fold_stats(snapshot, data)
    elif kind == "shot":
        _fold_shot(snapshot, data)
    elif kind == "score":
        _fold_score(snapshot, data)
    elif kind == "period":
        snapshot.update({k: data[k] for k in ("status", "period", "drill") if k in data})
    elif kind == "play_state":
        snapshot["play_state"] = data["play_state"]
    elif kind == "clock":
        snapshot["clock"] = dict(data)
    elif kind == "roster":
        _fold_roster(snapshot, data)


def clock_now(clock: Mapping[str, Any], feed_now_ms: int) -> dict[str, Any]:
    """A clock as of ``feed_now_ms``: a running one has run on since its ``as_of_ms``."""
    if not clock or not clock.get("running"):
        return dict(clock or {})
    ran = max(0, feed_now_ms - int(clock.get("as_of_ms") or feed_now_ms))
    remaining = max(0, int(clock["remaining_ms"]) - ran)
    return {**clock, "remaining_ms": remaining, "as_of_ms": feed_now_ms}


# -- the live game: a member of the fan-out ------------------------------------------------------


class Listener(Protocol):
    """An output's stream, as a live game sees it."""

    def on_delta(self, seq: int, relay_ms: int, changes: list[dict[str, Any]]) -> None: ...

    async def on_frame(self, message: dict[str, Any]) -> None: ...

    def on_reload(self, seq: int, relay_ms: int) -> None: ...


@database_sync_to_async
def _read(game: Game) -> tuple[dict[str, Any], int, int]:
    snapshot, seq = game_state(game)
    return snapshot, seq, int(time.time() * 1000)


class LiveGame:
    """One game's folded snapshot in this process, shared by its output streams."""

    def __init__(self, game: Game) -> None:
        self.game = game
        self.snapshot: dict[str, Any] = {}
        self.seq = 0
        self.reads = 0  # snapshots read from the database (tests: not one per delta)
        self.listeners: dict[Listener, None] = {}
        self.ready = asyncio.Event()
        self._offset_ms = 0  # feed time minus wall time, as the snapshot's clock told it
        self._held: list[dict[str, Any]] | None = None
        self._stream: fanout.GameStream | None = None
        self._reload: asyncio.Task | None = None

    async def start(self) -> None:
        # Join first, then read: a delta published meanwhile is held, then either skipped
        # (the snapshot has it) or folded after it.
        self._held = []
        self._stream = await fanout.join(self.game.event_id, self)
        await self._load()
        self.ready.set()

    async def stop(self) -> None:
        if self._reload is not None:
            self._reload.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reload
        if self._stream is not None:
            await fanout.leave(self._stream, self)
            self._stream = None

    async def _load(self) -> None:
        try:
            snapshot, seq, wall_ms = await _read(self.game)
            self.reads += 1
            self.snapshot, self.seq = snapshot, seq
            clock = snapshot.get("clock") or {}
            self._offset_ms = int(clock.get("as_of_ms") or wall_ms) - wall_ms
        finally:
            while self._held:
                held, self._held = self._held, []
                for message in held:
                    self._on_delta(message)
            self._held = None

    def view(self) -> dict[str, Any]:
        """The snapshot now: its clock run on to the present (graphics read this)."""
        feed_now = int(time.time() * 1000) + self._offset_ms
        return {**self.snapshot, "clock": clock_now(self.snapshot.get("clock") or {}, feed_now)}

    # -- what the fan-out hands over ---------------------------------------------------------

    async def take(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "game.delta":
            if self._held is not None:
                self._held.append(message)
            else:
                self._on_delta(message)
        elif kind == "game.frame":
            for listener in list(self.listeners):
                await listener.on_frame(message)

    def _on_delta(self, message: dict[str, Any]) -> None:
        seq = int(message["seq"])
        if seq <= self.seq:
            return  # in the snapshot already, or a repeat
        delta = json.loads(message["text"])  # once per process, for every output of the game
        if seq > self.seq + 1:
            # A gap: read the snapshot again (holding what follows), then fold this one only
            # if the log had not stored it yet when read.
            log.warning("game %s: delta %s after %s, reading the snapshot again",
                        self.game.event_id, seq, self.seq)  # fmt: skip
            self._held = [message]
            self._reload = asyncio.create_task(self._load_then(seq, delta))
            return
        self._apply(seq, delta)

    async def _load_then(self, seq: int, delta: dict[str, Any]) -> None:
        held, self._held = self._held or [], []
        try:
            snapshot, read_seq, wall_ms = await _read(self.game)
            self.reads += 1
            self.snapshot, self.seq = snapshot, read_seq
            clock = snapshot.get("clock") or {}
            self._offset_ms = int(clock.get("as_of_ms") or wall_ms) - wall_ms
        except Exception:
            log.exception("game %s: reading the snapshot again failed", self.game.event_id)
        if seq > self.seq:
            self.seq = seq - 1
            self._apply(seq, delta)
        else:
            # Anything may have changed: every output recomputes its graphic once.
            relay_ms = int(delta.get("relay_ms") or 0)
            for listener in list(self.listeners):
                try:
                    listener.on_reload(self.seq, relay_ms)
                except Exception:
                    log.exception("game %s: an output failed a reload", self.game.event_id)
        pending, self._held = [*held[1:], *(self._held or [])], None
        for message in pending:
            self._on_delta(message)

    def _apply(self, seq: int, delta: dict[str, Any]) -> None:
        changes = delta.get("changes") or []
        for change in changes:
            try:
                fold(self.snapshot, change.get("kind"), change.get("data") or {})
            except (KeyError, TypeError, ValueError):
                log.exception("game %s: delta %s has a %s change that does not fold",
                              self.game.event_id, seq, change.get("kind"))  # fmt: skip
        self.seq = seq
        relay_ms = int(delta.get("relay_ms") or 0)
        for listener in list(self.listeners):
            try:
                listener.on_delta(seq, relay_ms, changes)
            except Exception:
                log.exception("game %s: an output failed delta %s", self.game.event_id, seq)


# -- the registry: one live game per game in each process (and event loop) ----------------------

_games: dict[tuple[int, str], tuple[LiveGame, asyncio.Task]] = {}


def _key(game_id: str) -> tuple[int, str]:
    return (id(asyncio.get_running_loop()), game_id)


async def join(game: Game, listener: Listener) -> LiveGame:
    """The game's live state in this process (started if needed), ``listener`` told of deltas."""
    key = _key(game.event_id)
    entry = _games.get(key)
    if entry is None:
        live = LiveGame(game)
        entry = _games[key] = (live, asyncio.create_task(live.start()))
    live, starting = entry
    live.listeners[listener] = None
    try:
        await asyncio.shield(starting)
    except BaseException:
        live.listeners.pop(listener, None)
        if not live.listeners and _games.get(key) is entry:
            del _games[key]
            with contextlib.suppress(Exception):
                await live.stop()
        raise
    return live


async def leave(live: LiveGame, listener: Listener) -> None:
    """``listener`` hears no more; the live game stops with its last listener."""
    live.listeners.pop(listener, None)
    if live.listeners:
        return
    key = _key(live.game.event_id)
    entry = _games.get(key)
    if entry is not None and entry[0] is live:
        del _games[key]
        await live.stop()


def running() -> list[LiveGame]:
    """The live games of this process's running event loop (tests, health)."""
    try:
        loop = id(asyncio.get_running_loop())
    except RuntimeError:
        loop = None
    return [live for key, (live, _) in _games.items() if loop is None or key[0] == loop]
