"""``python -m bench.run [--quick]``: start the stack, run every scenario, print the table.

The stack is production-shaped and made of processes: a private Redis, PostgreSQL
(the machine's, a fresh database of the harness's own), the ShotTracker emulator, one
relay process, and several daphne processes behind one port. Then, in order:
a finished game is played fast (for page renders and idle sockets); one live game at
25 Hz is read by the plain-websockets baseline's clients, then by the stack's, with the
idle sockets held, then with one socket that stops reading; one relay follows many
games; the console's game page is rendered and its court drawn in headless Chromium.
Everything runs on this machine: the load client shares the cores with the stack.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench.proc import machine_load
from bench.stack import Stack
from courtside import webserver

PHASES = ("fan-out", "relay", "console")
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/courtside_bench"

FULL = {
    "clients": 500,
    "idle": 1000,
    "seconds": 30.0,
    "stall": 60.0,
    "games": 20,
    "relay_seconds": 30.0,
    "renders": 200,
    "draws": 300,
    "half_minutes": 20.0,
    "warm": 3.0,
}
QUICK = {
    "clients": 100,
    "idle": 200,
    "seconds": 8.0,
    "stall": 12.0,
    "games": 4,
    "relay_seconds": 8.0,
    "renders": 30,
    "draws": 60,
    "half_minutes": 4.0,
    "warm": 1.0,
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Fan-out at broadcast scale (issue 8): measure every target on this machine.",
    )
    parser.add_argument("--quick", action="store_true", help="smaller loads, shorter windows")
    for name, value in FULL.items():
        flag = "--" + name.replace("_", "-")
        parser.add_argument(flag, type=type(value), default=None, help=f"full run: {value}")
    parser.add_argument(
        "--server",
        action="append",
        choices=webserver.SERVERS,
        help="the web processes' ASGI server; repeat it to measure the fan-out under each "
        f"in one run (default: {webserver.DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--web-processes", type=int, default=3, help="web processes behind the one port"
    )
    parser.add_argument("--ping-interval", type=int, default=5, help="keepalive ping interval (s)")
    parser.add_argument(
        "--ping-timeout", type=int, default=10, help="close a socket whose pong is late (s)"
    )
    parser.add_argument("--database-url", default=DEFAULT_DATABASE, help="dropped and recreated")
    parser.add_argument("--keep-logs", action="store_true", help="keep the run directory")
    parser.add_argument(
        "--json", type=Path, help="also write the table here: [{target, measured, met}]"
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=PHASES,
        help="run only these phases (repeatable; default: all)",
    )
    args = parser.parse_args(argv)
    args.only = args.only or list(PHASES)
    args.server = list(dict.fromkeys(args.server or [webserver.DEFAULT_SERVER]))
    preset = QUICK if args.quick else FULL
    for name, value in preset.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    return args


def _setup_django(stack: Stack) -> None:
    env = stack.env()
    env.pop("REDIS_URL", None)  # the harness itself publishes nothing
    keys = ("DATABASE_URL", "DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS",
            "COURTSIDE_LOG_LEVEL", "DJANGO_HTTPS")  # fmt: skip
    for key in keys:
        os.environ[key] = env[key]
    os.environ["DJANGO_SETTINGS_MODULE"] = "courtside.settings"
    import django

    django.setup()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from bench.report import Results, print_table, rows

    # SIGTERM (a CI timeout) stops the stack as Ctrl-C does: through the with-blocks.
    signal.signal(signal.SIGTERM, _interrupt)
    run_dir = Path(tempfile.mkdtemp(prefix="courtside-bench-"))
    results = Results(args=args, load_before=machine_load())
    started = time.monotonic()
    ok = False
    try:
        with Stack(run_dir, args.database_url) as stack:
            step("private Redis and a fresh database")
            stack.start_redis()
            stack.prepare()
            _setup_django(stack)
            from bench import console, scenarios

            cookie = console.operator_cookie()
            step(f"a finished game ({args.half_minutes:g}-minute halves, played fast)")
            finished = scenarios.finished_game(stack, half_minutes=args.half_minutes)
            for number, server in enumerate(args.server):
                step(f"{args.web_processes} {server} processes on one port")
                stack.start_web(
                    args.web_processes,
                    ping_interval=args.ping_interval,
                    ping_timeout=args.ping_timeout,
                    server=server,
                )
                if "fan-out" in args.only:
                    step(
                        f"fan-out: {args.clients} readers of one game, {args.idle} idle sockets, "
                        f"a {args.stall:g} s stall ({server})"
                    )
                    results.fan_outs[server] = asyncio.run(
                        scenarios.fan_out(
                            stack,
                            cookie,
                            finished,
                            clients=args.clients,
                            idle=args.idle,
                            seconds=args.seconds,
                            stall_s=args.stall,
                            warm_s=args.warm,
                        )
                    )
                if "relay" in args.only and number == 0:
                    step(f"relay: {args.games} games at 25 Hz ({server})")
                    results.relay = asyncio.run(
                        scenarios.relay_load(
                            stack,
                            cookie,
                            games=args.games,
                            seconds=args.relay_seconds,
                            warm_s=args.warm,
                        )
                    )
                stack.stop_web()
        if "console" in args.only:
            step("game page renders and court draws")
            results.render = console.render_times(finished, args.renders)
            results.canvas = console.canvas_draw_times(finished, args.draws)
        ok = True
    finally:
        results.seconds = time.monotonic() - started
        results.load_after = machine_load()
        if ok and not args.keep_logs:
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"logs of the run: {run_dir}", file=sys.stderr)
    print_table(results)
    if args.json:
        table = [{"target": t, "measured": m, "met": met} for t, m, met in rows(results)]
        args.json.write_text(json.dumps(table, indent=2) + "\n")
    return 0


def step(text: str) -> None:
    print(f"==> {text}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
