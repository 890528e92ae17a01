"""The harness's results and the table it prints: target, measured figure, met?"""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # bench.console needs Django set up, which run.py does first
    from bench.console import CanvasTimings, Timings
    from bench.scenarios import FanOut, RelayLoad

CORES = os.cpu_count() or 1


@dataclass
class Results:
    args: argparse.Namespace
    load_before: float
    load_after: float = 0.0
    seconds: float = 0.0
    fan_outs: dict[str, FanOut] = field(default_factory=dict)  # by web server, in run order
    relay: RelayLoad | None = None
    render: Timings | None = None
    canvas: CanvasTimings | None = None


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} ms"


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} x"


def _fan_out_rows(a: argparse.Namespace, f: FanOut) -> list[tuple[str, str, bool]]:
    """Targets 1, 3 and 4 of one fan-out run (one web server)."""
    out: list[tuple[str, str, bool]] = []
    ours, base = f.ours, f.baseline
    ratio = ours.frames / base.frames if base.frames else 0.0
    cpu_ours, cpu_base = f.cpu_per_10k()
    cpu_ratio = cpu_ours / cpu_base if cpu_ours is not None and cpu_base else None
    out += [
        (
            "1. CPU per delivery (web + relay) <= 1.5 x plain websockets",
            f"{_x(cpu_ratio)} ({_s(cpu_ours)} vs {_s(cpu_base)} CPU per 10,000 deliveries)",
            cpu_ratio is not None and cpu_ratio <= 1.5,
        ),
        (
            f"1. {a.clients} clients, 1 game at 25 Hz: p99 <= 100 ms, frames and deltas",
            f"frames p99 {_ms(ours.frame_p99_ms)} (p50 {_ms(ours.frame_p50_ms)}), "
            f"deltas p99 {_ms(ours.delta_p99_ms)} (p50 {_ms(ours.delta_p50_ms)}), "
            f"max {_ms(ours.max_ms)}",
            all(p is not None and p <= 100 for p in (ours.frame_p99_ms, ours.delta_p99_ms)),
        ),
        (
            "1. no stat, shot or marker lost (seq gaps 0)",
            f"{ours.seq_gaps + f.stalled_others.seq_gaps} gaps in "
            f"{ours.deltas + f.stalled_others.deltas} deltas, {ours.failed} failed",
            ours.seq_gaps + f.stalled_others.seq_gaps == 0 and ours.failed == 0,
        ),
        (
            "1. frames delivered >= 0.5 x plain websockets",
            f"{ratio:.2f} x ({ours.frames_per_client_s:.1f} vs "
            f"{base.frames_per_client_s:.1f} frames/s per client)",
            ratio >= 0.5,
        ),
    ]
    rise = (
        f.stalled_others.p99_ms - ours.p99_ms
        if f.stalled_others.p99_ms is not None and ours.p99_ms is not None
        else None
    )
    growth = f.rss_peak_mb - f.rss_before_mb
    stall = f.stall
    if stall.closed_after_s is not None:
        fate, fate_ok = (
            f"disconnected after {stall.closed_after_s:.1f} s",
            (stall.closed_after_s <= 30),
        )
    elif stall.downgraded_after_s is not None:
        fate, fate_ok = (
            f"downgraded after {stall.downgraded_after_s:.0f} s",
            (stall.downgraded_after_s <= 30),
        )
    else:
        fate, fate_ok = f"neither in {stall.stalled_s:.0f} s", False
    out += [
        (
            f"3. a reader stalled {a.stall:g} s: others' p99 rises <= 20 ms",
            f"{rise:+.0f} ms ({_ms(f.stalled_others.p99_ms)} vs {_ms(ours.p99_ms)})"
            if rise is not None
            else "-",
            rise is not None and rise <= 20,
        ),
        (
            "3. web memory grows <= 50 MB",
            f"{growth:+.1f} MB ({f.rss_before_mb:.0f} -> {f.rss_peak_mb:.0f} MB, "
            "all web processes)",
            growth <= 50,
        ),
        ("3. stalled reader downgraded or disconnected <= 30 s", fate, fate_ok),
        (
            f"4. {f.idle_clients} idle sockets held while 1 runs",
            f"{f.idle.open} open, {f.idle.failed} failed, "
            f"{f.idle.frames + f.idle.deltas} messages (a quiet game)",
            f.idle.open == f.idle_clients and f.idle.failed == 0,
        ),
    ]
    return out


