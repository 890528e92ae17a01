"""The measured scenarios of issue 8, each against processes of a running ``Stack``.

- ``finished_game``: a whole game played fast and relayed to the end (for page renders
  and the idle sockets of target 4);
- ``fan_out``: one live game at 25 Hz; the plain-websockets baseline, then the stack
  with N readers and the idle sockets, then one reader that stalls (targets 1, 3, 4);
- ``relay_load``: one relay process with many live games, one reader per game (target 2).
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.loadclient import (
    Crowd,
    Report,
    StallReport,
    percentile,
    quiet_collector,
    stalled_client,
)
from bench.proc import CpuMeter, MachineMeter, rss_mb
from bench.stack import PYTHON, Child, Stack, StackError, live_games, wait_for_games

# The emulator names games after its seed: each scenario's games must be games of their own
# (the same seed twice would make the live game of one the finished game of another).
SEEDS = {"finished": 100, "fan-out": 200, "relay": 300}
CORES = os.cpu_count() or 1


def progress(text: str) -> None:
    """A line on what the run is doing (a long run is not silent)."""
    print(f"    {time.strftime('%H:%M:%S')} {text}", flush=True)


def ws_url(web_url: str, game_id: str) -> str:
    return web_url.replace("http://", "ws://", 1) + f"/ws/games/{game_id}/"


def _game_status(event_id: str) -> str | None:
    from broadcast.models import Game

    return Game.objects.filter(event_id=event_id).values_list("status", flat=True).first()


def _forget_game(event_id: str) -> None:
    """Drop a game and its log, so that the emulator's same game can be relayed afresh."""
    from broadcast.models import Game

    Game.objects.filter(event_id=event_id).delete()


def finished_game(stack: Stack, *, half_minutes: float, half_seconds: float = 12) -> str:
    """Play one game fast on its own emulator and relay, until final; its event id.

    A half lasts ``half_seconds`` of wall time: the relay must attach while the first
    is still live (it catches up what happened before).
    """
    speed = half_minutes * 60 / half_seconds
    emulator = stack.start_emulator(
        "emulator-finished",
        games=1,
        speed=speed,
        location_hz=1,
        half_minutes=half_minutes,
        seed=SEEDS["finished"],
    )
    (game,) = asyncio.run(live_games(emulator.api_url, 1))
    relay = stack.start_relay("relay-finished", emulator, [game.live_id])
    game_s = 2 * half_minutes * 60 / speed
    deadline = time.monotonic() + game_s * 3 + 60
    try:
        while _game_status(game.event_id) != "final":
            if time.monotonic() > deadline or not relay.alive():
                raise StackError(f"the game {game.event_id} did not finish; relay log:\n"
                                 f"{relay.log()[-2000:]}")  # fmt: skip
            time.sleep(0.5)
    finally:
        relay.stop()
        emulator.child.stop()
    return game.event_id


@dataclass
class FanOut:
    baseline: Report
    ours: Report
    stalled_others: Report
    stall: StallReport
    idle: Report
    idle_clients: int
    rss_before_mb: float
    rss_peak_mb: float
    cpu: dict[str, float] = field(default_factory=dict)  # share of a core in the ours window
    connect_s: float = 0.0
    baseline_busy: float = 0.0  # cores the machine kept busy in the baseline's window
    # CPU seconds in each window: the baseline server's, and the web processes' plus the relay's.
    baseline_cpu_s: float = 0.0
    stack_cpu_s: float = 0.0

    def cpu_per_10k(self) -> tuple[float | None, float | None]:
        """(ours, baseline's) CPU seconds per 10,000 deliveries (target 1), None if none."""

        def per_10k(cpu_s: float, report: Report) -> float | None:
            delivered = report.frames + report.deltas + report.health
            return cpu_s / delivered * 10_000 if delivered else None

        return per_10k(self.stack_cpu_s, self.ours), per_10k(self.baseline_cpu_s, self.baseline)


async def until_flowing(crowds: list[Crowd], within: float = 90) -> None:
    """Wait until every crowd's sockets get frames at near 25 Hz (a game's first seconds
    are its pre-game: no positions yet)."""
    deadline = time.monotonic() + within
    while True:
        reports = await asyncio.gather(*(c.measure(1.0) for c in crowds))
        if min(r.frames_per_client_s for r in reports) >= 20:
            return
        if time.monotonic() > deadline:
            raise StackError(f"positions are not flowing after {within}s: "
                             f"{[r.frames_per_client_s for r in reports]}")  # fmt: skip


