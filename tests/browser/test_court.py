"""The live court (static/court.js) in Chromium draws the lines shottracker.court defines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from broadcast.models import Game
from dashboard.views.courtdata import court_data
from shottracker.court import NBA, NCAA, CourtSpec, from_hoop_frame, hoops
from tests.browser.chromium import chromium

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGE = """<!doctype html><html><body style="margin:0">
<div style="width:1200px;height:660px">
  <canvas id="court" style="width:100%;height:100%"></canvas>
</div>
<script>{court_js}</script>
<script>
  const canvas = document.getElementById("court");
  window.court = new CourtCanvas(canvas, {{court: {court}, teams: []}});
</script>
</body></html>"""

# How bright (the sum of r, g and b) the court's background is in a 5x5 square around a
# court-frame point: the lines are light on a dark floor.
BRIGHTNESS = """([x, y]) => {
  const court = window.court;
  const [px, py] = court._px(x, y).map(Math.round);
  const data = court._background.getContext("2d").getImageData(px - 2, py - 2, 5, 5).data;
  let best = 0;
  for (let i = 0; i < data.length; i += 4) {
    best = Math.max(best, data[i] + data[i + 1] + data[i + 2]);
  }
  return best;
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def three_point_top(spec: CourtSpec) -> tuple[float, float]:
    """The top of the east hoop's three-point arc, in the court frame."""
    return from_hoop_frame(0, spec.three_radius, hoops(spec)[1])


@pytest.mark.parametrize(("spec", "other"), [(NCAA, NBA), (NBA, NCAA)], ids=["NCAA", "NBA"])
def test_the_live_court_draws_the_three_point_arc_where_the_rules_put_it(browser, spec, other):
    page = browser.new_page(viewport={"width": 1200, "height": 660})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    court = court_data(Game(summary={}), spec)
    page.set_content(
        PAGE.format(court_js=(ROOT / "static" / "court.js").read_text(), court=json.dumps(court))
    )
    on_line = page.evaluate(f"({BRIGHTNESS})({list(three_point_top(spec))})")
    off_line = page.evaluate(f"({BRIGHTNESS})({list(three_point_top(other))})")
    assert not errors, errors
    # The arc is drawn at this ruleset's radius, and not at the other ruleset's.
    assert on_line > off_line + 60, (on_line, off_line)
    page.close()
