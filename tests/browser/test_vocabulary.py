"""static/vocabulary.js in Chromium prints every word and number as dashboard/vocabulary.py does."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils.html import json_script

from dashboard import vocabulary
from tests.browser.chromium import chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TEAMS = [{"id": 11, "name": "Harbor Hawks"}, {"id": 22, "name": "Owls"}]

NUMBERS = [7, 7.5, 0, None, 812.4, 1234, 59_999, 61_000, 0.05, 44.45, 999.6, 100]
PERIODS = ["H1", "H2", "OT1", "OT2", "OT10", "Shooting drill 3", "", None]
STATUSES = ["scheduled", "live", "halftime", "final", "postponed", "", None]
PLAY_STATES = ["LIVE", "PAUSED", "FOUL", "TIMEOUT", "", None]
CLOCKS = [
    {"remaining_ms": 59_999, "elapsed_ms": 61_000, "running": False},
    {"remaining_ms": 61_000, "elapsed_ms": 59_999, "running": False},
    {"remaining_ms": 0, "elapsed_ms": 0, "running": False},
    {"remaining_ms": 1_200_000, "elapsed_ms": 1234, "running": False},
]

# The same table, formatted by the browser's vocabulary.
IN_BROWSER = """([numbers, periods, statuses, playStates, clocks]) => {
  const V = window.Vocabulary;
  const f = V.fmt;
  const style = getComputedStyle(document.documentElement);
  return {
    stat: numbers.map((n) => f.stat(n)),
    made_of: numbers.map((n) => f.madeOf(n, 12)),
    tally: numbers.map((n) => f.tally(n, 12)),
    pct: numbers.map((n) => f.pct(n)),
    zone_pct: numbers.map((n) => f.zonePct(n)),
    distance: numbers.map((n) => f.distance(n)),
    clock_text: numbers.map((n) => f.clock(n ?? 0)),
    period: periods.map((p) => [V.periodLabel(p, false), V.periodLabel(p, true)]),
    period_shown: periods.map((p) => [V.periodShown(p, false), V.periodShown(p, true)]),
    drill: [null, {number: 2, name: "Shooting"}, {number: 3, name: ""}].map(V.drillLabel),
    shot_result: [[true, true], [true, false], [false, true], [false, false]].map(
      ([make, three]) => V.shotResult({is_make: make, is_3point: three})),
    replay_speed: ["1", "0.5", "0.25"].map(V.replaySpeed),
    status: statuses.map((s) => V.statusLabel(s)),
    phase: statuses.map((s) => periods.map((p) => [V.phaseLabel(s, p), V.phaseLabel(s, p, true)])),
    play_state: playStates.map((s) => V.playStateLabel(s)),
    clock: clocks.map((c) => ["game", "practice"].map((kind) => f.clock(V.clockMs(c, kind, 0)))),
    colours: ["home", "away"].map((side) => [
      style.getPropertyValue(`--${side}`).trim(), style.getPropertyValue(`--${side}-ink`).trim(),
    ]),
  };
}"""


def in_python() -> dict:
    v = vocabulary
    return {
        "stat": [v.stat(n) for n in NUMBERS],
        "made_of": [v.made_of(n, 12) for n in NUMBERS],
        "tally": [v.tally(n, 12) for n in NUMBERS],
        "pct": [v.pct(n) for n in NUMBERS],
        "zone_pct": [v.zone_pct(n) for n in NUMBERS],
        "distance": [v.distance(n) for n in NUMBERS],
        "clock_text": [v.clock_text(n or 0) for n in NUMBERS],
        "period": [[v.period_label(p), v.period_label(p, short=True)] for p in PERIODS],
        "period_shown": [[v.period_shown(p), v.period_shown(p, short=True)] for p in PERIODS],
        "drill": [
            v.drill_label(d)
            for d in (None, {"number": 2, "name": "Shooting"}, {"number": 3, "name": ""})
        ],
        "status": [v.status_label(s) for s in STATUSES],
        "phase": [
            [[v.phase_label(s, p), v.phase_label(s, p, short=True)] for p in PERIODS]
            for s in STATUSES
        ],
        "play_state": [v.play_state_label(s) for s in PLAY_STATES],
        "clock": [[v.clock_label(c, kind) for kind in ("game", "practice")] for c in CLOCKS],
        "colours": [[t["colour"], t["ink"]] for t in v.team_identities(TEAMS)],
    }


def test_the_browser_formats_every_word_and_number_as_the_server_does():
    page_html = (
        "<!doctype html><html><body>"
        + json_script(vocabulary.for_browser(TEAMS), "vocabulary")
        + "<script>"
        + (ROOT / "static" / "vocabulary.js").read_text()
        + "</script></body></html>"
    )
    with chromium() as browser:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_content(page_html)
        seen = page.evaluate(f"({IN_BROWSER})", [NUMBERS, PERIODS, STATUSES, PLAY_STATES, CLOCKS])
    expected = in_python()
    assert not errors, errors
    # A few rows spelled out, so a reader sees what the table holds.
    assert expected["stat"][:4] == ["7", "7.5", "0", "0"]
    assert expected["distance"][4:6] == ["812 m", "1.23 km"]
    assert expected["clock_text"][6:8] == ["01:00", "01:01"]
    assert expected["period"][:5] == [["1st half", "1st"], ["2nd half", "2nd"],
                                      ["Overtime", "OT"], ["Overtime 2", "OT2"],
                                      ["Overtime 10", "OT10"]]  # fmt: skip
    for key, value in expected.items():
        assert seen[key] == value, key