async def _record_frames(url: str, origin: str, cookie: str, count: int) -> list[str]:
    """``count`` frames as the stack sends them (the baseline replays them)."""
    from websockets.asyncio.client import connect

    frames: list[str] = []
    async with (
        asyncio.timeout(60),
        connect(url, origin=origin, additional_headers={"Cookie": cookie}, max_size=None) as ws,
    ):
        async for text in ws:
            if '"type":"frame"' in text:
                frames.append(text)
                if len(frames) >= count:
                    break
    return frames


def _start_baseline(stack: Stack, frames_path: Path) -> tuple[Child, str]:
    child = Child(
        "baseline",
        [PYTHON, "-m", "bench.baseline", "--frames", str(frames_path), "--hz", "25"],
        stack.env(),
        stack.run_dir,
    )
    stack._children.append(child)
    url = child.wait_for(r"^listening on (\S+)$", 30).group(1)
    return child, url


async def fan_out(
    stack: Stack,
    cookie: str,
    finished_id: str,
    *,
    clients: int,
    idle: int,
    seconds: float,
    stall_s: float,
    warm_s: float = 3.0,
) -> FanOut:
    """Targets 1, 3 and 4 (see the module docstring)."""
    origin = stack.web_url
    emulator = stack.start_emulator(
        "emulator-fanout", games=1, speed=1, location_hz=25, seed=SEEDS["fan-out"]
    )
    (game,) = await live_games(emulator.api_url, 1)
    relay = stack.start_relay("relay-fanout", emulator, [game.live_id])
    await asyncio.to_thread(wait_for_games, stack.web_url, cookie, [game.event_id])
    live_url = ws_url(stack.web_url, game.event_id)
    probe = Crowd(live_url, 1, origin=origin, cookie=cookie)
    await probe.open()
    await until_flowing([probe])
    await probe.close()

    frames = await _record_frames(live_url, origin, cookie, 100)
    frames_path = stack.run_dir / "frames.jsonl"
    frames_path.write_text("\n".join(frames) + "\n")

    # The baseline first, alone on the machine but for the idle stack.
    baseline_child, baseline_url = _start_baseline(stack, frames_path)
    crowd = Crowd(baseline_url, clients, origin=origin, expect_snapshot=False)
    try:
        await crowd.open()
        await asyncio.sleep(warm_s)
        baseline_meter = CpuMeter(baseline_child.pid).start()
        machine = MachineMeter().start()
        with quiet_collector():
            baseline = await crowd.measure(seconds)
        baseline_busy = machine.read()
        baseline_cpu_s = baseline_meter.used_s()
        progress(f"baseline: {baseline.line()}; machine busy {baseline_busy:.2f} of {CORES} cores")
    finally:
        await crowd.close()
        baseline_child.stop()

    # The stack: idle sockets on the finished game, then the readers of the live game.
    idlers = Crowd(ws_url(stack.web_url, finished_id), idle, origin=origin, cookie=cookie)
    readers = Crowd(live_url, clients, origin=origin, cookie=cookie)
    try:
        started = time.monotonic()
        await idlers.open()
        await readers.open()
        connect_s = time.monotonic() - started
        failed, errors = idlers.failed + readers.failed, dict(idlers.errors + readers.errors)
        progress(f"{idle} idle and {clients} readers open in {connect_s:.0f} s "
                 f"({failed} failed: {errors})")  # fmt: skip
        await asyncio.sleep(warm_s)
        pids = {web.name: web.pid for web in stack.webs}
        pids |= {"relay": relay.pid, "emulator": emulator.child.pid, "load client": _self_pid()}
        if stack.redis is not None:
            pids["redis"] = stack.redis.pid
        with quiet_collector():
            meters = {name: CpuMeter(pid).start() for name, pid in pids.items()}
            machine = MachineMeter().start()
            # The idle sockets are watched over both windows: held open, and sent nothing.
            idle_task = asyncio.create_task(idlers.measure(seconds + stall_s))
            ours = await readers.measure(seconds)
            cpu = {name: meter.read() for name, meter in meters.items()}
            served_by = [web.name for web in stack.webs] + ["relay"]
            stack_cpu_s = sum(meters[name].used_s() for name in served_by)
            busy = machine.read()
            # PostgreSQL (the relay's writes) and whatever else runs on the machine.
            cpu["everything else"] = max(0.0, busy - sum(cpu.values()))
            progress(f"ours: {ours.line()}; machine busy {busy:.2f} of {CORES} cores")

            # One reader stops reading; the others are measured meanwhile.
            webs = [web.pid for web in stack.webs]
            rss_before = sum(rss_mb(pid) for pid in webs)
            peak = rss_before
            stall_task = asyncio.create_task(
                stalled_client(live_url, origin=origin, cookie=cookie, stall_s=stall_s)
            )
            others_task = asyncio.create_task(readers.measure(stall_s))
            while not others_task.done():
                await asyncio.sleep(1)
                peak = max(peak, sum(rss_mb(pid) for pid in webs))
            stalled_others = await others_task
            progress(f"others during the stall: {stalled_others.line()}")
            stall = await stall_task
            idle_report = await idle_task
    finally:
        await readers.close()
        await idlers.close()
        relay.stop()
        emulator.child.stop()
        # The next server of the run gets the same game (same seed, same ids), relayed
        # from its start: with the log kept, its relay would find every message a repeat.
        await asyncio.to_thread(_forget_game, game.event_id)
    return FanOut(
        baseline=baseline,
        ours=ours,
        stalled_others=stalled_others,
        stall=stall,
        idle=idle_report,
        idle_clients=idle,
        rss_before_mb=rss_before,
        rss_peak_mb=peak,
        cpu=cpu,
        connect_s=connect_s,
        baseline_busy=baseline_busy,
        baseline_cpu_s=baseline_cpu_s,
        stack_cpu_s=stack_cpu_s,
    )


