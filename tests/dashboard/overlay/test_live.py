"""The overlay's in-memory game: a snapshot plus the deltas folds to the snapshot read after."""

from __future__ import annotations

import copy

import pytest

from broadcast.game import Game as GameModel
from broadcast.log import apply_row
from dashboard.overlay import graphics, live
from tests.dashboard.conftest import ANN, BO, HAWKS, KNOWN_ROWS, OWLS, T0

NOW = T0 + 20_000
EVERY_GRAPHIC = [
    ("scorebug", {}),
    ("lower_third", {"player": ANN}),
    ("lower_third", {"player": BO}),
    ("team_comparison", {}),
    ("shot_chart", {"team": HAWKS}),
    ("shot_chart", {"player": BO}),
    ("mini_court", {}),
    ("box_score", {}),
    ("box_score", {"team": OWLS}),
    ("leaders", {}),
]


def folded_and_read(split: int) -> tuple[dict, dict]:
    """The known game folded from its snapshot after ``split`` rows, and read at the end."""
    model = GameModel("ev-known", name="Hawks vs Owls")
    for kind, payload, live_id in KNOWN_ROWS[:split]:
        apply_row(model, kind, payload, live_id, T0)
    folded = copy.deepcopy(model.snapshot(now_ms=NOW))
    for kind, payload, live_id in KNOWN_ROWS[split:]:
        for change in apply_row(model, kind, payload, live_id, T0):
            live.fold(folded, change.kind, copy.deepcopy(change.data))
    return folded, model.snapshot(now_ms=NOW)


@pytest.mark.parametrize("split", [1, 3, 10, 17, 20])
def test_every_graphic_from_the_folded_deltas_reads_as_from_a_fresh_snapshot(split):
    folded, read = folded_and_read(split)
    for graphic, options in EVERY_GRAPHIC:
        shown = graphics.graphic_data(graphic, options, folded)
        fresh = graphics.graphic_data(graphic, options, read)
        if graphic == "scorebug":
            # The folded clock is as of its last change; the overlay runs it on (clock_now).
            shown["clock"], fresh["clock"] = shown["clock"]["shown"], fresh["clock"]["shown"]
        assert shown == fresh, (graphic, options)
    assert folded["score"] == read["score"]
    assert (folded["status"], folded["period"], folded["play_state"]) == (
        read["status"], read["period"], read["play_state"],
    )  # fmt: skip


def test_an_official_score_from_catch_up_moves_every_graphic_that_shows_the_score():
    # ShotTracker's totals (catch-up's gameTotals) say more than the feed had: no stats change.
    reading = {
        "homeTeamScore": {"teamId": str(HAWKS), "value": 9},
        "awayTeamScore": {"teamId": str(OWLS), "value": 7},
        "period": "H2",
        "status": "ACTIVE",
    }
    model = GameModel("ev-known", name="Hawks vs Owls")
    for kind, payload, live_id in KNOWN_ROWS:
        apply_row(model, kind, payload, live_id, T0)
    folded = copy.deepcopy(model.snapshot(now_ms=NOW))
    changes = model.reconcile(reading, as_of_version=15, received_ms=T0 + 15_000)
    assert "stats" not in {change.kind for change in changes}
    for change in changes:
        live.fold(folded, change.kind, copy.deepcopy(change.data))
    read = model.snapshot(now_ms=NOW)
    for graphic, options in (("scorebug", {}), ("box_score", {}), ("team_comparison", {})):
        shown = graphics.graphic_data(graphic, options, folded)
        fresh = graphics.graphic_data(graphic, options, read)
        if graphic == "scorebug":
            shown.pop("clock"), fresh.pop("clock")
        assert shown == fresh, graphic
    bug = graphics.graphic_data("scorebug", {}, folded)
    assert (bug["home"]["score"], bug["away"]["score"]) == ("9", "7")


def test_a_running_clock_runs_on_between_its_changes():
    clock = {"remaining_ms": 60_000, "running": True, "as_of_ms": T0, "elapsed_ms": 0}
    assert live.clock_now(clock, T0 + 1_500)["remaining_ms"] == 58_500
    assert live.clock_now(clock, T0 + 99_000)["remaining_ms"] == 0
    stopped = {**clock, "running": False}
    assert live.clock_now(stopped, T0 + 1_500)["remaining_ms"] == 60_000