def rows(r: Results) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for every target of issue 8."""
    a = r.args
    out: list[tuple[str, str, bool]] = []
    for server, f in r.fan_outs.items():
        # Several servers in one run: each row says which it measured.
        tag = f" [{server}]" if len(r.fan_outs) > 1 else ""
        out += [(target + tag, measured, met) for target, measured, met in _fan_out_rows(a, f)]
    if r.relay is not None:
        g = r.relay
        out += [
            (
                f"2. one relay, {g.games} games at 25 Hz: lag < 100 ms",
                f"p99 {_ms(g.lag_p99_ms)} (worst game {_ms(g.worst_game_p99_ms)}), "
                f">= {g.min_frames_per_s:.1f} frames/s, "
                f">= {g.min_locations_per_s:.0f} loc/s a game",
                g.lag_p99_ms is not None and g.lag_p99_ms < 100,
            ),
            (
                "2. the relay uses at most one core",
                f"{g.cpu_cores:.2f} core",
                g.cpu_cores <= 1.0,
            ),
        ]
    if r.render is not None:
        out.append(
            (
                "5. game page render p95 <= 50 ms (finished game)",
                f"p95 {r.render.p95_ms:.1f} ms (p50 {r.render.p50_ms:.1f}, n={r.render.count})",
                r.render.p95_ms <= 50,
            )
        )
    if r.canvas is not None:
        c = r.canvas
        out.append(
            (
                "5. court draws a frame <= 4 ms (10 players, ball, 300 shots)",
                f"p95 {c.flushed.p95_ms:.2f} ms rasterized ({c.draw.p95_ms:.2f} ms script), "
                f"{c.size} px",
                c.flushed.p95_ms <= 4,
            )
        )
    order = {"1": 0, "2": 1, "3": 2, "4": 3, "5": 4}
    return sorted(out, key=lambda row: order[row[0][0]])


def print_table(r: Results) -> None:
    table = rows(r)
    width = max(len(t) for t, _, _ in table) if table else 10
    mwidth = max(len(m) for _, m, _ in table) if table else 10
    print()
    print(
        f"Courtside fan-out benchmark: {CORES} cores shared by the stack and the load client; "
        f"load average {r.load_before:.1f} before, {r.load_after:.1f} after; "
        f"{r.seconds:.0f} s{' (--quick)' if r.args.quick else ''}"
    )
    print(f"{'target':<{width}}  {'measured':<{mwidth}}  met?")
    print(f"{'-' * width}  {'-' * mwidth}  ----")
    for target, measured, met in table:
        print(f"{target:<{width}}  {measured:<{mwidth}}  {'yes' if met else 'NO'}")
    for server, f in r.fan_outs.items():
        print()
        print(f"baseline (plain websockets): {f.baseline.line()}")
        print(f"ours ({server} x {r.args.web_processes}):     {f.ours.line()}")
        print(f"ours, one reader stalled:    {f.stalled_others.line()}")
        print(
            f"stalled reader: closed after {f.stall.closed_after_s}, "
            f"{f.stall.drained_frames} frames drained, trickle from {f.stall.downgraded_after_s}"
        )
        shares = ", ".join(f"{name} {share:.2f}" for name, share in f.cpu.items())
        print(f"CPU during the ours window (cores of {CORES}): {shares}")
        print(f"machine busy during the baseline window: {f.baseline_busy:.2f} cores of {CORES}")
        cpu_ours, cpu_base = f.cpu_per_10k()
        cpu_ratio = cpu_ours / cpu_base if cpu_ours is not None and cpu_base else None
        print(
            f"CPU per 10,000 deliveries: web + relay {_s(cpu_ours)} ({f.stack_cpu_s:.1f} s in "
            f"{f.ours.seconds:.0f} s), baseline server {_s(cpu_base)} ({f.baseline_cpu_s:.1f} s "
            f"in {f.baseline.seconds:.0f} s); ratio {_x(cpu_ratio)} "
            "(target: at most 1.5 x)"
        )
        print(f"opening {f.idle_clients} idle + {f.ours.clients} readers took {f.connect_s:.1f} s")
    if r.relay is not None:
        print(
            f"relay load: emulator used {r.relay.emulator_cpu:.2f} core; machine busy "
            f"{r.relay.machine_busy:.2f} cores of {CORES}"
        )
