"""Personas of the overlay's tests: the known game's snapshots and outputs."""

from __future__ import annotations

import pytest

from broadcast.game import Game as GameModel
from broadcast.log import apply_row
from dashboard.overlay import live, streams
from tests.dashboard.conftest import KNOWN_ROWS, T0


@pytest.fixture(autouse=True)
def no_lingering_streams(monkeypatch):
    """Streams stop with their last overlay (a test must not leave one of its own running).

    Only streams the test started count: other suites open overlays with the real linger.
    """
    monkeypatch.setattr(streams, "LINGER_S", 0.0)
    before = {id(x) for x in [*streams.running(), *live.running()]}
    yield
    left = [stream for stream in streams.running() if id(stream) not in before]
    assert left == [], "a stream outlived its overlays"
    left = [game for game in live.running() if id(game) not in before]
    assert left == [], "a live game outlived its outputs' streams"


def known_snapshot(rows=KNOWN_ROWS, *, name: str = "Hawks vs Owls") -> dict:
    """The known game's state after ``rows``, straight from the pure model."""
    model = GameModel("ev-known", name=name)
    for kind, payload, live_id in rows:
        apply_row(model, kind, payload, live_id, T0)
    return model.snapshot(now_ms=T0 + 20_000)


@pytest.fixture
def snapshot() -> dict:
    """Hawks 2 - Owls 4 early in the second half, after a correction took a basket back."""
    return known_snapshot()
