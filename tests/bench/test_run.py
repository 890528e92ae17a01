"""The benchmark harness runs end to end on a handful of clients: CI proves it still runs.

The fan-out is measured under each web server the project can run (courtside.webserver).

Nothing here is timed: the figures of a few clients for a few seconds say nothing about
the targets. What is checked is that every scenario ran against the real stack and that
what must hold at any load held: no delta lost, every socket opened and stayed open.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from bench.stack import fresh_database

pytestmark = [pytest.mark.stack, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[2]
SMALL = {
    "--clients": "5",
    "--idle": "5",
    "--seconds": "3",
    "--stall": "4",
    "--games": "2",
    "--relay-seconds": "3",
    "--renders": "5",
    "--draws": "10",
    "--half-minutes": "1",
    "--web-processes": "2",
}


@pytest.fixture
def bench_database():
    """A database of the harness's own on the tests' PostgreSQL, dropped afterwards."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/courtside"
    url = urlunsplit(urlsplit(base)._replace(path=f"/courtside_bench_smoke_{os.getpid()}"))
    yield url
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')


def test_the_quick_harness_measures_every_target_on_the_real_stack(bench_database, tmp_path):
    fresh_database(bench_database)  # fails here, clearly, if PostgreSQL is not reachable
    table = tmp_path / "table.json"
    args = [sys.executable, "-m", "bench.run", "--quick", "--database-url", bench_database,
            "--json", str(table), "--server", "uvicorn", "--server", "daphne"]  # fmt: skip
    for flag, value in SMALL.items():
        args += [flag, value]
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=540)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    rows = {row["target"]: row["measured"] for row in json.loads(table.read_text())}
    assert sorted({target[:2] for target in rows}) == ["1.", "2.", "3.", "4.", "5."]
    for server in ("uvicorn", "daphne"):  # the fan-out under each server, in one run
        gaps = rows[f"1. no stat, shot or marker lost (seq gaps 0) [{server}]"]
        assert gaps.startswith("0 gaps in ") and ", 0 failed" in gaps
        assert not gaps.startswith("0 gaps in 0 deltas"), f"no delta reached {server}'s readers"
        idle = rows[f"4. 5 idle sockets held while 1 runs [{server}]"]
        assert idle.startswith("5 open, 0 failed")
        assert f"ours ({server} x 2):" in result.stdout
    assert result.stdout.count("baseline (plain websockets): 5 clients") == 2
    assert "met?" in result.stdout  # the table a reader sees
