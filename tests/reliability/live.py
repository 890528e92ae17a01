"""A live broadcast on the production-shaped stack, for fault injection, and its figures.

``LiveBroadcast`` plays one game on the in-test emulator with a private Redis, the relay
and one web process as children (the test PostgreSQL database between them), and
keeps ``BROWSERS`` operator consoles (``browsers.Browser``) on the game's socket. A test
breaks something, notes when the service came back, and calls ``resync`` to measure:

- ``resync_s``: until every browser is open and shows the server's state as it stood
  when the service returned (every change stored by then applied, in order);
- ``caught_up_s``: until every browser shows every play the emulator had made by then
  (each of those made during the outage included: the relay's catch-up, end to end).

``finish`` waits for the end of the game and checks that the final state equals the
emulator's truth and that every browser shows exactly the server's state; the views the
browsers showed when they were back in sync are checked against the log replayed to the
same ``seq``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connections
from django.db.models import Max

from broadcast.log import REFUSALS, apply_row
from broadcast.models import FeedEvent, Game
from broadcast.state import new_model
from tests.reliability.browsers import Browser, view_of_snapshot
from tests.stack import (
    RedisServer,
    RelayProcess,
    WebProcess,
    assert_equal_to_truth,
    ensure_operator,
    state_when_final,
    state_with_plays,
    truth,
)

# Two halves of 75 s at 8x: a game lasts about 19 s of wall time.
GAME = {"half_minutes": 1.25, "speed": 8.0, "location_hz": 5}
BROWSERS = 3
RESYNC_LIMIT_S = 1.0
OPERATOR = ("olivia", "olivia-on-air-2024")


@dataclass
class Figures:
    """What one scenario measured, for the README."""

    scenario: str
    outages: list[dict[str, float]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        def worst(key: str) -> float | None:
            values = [o[key] for o in self.outages if key in o]
            return round(max(values), 3) if values else None

        return {
            "scenario": self.scenario,
            "faults": len(self.outages),
            "outage_s_max": worst("outage_s"),
            "resync_s_max": worst("resync_s"),
            "caught_up_s_max": worst("caught_up_s"),
            **self.extra,
            "outages": self.outages,
        }


def differences(shown: dict[str, Any], server: dict[str, Any], limit: int = 5) -> list[str]:
    """Where a browser's view and the server's differ (a few, for the failure message)."""
    found = []
    for part in server:
        a, b = shown.get(part), server[part]
        if isinstance(a, dict) and isinstance(b, dict) and part != "score":
            for key in sorted(set(a) | set(b)):
                if a.get(key) != b.get(key):
                    found.append(f"{part}[{key}]: browser {a.get(key)!r} != server {b.get(key)!r}")
        elif a != b:
            found.append(f"{part}: browser {a!r} != server {b!r}")
    return found[:limit]


def _max_seq(event_id: str) -> int:
    try:
        return FeedEvent.objects.filter(game__event_id=event_id).aggregate(m=Max("seq"))["m"] or 0
    finally:
        connections.close_all()


def views_at(event_id: str, seqs: set[int]) -> dict[int, dict[str, Any]]:
    """The server's state at each of ``seqs``: the log replayed up to it.

    Replayed as ``broadcast.state.replay_into`` replays it for the web processes: every row
    but the position batches, in the order stored, a refused row changing nothing.
    """
    try:
        game = Game.objects.get(event_id=event_id)
        model = new_model(game)
        views: dict[int, dict[str, Any]] = {}
        if 0 in seqs:
            views[0] = view_of_snapshot(model.snapshot())
        rows = (
            FeedEvent.objects.filter(game=game)
            .exclude(kind=FeedEvent.Kind.LOCATIONS)
            .order_by("id")
            .values_list("kind", "payload", "live_id", "received_ms", "seq")
        )
        for kind, payload, live_id, received_ms, seq in rows.iterator(chunk_size=2000):
            with contextlib.suppress(*REFUSALS):
                apply_row(model, kind, payload, live_id, received_ms)
            if seq in seqs:
                views[seq] = view_of_snapshot(model.snapshot())
        return views
    finally:
        connections.close_all()


class LiveBroadcast:
    """One game relayed through Redis, the relay and a web process, watched by browsers."""

    def __init__(
        self,
        emulator,
        run_dir: Path,
        *,
        seed: int,
        game: dict[str, Any] | None = None,
        clock_offset_s: float = 0.0,
        attach_after_first_play: bool = False,
    ) -> None:
        self.emulator = emulator
        self.run_dir = run_dir
        self.seed = seed
        self.game = game or GAME
        self.clock_offset_s = clock_offset_s
        self.attach_after_first_play = attach_after_first_play
        self.redis = RedisServer(run_dir)
        self.relay: RelayProcess | None = None
        self.web: WebProcess | None = None
        self.handle = None
        self.browsers: list[Browser] = []
        self.checks: list[tuple[str, int, dict[str, Any]]] = []

    @property
    def event_id(self) -> str:
        return self.handle.event_id

    async def start(self) -> None:
        """Redis, the game, the relay and the web process; browsers once the game has plays."""
        self.redis.start()
        await self.redis.ready()
        self.handle = self.emulator.start_game(seed=self.seed, **self.game)
        self.relay = RelayProcess(
            self.emulator,
            self.redis.url,
            [self.handle.live_ids[0]],
            log_path=self.run_dir / "relay.log",
            clock_offset_s=self.clock_offset_s,
        )
        self.web = WebProcess(
            self.redis.url, log_path=self.run_dir / "web.log", clock_offset_s=self.clock_offset_s
        )
        self.web.start()
        if self.attach_after_first_play:
            await wait_until(lambda: bool(self.truth_plays()), 60)
        self.relay.start()
        await asyncio.gather(self.relay.ready(), self.web.ready())
        await sync_to_async(ensure_operator)(*OPERATOR)
        session = await self.web.login(*OPERATOR)
        await state_with_plays(self.event_id)
        url = f"ws://127.0.0.1:{self.web.port}/ws/games/{self.event_id}/"
        headers = {"Cookie": f"sessionid={session}", "Origin": self.web.url}
        self.browsers = [Browser(f"browser-{i}", url, headers) for i in range(BROWSERS)]
        for browser in self.browsers:
            browser.start()
        for browser in self.browsers:
            await browser.until(lambda b: b.in_step, 30)

    async def stop(self) -> None:
        for browser in self.browsers:
            await browser.stop()
        for child in (self.relay, self.web):
            if child is not None:
                child.stop()
        self.redis.stop()

    # -- measuring ---------------------------------------------------------------------

    def truth_plays(self) -> set[int]:
        """The versions of every play the emulator has made so far."""
        return {
            d["version"] for d in self.handle.event.details if d["classification"] != "DISTANCE"
        }

    async def server_seq(self) -> int:
        """The newest ``seq`` the relay has stored for the game."""
        return await asyncio.to_thread(_max_seq, self.event_id)

    async def resync(self, returned_at: float, *, outage_s: float, within: float = 30) -> dict:
        """Measure the browsers' way back after the service returned at ``returned_at``."""
        made = self.truth_plays()
        target_seq = await self.server_seq()
        in_sync = [
            await b.until(lambda b: b.in_step and b.seq >= target_seq, within)
            for b in self.browsers
        ]
        for browser in self.browsers:
            self.checks.append((browser.name, *browser.snapshot_of_view()))
        caught_up = [
            await b.until(lambda b: b.in_step and made <= b.play_versions(), within)
            for b in self.browsers
        ]
        return {
            "outage_s": round(outage_s, 3),
            "resync_s": round(max(0.0, max(in_sync) - returned_at), 3),
            "caught_up_s": round(max(0.0, max(caught_up) - returned_at), 3),
        }

    async def finish(self, within: float = 180) -> dict[str, Any]:
        """Play to the end; check the truth, the browsers, and the views they showed."""
        await asyncio.wait_for(self.handle.finished.wait(), within)
        expected = await truth(self.emulator, self.event_id)
        state = await state_when_final(self.event_id, expected["last_version"], within=30)
        assert_equal_to_truth(expected, state)
        assert self.relay.stop() == 0, "the relay did not stop cleanly on SIGTERM"
        final_seq = await self.server_seq()
        for browser in self.browsers:
            await browser.until(lambda b: b.in_step and b.seq >= final_seq, 30)
        seqs = {seq for _, seq, _ in self.checks} | {final_seq}
        views = await asyncio.to_thread(views_at, self.event_id, seqs)
        # And the web process's own word: a console that opens the game now.
        fresh = Browser("fresh", self.browsers[0].url, self.browsers[0].headers)
        fresh.start()
        await fresh.until(lambda b: b.in_step, 30)
        await fresh.stop()
        assert fresh.seq == final_seq
        assert fresh.view == views[final_seq], (
            f"the web's snapshot differs from the log: {differences(fresh.view, views[final_seq])}"
        )
        for browser in self.browsers:
            assert browser.view == views[final_seq], (
                f"{browser.name} differs from the server at seq {final_seq}: "
                f"{differences(browser.view, views[final_seq])}"
            )
        for name, seq, view in self.checks:
            assert view == views[seq], (
                f"{name} showed something else than the server at seq {seq}: "
                f"{differences(view, views[seq])}"
            )
        health = state.get("health") or {}
        return {
            "final_equals_truth": True,
            "browsers_equal_server": True,
            "plays": len(expected["plays"]),
            "relay_feed_reconnects": health.get("reconnects"),
            "relay_catchup_failures": health.get("catchup_failures"),
            "browser_reconnects": sum(b.reconnects for b in self.browsers),
            "browser_gap_snapshots": sum(b.gap_requests for b in self.browsers),
        }


async def wait_until(predicate, within: float, step: float = 0.01) -> float:
    """Poll a condition another process brings about; the monotonic time it held."""
    deadline = time.monotonic() + within
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {within}s")
        await asyncio.sleep(step)
    return time.monotonic()


def write_figures(directory: Path, figures: Figures) -> dict[str, Any]:
    """Write a scenario's figures as JSON under ``directory`` and print them."""
    summary = figures.summary()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{figures.scenario}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n")
    print(f"\n[reliability] {figures.scenario}: {json.dumps(summary)}\n  -> {path}")
    return summary
