"""The operator console in headless Chromium against ``manage.py demo``, as an operator uses it.

The demo runs as a subprocess (``tests/demo.py``): emulator, relay and web server in one
process, exactly the README's run command. Set
``COURTSIDE_UPDATE_SCREENSHOTS=1`` to refresh docs/screenshots/console.png from this run.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.chromium import chromium, log_in
from tests.demo import Demo

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# The sides' colours on the court: the teams' own (the vocabulary's ink for dark screens),
# which static/vocabulary.js sets on the page as --home-ink and --away-ink.
SIDE_RGB = """(side) => {
  const hex = getComputedStyle(document.documentElement).getPropertyValue(`--${side}-ink`).trim();
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}"""


@pytest.fixture
def demo(tmp_path) -> Iterator[Demo]:
    """``manage.py demo`` at 6x speed, until it printed its URL and logins."""
    running = Demo(tmp_path / "demo.sqlite3", "--speed", "6")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


# Counts the canvas pixels close to a colour: the court's own lines never use team colours.
COUNT_PIXELS = """([rgb, tolerance]) => {
  const canvas = document.getElementById("court");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - rgb[0]) <= tolerance && Math.abs(data[i + 1] - rgb[1]) <= tolerance
        && Math.abs(data[i + 2] - rgb[2]) <= tolerance) n++;
  }
  return n;
}"""


def test_an_operator_watches_a_live_game_change_without_reloading(demo, browser, tmp_path):
    # Playwright's wait_for_function evaluates its predicate with eval, which the pages'
    # CSP forbids; tests/security/test_browser_csp.py checks the CSP without this bypass.
    page = browser.new_page(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(demo.url + "/")
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", demo.username)
    page.fill("input[name=password]", demo.password)
    page.click("button[type=submit]")
    page.wait_for_url(demo.url + "/")

    # The relay attaches the demo's game on its own; the list polls until it shows.
    game = page.locator(".game-card.status-live", has=page.locator(".gc-team-score")).first
    game.wait_for(timeout=30_000)
    game.locator("a").click()
    page.wait_for_url(re.compile(r".*/games/[^/]+/$"))
    page.evaluate("window.__sameDocument = true")

    page.wait_for_selector('#link-state[data-state="connected"]', timeout=15_000)
    before = (
        page.inner_text("#scoreboard .sb-score[data-score=home]")
        + "-"
        + page.inner_text("#scoreboard .sb-score[data-score=away]")
    )
    page.wait_for_function(
        """(before) => {
          const score = (side) => document.querySelector(`[data-score=${side}]`).textContent;
          return score("home") + "-" + score("away") !== before;
        }""",
        arg=before,
        timeout=120_000,
    )
    assert page.evaluate("window.__sameDocument") is True, "the page was reloaded"

    # Players are drawn: both teams' colours cover discs' worth of pixels on the canvas.
    page.wait_for_selector("#court-waiting", state="detached", timeout=15_000)
    sides = [page.evaluate(f"({SIDE_RGB})('{side}')") for side in ("home", "away")]
    assert sides[0] != sides[1]
    for rgb in sides:
        page.wait_for_function(f"({COUNT_PIXELS})([{list(rgb)}, 12]) > 400", timeout=15_000)

    # Plays, shots and the feed's health keep arriving on the same page.
    page.wait_for_function(
        "document.querySelectorAll('#plays-list .play').length >= 12"
        " && document.querySelectorAll('#shot-marks .shot').length >= 2",
        timeout=120_000,
    )
    assert page.text_content('[data-health="connected"]') == "Feed connected"
    # The chart the deltas kept live reads exactly as the server renders the same shots:
    # each zone's colour step and strength, its FG% and count, and the chart's summary.
    compared = page.evaluate(CHART_AGAINST_SERVER)
    assert compared is not None, "no quiet moment to compare the chart with the server's"
    live, served = compared
    assert len(live["shots"]) >= 2
    assert live == served
    assert not errors, errors

    shot = tmp_path / "console.png"
    if os.environ.get("COURTSIDE_UPDATE_SCREENSHOTS") == "1":
        # The README's picture: a game well under way, both teams on the board.
        page.wait_for_function(
            "document.querySelectorAll('#plays-list .play').length >= 40"
            " && Number(document.querySelector('[data-score=home]').textContent) > 0"
            " && Number(document.querySelector('[data-score=away]').textContent) > 0",
            timeout=300_000,
        )
        page.screenshot(path=str(shot), animations="disabled")
        shutil.copyfile(shot, ROOT / "docs" / "screenshots" / "console.png")
    else:
        page.screenshot(path=str(shot), animations="disabled")


# The shot chart as drawn now and as the server renders it (its htmx partial), read alike;
# retried until no shot arrives between the two reads.
CHART_AGAINST_SERVER = """async () => {
  const read = (root) => ({
    shots: [...root.querySelectorAll("#shot-marks .shot")].map((g) => g.dataset.shot).sort(),
    zones: [...root.querySelectorAll(".zone[data-zone]")].map((z) => z.getAttribute("class")),
    labels: [...root.querySelectorAll("[data-zone-label]")].map((l) => [
      l.querySelector(".zl-pct").textContent, l.querySelector(".zl-count").textContent,
      l.classList.contains("none")]),
    titles: [...root.querySelectorAll(".zone[data-zone] title")].map((t) => t.textContent),
    summary: root.querySelector("#chart-summary").textContent.replace(/\\s+/g, " ").trim(),
  });
  for (let attempt = 0; attempt < 20; attempt++) {
    const live = read(document);
    const html = await (await fetch(location.pathname + "shots")).text();
    const served = read(new DOMParser().parseFromString(html, "text/html"));
    if (JSON.stringify(live.shots) === JSON.stringify(read(document).shots)
        && JSON.stringify(live.shots) === JSON.stringify(served.shots)) return [live, served];
  }
  return null;
}"""


def live_game_path(page, demo) -> str:
    """Signed in, the path of the first live game the games list shows."""
    log_in(page, demo)
    game = page.locator(".game-card.status-live").first
    game.wait_for(timeout=30_000)
    return game.locator("a").first.get_attribute("href")


# Every reconnect the page schedules (static/console.js calls setTimeout(connect, ms)).
RECORD_RETRIES = """() => {
  window.__retries = [];
  const schedule = window.setTimeout;
  window.setTimeout = function (fn, ms, ...args) {
    if (typeof fn === "function" && fn.name === "connect") window.__retries.push(ms);
    return schedule.call(this, fn, ms, ...args);
  };
}"""


def test_a_console_whose_server_is_away_retries_within_a_second_and_resyncs(demo, browser):
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, bypass_csp=True)
    page.add_init_script(f"({RECORD_RETRIES})()")
    href = live_game_path(page, demo)

    # The server's sockets are away: each attempt is closed as it opens, for ten attempts.
    away = {"closed": 0}

    def socket_route(ws) -> None:
        if away["closed"] < 10:
            away["closed"] += 1
            ws.close(code=1011)
        else:
            ws.connect_to_server()

    page.route_web_socket(re.compile(r".*/ws/games/.*"), socket_route)
    page.goto(demo.url + href)
    page.wait_for_selector('#link-state[data-state="connected"]', timeout=30_000)

    retries = page.evaluate("window.__retries")
    assert len(retries) >= 10
    # However long the outage, the page never waits a second or more before trying again.
    assert max(retries) < 1000, retries
    assert int(page.inner_text("#scoreboard .sb-score[data-score=home]")) >= 0


def test_a_console_that_missed_deltas_learns_it_from_the_health_and_resyncs(demo, browser):
    import json

    page = browser.new_page(viewport={"width": 1600, "height": 1000}, bypass_csp=True)
    href = live_game_path(page, demo)

    # Between the server and the page, every delta is lost; snapshots and health pass.
    seen = {"deltas_lost": 0, "snapshot_requests": 0, "snapshots": 0, "health_seq": 0}

    def socket_route(ws) -> None:
        server = ws.connect_to_server()

        def from_server(message: str) -> None:
            kind = json.loads(message)["type"]
            if kind == "delta":
                seen["deltas_lost"] += 1
                return
            if kind == "snapshot":
                seen["snapshots"] += 1
            if kind == "health":
                seen["health_seq"] = json.loads(message).get("seq", 0)
            ws.send(message)

        def from_page(message: str) -> None:
            if json.loads(message).get("action") == "snapshot":
                seen["snapshot_requests"] += 1
            server.send(message)

        server.on_message(from_server)
        ws.on_message(from_page)

    page.route_web_socket(re.compile(r".*/ws/games/.*"), socket_route)
    page.goto(demo.url + href)
    page.wait_for_selector('#link-state[data-state="connected"]', timeout=30_000)
    for _ in range(60):  # a live game at the demo's speed: deltas within seconds
        if seen["snapshot_requests"]:
            break
        page.wait_for_timeout(500)

    # No delta ever reached the page: the health's seq alone told it what it missed.
    assert seen["deltas_lost"] > 0
    assert seen["snapshot_requests"] >= 1, seen
    page.wait_for_timeout(1500)
    assert seen["snapshots"] >= 2, seen  # the one on connect and the one asked for


# Where a side's colour lies on the court canvas: its pixel count and their centre (0..1).
COLOUR_CENTRE = """([rgb, tolerance]) => {
  const canvas = document.getElementById("court");
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0, sx = 0, sy = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - rgb[0]) <= tolerance && Math.abs(data[i + 1] - rgb[1]) <= tolerance
        && Math.abs(data[i + 2] - rgb[2]) <= tolerance) {
      const p = i / 4;
      n++; sx += p % canvas.width; sy += Math.floor(p / canvas.width);
    }
  }
  return n ? [n, sx / n / canvas.width, sy / n / canvas.height] : [0, 0, 0];
}"""


def test_a_replay_plays_the_movement_it_is_given_then_the_court_returns_to_live(demo, browser):
    """The replay's frames take the court (live players aside), at the speed asked, then live."""
    page = browser.new_page(viewport={"width": 1600, "height": 1000}, bypass_csp=True)
    page.goto(demo.url + live_game_path(page, demo))
    page.wait_for_selector("#court-waiting", state="detached", timeout=30_000)
    config = page.evaluate("JSON.parse(document.getElementById('console-data').textContent)")
    home = next(t for t in config["teams"] if t["side"] == "home")
    player = str(home["players"][0]["id"])
    # One home player standing on the centre spot for 40 frames: at 1/4 speed, 6.4 s.
    frames = [{"t": 1_000 + 40 * i, "players": {player: [0, 0, 0]}, "ball": None}
              for i in range(40)]  # fmt: skip
    asked: list[str] = []

    def answer(route) -> None:
        asked.append(route.request.url)
        route.fulfill(json={"frames": frames, "shot": None, "from_t": 1_000, "to_t": 2_600})

    page.route("**/replay?*", answer)
    home_rgb = page.evaluate(f"({SIDE_RGB})('home')")
    away_rgb = page.evaluate(f"({SIDE_RGB})('away')")
    page.wait_for_function(f"({COUNT_PIXELS})([{list(away_rgb)}, 12]) > 400", timeout=30_000)

    # Only the players count here: the last shots' marks wear the teams' colours too.
    page.uncheck("#opt-shots")
    page.uncheck("#opt-trails")
    page.select_option("#replay-of", "now")
    page.select_option("#replay-speed", "0.25")
    page.click("#replay-go")
    page.wait_for_selector("#replay-tag:not([hidden])")
    assert "¼ speed" in page.text_content("#replay-tag")
    assert "of=now" in asked[0]
    page.wait_for_timeout(800)
    count, x, y = page.evaluate(f"({COLOUR_CENTRE})([{list(home_rgb)}, 12])")
    assert count > 200, "the replayed player is not drawn"
    assert abs(x - 0.5) < 0.05 and abs(y - 0.5) < 0.05, (x, y)  # on the centre spot
    assert page.evaluate(f"({COUNT_PIXELS})([{list(away_rgb)}, 12])") < 50  # live players aside

    page.click("#replay-go")  # "Back to live"
    page.wait_for_selector("#replay-tag", state="hidden")
    page.wait_for_function(f"({COUNT_PIXELS})([{list(away_rgb)}, 12]) > 400", timeout=10_000)
