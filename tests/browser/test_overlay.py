"""On-air graphics in headless Chromium against ``manage.py demo``: take, clear, reload, revoke.

The demo runs as a subprocess (``tests/demo.py``: emulator, relay and web server in one
process, on free ports with its own SQLite file). An operator drives the console's graphics
panel in one page; the output's URL is open in another, as OBS would hold it. Set
``COURTSIDE_UPDATE_SCREENSHOTS=1`` to refresh docs/screenshots/overlay-*.png from this run.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.chromium import chromium, log_in
from tests.demo import Demo

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
TAKE_BUDGET_MS = 250


@pytest.fixture
def demo(tmp_path) -> Iterator[Demo]:
    """``manage.py demo`` on free ports with its own SQLite file."""
    running = Demo(tmp_path / "demo.sqlite3", "--speed", "3")
    running.start()
    yield running
    running.stop()


@pytest.fixture
def browser():
    with chromium() as launched:
        yield launched


# Reads a PNG's pixels (a canvas decodes it exactly) and counts the ones that are not fully
# transparent, outside a box (x0, y0, x1, y1) and inside it.
COUNT_OPAQUE = """async ([png, box]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  let outside = 0, inside = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (data[(y * image.width + x) * 4 + 3] === 0) continue;
      const within = box && x >= box[0] && x < box[2] && y >= box[1] && y < box[3];
      if (within) inside++; else outside++;
    }
  }
  return {width: image.width, height: image.height, outside, inside};
}"""

# Opens the output's websocket from the page and reports how it ends.
SOCKET_CLOSE = """(path) => new Promise((resolve) => {
  const ws = new WebSocket(`ws://${location.host}${path}`);
  let messages = 0;
  ws.onmessage = () => { messages++; };
  ws.onclose = (event) => resolve({code: event.code, messages});
})"""


def opaque_pixels(page, png: bytes, box: tuple[int, int, int, int] | None = None) -> dict:
    return page.evaluate(COUNT_OPAQUE, [base64.b64encode(png).decode(), list(box) if box else None])


def keep(png_path: Path, name: str) -> None:
    if os.environ.get("COURTSIDE_UPDATE_SCREENSHOTS") == "1":
        target = ROOT / "docs" / "screenshots" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png_path, target)


def test_a_taken_graphic_airs_within_250_ms_and_the_output_shows_only_that(demo, browser, tmp_path):
    console = browser.new_page(viewport={"width": 1920, "height": 1200})
    errors: list[str] = []
    console.on("pageerror", lambda exc: errors.append(f"console: {exc}"))
    log_in(console, demo)

    # The relay attaches the demo's game on its own; the list polls until it shows.
    game = console.locator(".game-card.status-live", has=console.locator(".gc-team-score")).first
    game.wait_for(timeout=30_000)
    game.locator("a").click()
    console.wait_for_url(re.compile(r".*/games/[^/]+/$"))
    # One court frame a second: the console's canvas must not eat the CPU the take is timed on.
    console.goto(console.url + "?rate=1")

    # A new output: its URL is what OBS would load.
    panel = console.locator("#graphics-panel")
    panel.locator(".gp-new input[name=name]").fill("Program")
    panel.locator(".gp-new button").click()
    overlay_url = panel.locator(".gp-link input").first.input_value(timeout=10_000)
    assert re.fullmatch(rf"{re.escape(demo.url)}/overlay/[A-Za-z0-9_-]{{32,}}/", overlay_url)

    output = browser.new_page(viewport={"width": 1920, "height": 1080})
    output.on("pageerror", lambda exc: errors.append(f"output: {exc}"))
    output.goto(overlay_url)
    output.wait_for_selector('#stage[data-link="open"]')
    assert output.evaluate(
        "[getComputedStyle(document.body).overflow, getComputedStyle(document.body).cursor]"
    ) == ["hidden", "none"]
    empty = opaque_pixels(output, output.screenshot(omit_background=True))
    assert (empty["width"], empty["height"], empty["outside"]) == (1920, 1080, 0)

    # A scorebug with points on it (for the picture), once the game has some.
    console.wait_for_function(
        "() => Number(document.querySelector('[data-score=home]').textContent)"
        " + Number(document.querySelector('[data-score=away]').textContent) > 0",
        timeout=120_000,
    )

    # Pick the scorebug (it goes to preview), then take it: on the output within 250 ms.
    panel.locator('.gp-graphic[data-graphic="scorebug"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-preview')
    with console.expect_request(re.compile(r".*/graphics/\d+/take$")) as take:
        panel.locator(".gp-take").click()
    bug = output.locator(".gfx.g-scorebug")
    bug.wait_for(state="visible", timeout=5_000)
    # Both pages run in one browser on this machine: one clock for the two times.
    take.value.response()  # Chromium reports the request's timing once it is answered
    taken_ms = take.value.timing["startTime"]
    shown_ms = float(bug.get_attribute("data-shown-at"))
    assert 0 < shown_ms - taken_ms < TAKE_BUDGET_MS, f"on air {shown_ms - taken_ms:.0f} ms after"

    # Transparent wherever no graphic is: only the scorebug (and its shadow) has pixels.
    output.wait_for_selector(".gfx.g-scorebug.is-settled")
    output.wait_for_timeout(100)  # the clock's next tick, so the picture is a settled one
    # (In one call: an update may replace the bug's content between two.)
    box = output.evaluate("""() => {
      const r = document.querySelector(".gfx-scorebug").getBoundingClientRect();
      return {x: r.x, y: r.y, width: r.width, height: r.height};
    }""")
    shadow = 60  # the drop shadow's reach, px
    left, top = int(box["x"]) - shadow, int(box["y"]) - shadow
    area = (left, top, left + int(box["width"]) + 2 * shadow, top + int(box["height"]) + 2 * shadow)
    shot = tmp_path / "overlay-scorebug.png"
    pixels = opaque_pixels(output, output.screenshot(path=str(shot), omit_background=True), area)
    assert pixels["outside"] == 0
    assert pixels["inside"] >= box["width"] * box["height"] * 0.95
    score = output.inner_text(".gfx-scorebug .sb-home .sb-score")

    # A reloaded output comes back to what is on air (the server keeps it).
    output.reload()
    output.wait_for_selector(".gfx.g-scorebug")
    assert output.inner_text(".gfx-scorebug .sb-home .sb-score").isdigit()
    assert int(output.inner_text(".gfx-scorebug .sb-home .sb-score")) >= int(score)

    # The panel: scorebug on air, a lower third cued up in preview.
    panel.locator('.gp-graphic[data-graphic="lower_third"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="lower_third"].is-preview')
    console.frame_locator(".gp-monitor-preview iframe").locator(
        ".gfx.g-lower-third.is-settled"
    ).wait_for()
    console.frame_locator(".gp-monitor-program iframe").locator(
        ".gfx.g-scorebug.is-settled"
    ).wait_for()
    assert output.locator(".gfx").count() == 1  # the cue never reached the air
    console.wait_for_timeout(300)
    panel_shot = tmp_path / "overlay-panel.png"
    panel.screenshot(path=str(panel_shot), animations="disabled")
    keep(panel_shot, "overlay-panel.png")

    # Clear: off the output.
    panel.locator(".gp-clear").click()
    output.wait_for_selector(".gfx", state="detached", timeout=5_000)
    assert output.get_attribute("#stage", "data-graphic") == ""
    assert not errors, errors


def test_a_revoked_output_gets_nothing(demo, browser):
    console = browser.new_page(viewport={"width": 1920, "height": 1200})
    console.on("dialog", lambda dialog: dialog.accept())
    log_in(console, demo)
    game = console.locator(".game-card.status-live", has=console.locator(".gc-team-score")).first
    game.wait_for(timeout=30_000)
    game.locator("a").click()
    console.wait_for_url(re.compile(r".*/games/[^/]+/$"))
    # One court frame a second: the console's canvas must not eat the CPU the take is timed on.
    console.goto(console.url + "?rate=1")
    panel = console.locator("#graphics-panel")
    panel.locator(".gp-new button").click()
    overlay_url = panel.locator(".gp-link input").first.input_value(timeout=10_000)
    key = overlay_url.rstrip("/").rsplit("/", 1)[1]

    output = browser.new_page()
    output.goto(overlay_url)
    output.wait_for_selector('#stage[data-link="open"]')
    panel.locator('.gp-graphic[data-graphic="leaders"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="leaders"].is-preview')
    panel.locator(".gp-take").click()
    output.wait_for_selector(".gfx.g-leaders")

    panel.locator(".gp-revoke").click()
    # The open output goes blank at once and stops trying.
    output.wait_for_selector('#stage[data-link="gone"]', timeout=5_000)
    assert output.locator(".gfx").count() == 0
    console.locator(f'.gp-link input[value="{overlay_url}"]').wait_for(state="detached")
    # The URL is dead: an empty 404, and the socket is refused.
    response = output.goto(overlay_url)
    assert response.status == 404
    assert output.content().count("gfx") == 0
    closed = output.evaluate(SOCKET_CLOSE, f"/ws/overlay/{key}/")
    assert closed == {"code": 4404, "messages": 0}


def test_an_output_rides_out_a_server_restart_and_resyncs(demo, browser):
    console = browser.new_page()
    log_in(console, demo)
    game_id = next(g["id"] for g in console.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    console.goto(f"{demo.url}/games/{game_id}/?rate=1")
    panel = console.locator("#graphics-panel")
    panel.locator(".gp-new button").click()
    overlay_url = panel.locator(".gp-link input").first.input_value(timeout=10_000)
    panel.locator('.gp-graphic[data-graphic="team_comparison"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="team_comparison"].is-preview')
    panel.locator(".gp-take").click()

    output = browser.new_page(viewport={"width": 1920, "height": 1080})
    output.goto(overlay_url)
    output.wait_for_selector(".gfx.g-team-comparison")

    # The server goes away: what is on air stays up while the overlay tries again.
    demo.stop()
    output.wait_for_selector('#stage[data-link="reconnecting"]', timeout=10_000)
    assert output.locator(".gfx.g-team-comparison").count() == 1
    demo.start()
    # Back: the same socket URL, the state from the database, live again.
    output.wait_for_selector('#stage[data-link="open"]', timeout=15_000)
    assert output.get_attribute("#stage", "data-graphic") == "team_comparison"
    console.reload()
    console.wait_for_selector('.gp-graphic[data-graphic="team_comparison"].is-program')
    panel.locator('.gp-graphic[data-graphic="leaders"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="leaders"].is-preview')
    panel.locator(".gp-take").click()
    output.wait_for_selector(".gfx.g-leaders", timeout=5_000)


def operator_on_game(browser, demo, game_id: str, errors: list[str], who: str):
    """An operator of their own (own session) on the game's console page."""
    page = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    page.on("pageerror", lambda exc: errors.append(f"{who}: {exc}"))
    log_in(page, demo)
    page.goto(f"{demo.url}/games/{game_id}/?rate=1")
    page.locator("#graphics-panel .gp-output").first.wait_for(timeout=15_000)
    return page


