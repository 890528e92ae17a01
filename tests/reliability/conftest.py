"""Fixtures of the fault scenarios: the emulator, a live broadcast, and where figures go.

Soak runs (``@pytest.mark.soak``) are skipped unless asked for:
``DATABASE_URL=… .venv/bin/pytest -m soak tests/reliability``. Every scenario's figures
are written to ``<pytest tmp dir>/reliability/<scenario>.json`` and listed at the end
of the run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shottracker.emulator import Emulator
from tests.reliability.live import Figures, LiveBroadcast, write_figures

_RESULTS: list[dict] = []


def pytest_collection_modifyitems(config, items) -> None:
    if "soak" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="a soak run: pytest -m soak tests/reliability")
    here = Path(__file__).parent
    for item in items:
        if "soak" in item.keywords and here in item.path.parents:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter) -> None:
    if not _RESULTS:
        return
    terminalreporter.section("reliability figures")
    for summary in _RESULTS:
        brief = {k: v for k, v in summary.items() if k != "outages"}
        terminalreporter.write_line(json.dumps(brief))


@pytest.fixture
async def emulator():
    """ShotTracker on free ports, in this process so that faults can be injected."""
    async with Emulator(
        port=0, ws_port=0, seed=31, games=0, loop_test=False, autostart_games=False
    ) as emu:
        yield emu


@pytest.fixture
def figures_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.getbasetemp() / "reliability"


@pytest.fixture
def report(figures_dir):
    """Write a scenario's figures (JSON file, printed, and listed at the end of the run)."""

    def write(figures: Figures) -> dict:
        summary = write_figures(figures_dir, figures)
        _RESULTS.append(summary)
        return summary

    return write


@pytest.fixture
async def live(emulator, tmp_path):
    """Start a live broadcast (``await live(seed=…)``); everything stops at the end."""
    started: list[LiveBroadcast] = []

    async def start(**options) -> LiveBroadcast:
        broadcast = LiveBroadcast(emulator, tmp_path, **options)
        started.append(broadcast)
        await broadcast.start()
        return broadcast

    yield start
    for broadcast in started:
        await broadcast.stop()