def _self_pid() -> int:
    return os.getpid()


@dataclass
class RelayLoad:
    games: int
    cpu_cores: float
    lag_p50_ms: float | None
    lag_p99_ms: float | None
    worst_game_p99_ms: float | None
    min_frames_per_s: float
    min_locations_per_s: float
    reports: list[Report]
    emulator_cpu: float
    machine_busy: float


def _location_rates(web_url: str, cookie: str, event_ids: list[str]) -> list[float]:
    import httpx

    rates = []
    for event_id in event_ids:
        url = f"{web_url}/api/games/{event_id}/state"
        state = httpx.get(url, headers={"Cookie": cookie}, timeout=10).json()
        rates.append(float(state["health"].get("rates", {}).get("location", 0.0)))
    return rates


async def relay_load(
    stack: Stack, cookie: str, *, games: int, seconds: float, warm_s: float = 5.0
) -> RelayLoad:
    """Target 2: one relay process, ``games`` live games at 25 Hz, one reader per game."""
    origin = stack.web_url
    emulator = stack.start_emulator(
        "emulator-relay", games=games, speed=1, location_hz=25, seed=SEEDS["relay"]
    )
    found = await live_games(emulator.api_url, games)
    relay = stack.start_relay("relay-load", emulator, [g.live_id for g in found])
    event_ids = [g.event_id for g in found]
    await asyncio.to_thread(wait_for_games, stack.web_url, cookie, event_ids)
    crowds = [Crowd(ws_url(stack.web_url, e), 1, origin=origin, cookie=cookie) for e in event_ids]
    try:
        for crowd in crowds:
            await crowd.open()
        await until_flowing(crowds)
        await asyncio.sleep(warm_s)
        relay_cpu = CpuMeter(relay.pid).start()
        emulator_cpu = CpuMeter(emulator.child.pid).start()
        machine = MachineMeter().start()
        with quiet_collector():
            reports = await asyncio.gather(*(c.measure(seconds) for c in crowds))
        cpu, emu_cpu, busy = relay_cpu.read(), emulator_cpu.read(), machine.read()
        lags = [lag for r in reports for lag in r.lags]
        progress(f"relay: {cpu:.2f} core, lag p50/p99 {percentile(lags, 0.5):.0f}/"
                 f"{percentile(lags, 0.99):.0f} ms over {games} games")  # fmt: skip
        rates = await asyncio.to_thread(_location_rates, stack.web_url, cookie, event_ids)
    finally:
        for crowd in crowds:
            await crowd.close()
        relay.stop()
        emulator.child.stop()
    lags = [lag for r in reports for lag in r.lags]
    worst = max((r.p99_ms for r in reports if r.p99_ms is not None), default=None)
    return RelayLoad(
        games=games,
        cpu_cores=cpu,
        lag_p50_ms=percentile(lags, 0.5),
        lag_p99_ms=percentile(lags, 0.99),
        worst_game_p99_ms=worst,
        min_frames_per_s=min(r.frames_per_client_s for r in reports),
        min_locations_per_s=min(rates, default=0.0),
        reports=list(reports),
        emulator_cpu=emu_cpu,
        machine_busy=busy,
    )