PICTURE = """() => {
  const panel = document.querySelector(".gp-output:not([hidden])");
  const text = (sel) => panel.querySelector(sel).textContent.trim();
  const visible = (name) => !panel.querySelector(`.gp-opt[data-option=${name}]`).hidden;
  return {
    preview: text('[data-field="preview"]'),
    program: text('[data-field="program"]'),
    cued: ["bug", "lower", "full"].map((l) => text(`[data-field="cued-${l}"]`)),
    on_air: ["bug", "lower", "full"].map((l) => text(`[data-field="program-${l}"]`)),
    team: visible("team") ? panel.querySelector("select[name=team]").value : null,
    player: visible("player") ? panel.querySelector("select[name=player]").value : null,
  };
}"""


def same_picture(first, second) -> dict:
    """Wait until two operators' panels show the same preview, program and options."""
    for _ in range(50):
        a, b = first.evaluate(PICTURE), second.evaluate(PICTURE)
        if a == b:
            return a
        first.wait_for_timeout(100)
    raise AssertionError(f"the two panels differ: {a} against {b}")


def test_two_operators_always_see_the_same_preview_and_program_and_take_airs_it(demo, browser):
    errors: list[str] = []
    setup = browser.new_page()
    log_in(setup, demo)
    game_id = next(g["id"] for g in setup.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    setup.goto(f"{demo.url}/games/{game_id}/?rate=1")
    setup.locator("#graphics-panel .gp-new button").click()
    overlay_url = setup.locator("#graphics-panel .gp-link input").first.input_value(timeout=10_000)
    setup.close()
    anna = operator_on_game(browser, demo, game_id, errors, "anna")
    ben = operator_on_game(browser, demo, game_id, errors, "ben")
    output = browser.new_page(viewport={"width": 1920, "height": 1080})
    output.goto(overlay_url)
    output.wait_for_selector('#stage[data-link="open"]')

    # Anna cues the box score of both teams: Ben's panel says so, and its team field too.
    anna.locator('.gp-graphic[data-graphic="box_score"]').click()
    ben.wait_for_selector('.gp-graphic[data-graphic="box_score"].is-preview')
    picture = same_picture(anna, ben)
    assert picture["preview"] == "Take airs Box score · both teams"
    assert picture["team"] == ""  # "Both teams", not whatever the field held before
    # Ben picks a team: Anna's preview and field follow.
    team_id = ben.locator("select[name=team] option").first.get_attribute("value")
    team_name = ben.locator("select[name=team] option").first.inner_text()
    ben.select_option("select[name=team]", team_id)
    anna.wait_for_function(
        "(t) => document.querySelector('[data-field=\"cued-full\"]').textContent.includes(t)",
        arg=team_name,
    )
    picture = same_picture(anna, ben)
    assert (picture["preview"], picture["team"]) == (f"Take airs Box score · {team_name}", team_id)

    # A lower third (a player), then a shot chart: no player carried over to the chart.
    anna.locator('.gp-graphic[data-graphic="lower_third"]').click()
    ben.wait_for_selector('.gp-graphic[data-graphic="lower_third"].is-preview')
    anna.locator('.gp-graphic[data-graphic="shot_chart"]').click()
    ben.wait_for_selector('.gp-graphic[data-graphic="shot_chart"].is-preview')
    picture = same_picture(anna, ben)
    assert picture["player"] == "" and picture["cued"][2] == f"Shot chart · {team_name}"
    lower = picture["cued"][1]
    assert lower.startswith("Lower third · ")

    # Ben takes everything cued with Enter: the output airs exactly that, on two layers.
    ben.locator("body").press("Enter")
    output.wait_for_selector(".layer-lower .gfx.g-lower-third")
    output.wait_for_selector(".layer-full .gfx.g-shot-chart")
    assert output.get_attribute("#stage", "data-graphic") == "lower_third shot_chart"
    assert output.text_content(".gfx-chart .sc-name") == team_name
    picture = same_picture(anna, ben)
    assert picture["on_air"] == ["Clear", lower, f"Shot chart · {team_name}"]
    assert picture["preview"] == "Nothing cued"

    # The scorebug joins on its own layer; clearing the full layer leaves the other two.
    anna.locator('.gp-graphic[data-graphic="scorebug"]').click()
    ben.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-preview')
    anna.locator('.gp-layer[data-layer="bug"] .gp-take-layer').click()
    output.wait_for_selector(".layer-bug .gfx.g-scorebug")
    ben.locator('.gp-layer[data-layer="full"] .gp-clear-layer').click()
    output.wait_for_selector(".layer-full .gfx", state="detached")
    assert output.get_attribute("#stage", "data-graphic") == "scorebug lower_third"
    # Anna reloads: her panel comes back to the server's picture, as Ben sees it.
    anna.reload()
    anna.locator("#graphics-panel .gp-output").first.wait_for()
    anna.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-program')
    picture = same_picture(anna, ben)
    assert picture["on_air"] == ["Scorebug", lower, "Clear"]
    # Both preview monitors show what Take would air: the program, nothing being cued.
    for page in (anna, ben):
        preview = page.frame_locator(".gp-monitor-preview iframe")
        preview.locator(".layer-bug .gfx.g-scorebug").wait_for()
        preview.locator(".layer-lower .gfx.g-lower-third").wait_for()
    # The preview monitor's title-safe guide: 5 % in from every edge (96 / 1920, 54 / 1080).
    guide = anna.evaluate("""() => {
      const box = (sel) => document.querySelector(`.gp-monitor-preview ${sel}`)
        .getBoundingClientRect();
      const screen = box(".gp-screen iframe");  // the picture, inside the monitor's border
      const safe = box(".gp-safe-title");
      return [(safe.left - screen.left) / screen.width, (safe.top - screen.top) / screen.height,
              (screen.right - safe.right) / screen.width,
              (screen.bottom - safe.bottom) / screen.height];
    }""")
    assert all(abs(inset - 0.05) < 0.005 for inset in guide), guide
    # Esc clears all.
    anna.locator("body").press("Escape")
    output.wait_for_selector(".gfx", state="detached", timeout=5_000)
    assert not errors, errors


def test_the_template_plays_and_stops_as_casparcg_drives_it(demo, browser, tmp_path):
    """CG ADD calls update(data) then play(); CG STOP calls stop(): pixels in, pixels out."""
    errors: list[str] = []
    setup = browser.new_page()
    log_in(setup, demo)
    game_id = next(g["id"] for g in setup.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    # The crew's script: an output from the command line, its template saved to CasparCG's
    # templates folder (a file: the server URL and the key are inside).
    created = subprocess.run(
        [sys.executable, "manage.py", "outputs", "create", game_id, "--name", "CasparCG",
         "--base-url", demo.url],
        cwd=ROOT, env=demo.env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    output = json.loads(created.stdout)
    template = tmp_path / "courtside.html"
    template.write_bytes(setup.request.get(output["template_url"] + "?download=1").body())

    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(template.as_uri())
    page.wait_for_selector('#stage[data-link="open"]')
    assert opaque_pixels(page, page.screenshot(omit_background=True))["outside"] == 0

    page.evaluate("""() => { update('{"graphic": "scorebug"}'); play(); }""")
    page.wait_for_selector(".gfx.g-scorebug.is-settled")
    box = page.evaluate("""() => {
      const r = document.querySelector(".gfx-scorebug").getBoundingClientRect();
      return [r.x, r.y, r.right, r.bottom];
    }""")
    area = (int(box[0]) - 60, int(box[1]) - 60, int(box[2]) + 60, int(box[3]) + 60)
    shown = opaque_pixels(page, page.screenshot(omit_background=True), area)
    assert shown["outside"] == 0 and shown["inside"] > (box[2] - box[0]) * (box[3] - box[1]) * 0.9
    page.evaluate("stop()")
    page.wait_for_selector(".gfx", state="detached", timeout=5_000)
    assert opaque_pixels(page, page.screenshot(omit_background=True))["outside"] == 0

    # XML templateData (older clients), then next(): the new graphic plays in.
    page.evaluate("""() => update('<templateData><componentData id="graphic">'
      + '<data id="text" value="leaders"/></componentData></templateData>')""")
    page.evaluate("next()")
    page.wait_for_selector(".gfx.g-leaders.is-settled")
    assert page.locator(".gfx").count() == 1
    assert page.text_content(".gfx-leaders .pn-title-main") == "Game leaders"
    page.evaluate("remove()")
    page.wait_for_selector(".gfx", state="detached", timeout=5_000)

    # Loaded by URL (PLAY 1-20 [HTML] url): nothing calls play(), the URL says what plays.
    by_url = browser.new_page(viewport={"width": 1920, "height": 1080})
    by_url.on("pageerror", lambda exc: errors.append(str(exc)))
    by_url.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    by_url.goto(output["template_url"] + "?autoplay=1&graphic=team_comparison")
    by_url.wait_for_selector(".gfx.g-team-comparison.is-settled")
    # SPX-GC reads the definition from the page, and the page's policy let it run.
    assert by_url.evaluate("window.SPXGCTemplateDefinition.DataFields[0].value") == "scorebug"
    assert not errors, errors


TITLE_SAFE = (96, 54, 1920 - 96, 1080 - 54)  # 90 % of 1920x1080: 1728x972
HOME_LAYER = {"scorebug": "bug", "lower_third": "lower"}  # the others: full
ARENA = "radial-gradient(120% 80% at 50% 110%, #5a4630, transparent 60%), #141a26"
BACKDROP = """(background) => {
  const el = document.createElement("div");
  el.id = "backdrop";
  el.style.cssText = `position: fixed; inset: 0; z-index: -1; background: ${background}`;
  document.body.prepend(el);
}"""
BOUNDS = """() => {
  const boxes = [];
  for (const el of document.querySelectorAll(".gfx:not(.is-out)")) {
    const r = el.firstElementChild.getBoundingClientRect();
    boxes.push([Math.floor(r.left), Math.floor(r.top), Math.ceil(r.right), Math.ceil(r.bottom)]);
  }
  return boxes;
}"""


def test_every_graphic_sits_inside_title_safe_at_1920x1080(demo, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    log_in(page, demo)
    game_id = next(g["id"] for g in page.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    state = page.request.get(f"{demo.url}/api/games/{game_id}/state").json()
    home = state["teams"][0]
    player = home["players"][0]["id"]
    page.goto(f"{demo.url}/games/{game_id}/?rate=1")
    page.locator("#graphics-panel .gp-new button").click()
    overlay_url = page.locator("#graphics-panel .gp-link input").first.input_value(timeout=10_000)
    key = overlay_url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{demo.url}/overlay/{key}/template.html")
    page.wait_for_selector('#stage[data-link="open"]')
    page.evaluate("play()")
    cases = [
        {"graphic": "scorebug"},
        {"graphic": "lower_third", "player": player},
        {"graphic": "team_comparison"},
        {"graphic": "team_comparison", "layer": "lower"},
        {"graphic": "shot_chart", "team": home["id"]},
        {"graphic": "mini_court"},
        {"graphic": "box_score"},
        {"graphic": "box_score", "team": home["id"]},
        {"graphic": "leaders"},
    ]
    outside = []
    for case in cases:
        page.evaluate("(fields) => update(JSON.stringify(fields))", case)
        layer = case.get("layer") or HOME_LAYER.get(case["graphic"], "full")
        page.wait_for_selector(
            f'.layer-{layer} .gfx[data-graphic="{case["graphic"]}"].is-settled:not(.is-out)'
        )
        page.wait_for_selector(".gfx.is-out", state="detached")
        for left, top, right, bottom in page.evaluate(BOUNDS):
            x0, y0, x1, y1 = TITLE_SAFE
            if left < x0 or top < y0 or right > x1 or bottom > y1:
                outside.append((case, (left, top, right, bottom)))
        name = "-".join([case["graphic"].replace("_", "-"), *(k for k in case if k != "graphic")])
        # The picture for a person: over a dark arena, as a vision mixer would key it.
        page.evaluate(BACKDROP, ARENA)
        page.screenshot(path=str(tmp_path / f"overlay-{name}.png"))
        page.evaluate("document.getElementById('backdrop').remove()")
        keep(tmp_path / f"overlay-{name}.png", f"overlay-{name}.png")
    assert not outside, outside

    # OBS puts the source on program: the graphic plays in again (OBS 30's browser source).
    page.evaluate("update(JSON.stringify({graphic: 'scorebug'}))")
    page.wait_for_selector(".layer-bug .gfx.g-scorebug.is-settled:not(.is-out)")
    page.evaluate(
        "window.dispatchEvent(new CustomEvent('obsSourceActiveChanged', {detail: {active: true}}))"
    )
    assert page.locator(".gfx.g-scorebug.is-in:not(.is-settled)").count() == 1
    page.wait_for_selector(".gfx.g-scorebug.is-settled")
    # Chromium 103 (OBS 30) has no color-mix(): without it the team chips keep the team colour.
    colour = page.evaluate("""() => {
      for (const sheet of document.styleSheets) {
        for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
          if (sheet.cssRules[i] instanceof CSSSupportsRule) sheet.deleteRule(i);
        }
      }
      const chip = document.querySelector(".gfx-scorebug .sb-home");
      return [getComputedStyle(chip).getPropertyValue("--team").trim(),
              getComputedStyle(chip).backgroundImage];
    }""")
    r, g, b = (int(colour[0][i : i + 2], 16) for i in (1, 3, 5))
    assert f"rgb({r}, {g}, {b})" in colour[1], colour


IN_VIEW = """(sel) => {
  const r = document.querySelector(sel).getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
}"""


def test_at_1366x768_the_console_fits_and_the_graphics_page_keeps_score_and_take_in_view(
    demo, browser, tmp_path
):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, demo)
    game_id = next(g["id"] for g in page.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    page.goto(f"{demo.url}/games/{game_id}/?rate=1")
    page.locator("#graphics-panel .gp-new button").wait_for()
    widths = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert widths[0] <= widths[1], f"the console scrolls sideways: {widths}"

    page.locator("#graphics-panel .gp-page-link").click()
    page.wait_for_url(f"**/games/{game_id}/on-air/")
    page.locator("#graphics-panel .gp-new button").click()
    page.locator('.gp-graphic[data-graphic="scorebug"]').click()
    page.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-preview')
    # Enter right after the click takes it (the graphic's button still has the focus).
    page.keyboard.press("Enter")
    page.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-program')
    page.keyboard.press("2")  # the second graphic: the lower third, cued
    page.wait_for_selector('.gp-graphic[data-graphic="lower_third"].is-preview')
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]")[0] <= 1366
    for sel in ("#scoreboard [data-score=home]", "[data-field=clock]", ".gp-take", ".gp-clear",
                '.gp-layer[data-layer="lower"] .gp-take-layer'):  # fmt: skip
        assert page.evaluate(IN_VIEW, sel), f"{sel} is out of view"
    page.wait_for_timeout(1500)  # the monitors' graphics settle, for the picture
    page.screenshot(path=str(tmp_path / "graphics-page.png"))
    keep(tmp_path / "graphics-page.png", "graphics-page.png")
    # Scrolled down to the program monitor, the score is still on screen.
    page.locator(".gp-monitor-program").scroll_into_view_if_needed()
    assert page.evaluate(IN_VIEW, "#scoreboard [data-score=home]")
    assert not errors, errors


# The overlay's on-air state as the server sends it (its first message on a socket of its own).
FIRST_STATE = """(path) => new Promise((resolve) => {
  const ws = new WebSocket(`ws://${location.host}${path}`);
  ws.onmessage = (event) => { resolve(JSON.parse(event.data)); ws.close(); };
})"""
# Screen pixels of court points (mm, the court frame) on the replay's court.
ON_SCREEN = """(points) => {
  const svg = document.querySelector(".gfx-replay .mc-svg");
  const m = svg.getScreenCTM();
  return points.map(([x, y]) => {
    const p = svg.createSVGPoint();
    p.x = x;
    p.y = -y;
    const q = p.matrixTransform(m);
    return [q.x, q.y];
  });
}"""
# For each screen point, the pixels of a colour within ``radius`` of it in a PNG.
COLOUR_NEAR = """async ([png, points, rgb, radius]) => {
  const image = new Image();
  image.src = "data:image/png;base64," + png;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  return points.map(([cx, cy]) => {
    let n = 0;
    for (let y = Math.round(cy - radius); y <= Math.round(cy + radius); y++) {
      for (let x = Math.round(cx - radius); x <= Math.round(cx + radius); x++) {
        const i = (y * image.width + x) * 4;
        if (Math.abs(data[i] - rgb[0]) <= 10 && Math.abs(data[i + 1] - rgb[1]) <= 10
            && Math.abs(data[i + 2] - rgb[2]) <= 10) n++;
      }
    }
    return n;
  });
}"""


def test_a_taken_replay_plays_the_recorded_positions_on_the_overlays_court(demo, browser, tmp_path):
    """Taken over the control API, the replay draws the frozen positions, then holds them."""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, demo)
    game_id = next(g["id"] for g in page.request.get(demo.url + "/api/games/").json()["games"]
                   if g["kind"] == "game")  # fmt: skip
    page.goto(f"{demo.url}/games/{game_id}/?rate=1")
    page.locator("#graphics-panel .gp-new button").click()
    overlay_url = page.locator("#graphics-panel .gp-link input").first.input_value(timeout=10_000)
    token = page.locator('#graphics-panel [data-field="control-token"]').input_value()
    key = overlay_url.rstrip("/").rsplit("/", 1)[1]

    # A Stream Deck button: take the last shot's replay, at half speed. Refused (in words)
    # until the relay has stored positions and the game has a shot.
    body = {"layer": "full", "graphic": "replay",
            "options": {"of": "shot", "seconds": 5, "speed": "0.5"}}  # fmt: skip
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    refusals = []
    for _ in range(120):
        taken = page.request.post(f"{demo.url}/api/outputs/{key}/take",
                                  data=json.dumps(body), headers=headers)  # fmt: skip
        if taken.ok:
            break
        assert taken.status == 400, taken.text()
        refusals.append(taken.json()["error"])
        page.wait_for_timeout(500)
    assert taken.ok, refusals[-3:]
    assert taken.json()["layers"]["full"]["program"]["label"] == (
        "Movement replay · Last shot · 5 s · ½ speed"
    )

    # The panel names it in the vocabulary's words, on air; a replay cued there says what
    # will air, with its fields and the rule it plays by.
    panel = page.locator("#graphics-panel")
    program = panel.locator('[data-field="program-full"]')
    program.filter(has_text="Movement replay · Last shot · 5 s · ½ speed").wait_for()
    panel.locator('.gp-graphic[data-graphic="replay"]').click()
    cued = panel.locator('[data-field="cued-full"]')
    cued.filter(has_text="Movement replay · Last shot · 8 s · Real speed").wait_for()
    panel.locator("select[name=speed]").select_option("0.25")
    cued.filter(has_text="Movement replay · Last shot · 8 s · ¼ speed").wait_for()
    assert panel.locator(".gp-replay-rule").is_visible()
    assert "holds its last frame" in panel.locator(".gp-replay-rule").inner_text()
    preview = page.frame_locator(".gp-monitor-preview iframe")
    preview.locator('.gfx.g-replay[data-replay="cued"]:not(.is-out)').wait_for()
    page.wait_for_timeout(600)
    panel_shot = tmp_path / "overlay-panel-replay.png"
    panel.screenshot(path=str(panel_shot), animations="disabled")

    output = browser.new_page(viewport={"width": 1920, "height": 1080})
    output.on("pageerror", lambda exc: errors.append(f"output: {exc}"))
    output.goto(overlay_url)
    state = output.evaluate(FIRST_STATE, f"/ws/overlay/{key}/")
    data = state["layers"]["full"]["data"]
    clip = data["clip"]
    assert len(clip["frames"]) >= 20 and clip["shot"]
    output.wait_for_selector('.gfx.g-replay[data-replay="playing"]')

    # Mid-play, once the shot's result is up: the picture a crew sees (over a dark arena).
    output.wait_for_selector(".gfx-replay .rp-result:not([hidden])", timeout=20_000)
    assert output.text_content(".rp-result .rp-word") in ("Made", "Missed")
    output.evaluate(BACKDROP, ARENA)
    playing = tmp_path / "overlay-replay.png"
    output.screenshot(path=str(playing))
    keep(playing, "overlay-replay.png")
    output.evaluate("document.getElementById('backdrop').remove()")
    for left, top, right, bottom in output.evaluate(BOUNDS):
        x0, y0, x1, y1 = TITLE_SAFE
        assert x0 <= left and y0 <= top and right <= x1 and bottom <= y1, (left, top, right, bottom)

    # Played once, it holds the last frame: each player is drawn where the log had them.
    output.wait_for_selector('.gfx.g-replay[data-replay="held"]', timeout=20_000)
    last = clip["frames"][-1]
    ours = [(pid, pos) for pid, pos in last["players"].items() if pid in data["players"]]
    assert len(ours) >= 6
    points = output.evaluate(ON_SCREEN, [pos for _, pos in ours])
    png = base64.b64encode(output.screenshot(omit_background=True)).decode()
    drawn = 0
    for side in ("home", "away"):
        rgb = [int(data[side]["colour"][i : i + 2], 16) for i in (1, 3, 5)]
        mine = [point for (pid, _), point in zip(ours, points, strict=True)
                if data["players"][pid]["side"] == side]  # fmt: skip
        counts = output.evaluate(COLOUR_NEAR, [png, mine, rgb, 16])
        drawn += sum(1 for n in counts if n >= 40)
    assert drawn >= len(ours) - 2, f"{drawn} of {len(ours)} players drawn at their positions"

    # A scorebug taken over it leaves the replay held as it is (it does not play again).
    shown = output.get_attribute(".gfx.g-replay", "data-shown-at")
    page.request.post(f"{demo.url}/api/outputs/{key}/take", data='{"graphic": "scorebug"}',
                      headers=headers)  # fmt: skip
    output.wait_for_selector(".gfx.g-scorebug")
    assert output.get_attribute(".gfx.g-replay", "data-shown-at") == shown
    assert output.get_attribute(".gfx.g-replay", "data-replay") == "held"

    # Clear: off the air.
    page.request.post(f"{demo.url}/api/outputs/{key}/clear", data="{}", headers=headers)
    output.wait_for_selector(".gfx", state="detached", timeout=5_000)
    assert not errors, errors
