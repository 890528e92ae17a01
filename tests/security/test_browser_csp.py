"""Chromium's verdict: the console, the coach views and the overlay run with no CSP violation.

Against ``manage.py demo`` (as tests/browser): an operator logs in, opens the games page
and a live game (court, shot chart, socket, graphics panel), makes an output, puts a
graphic on air and opens the output and its preview; the demo's coach opens the team,
the live game and the season page and switches its scope (the page's inline handler).
Every frame of every page reports its ``securitypolicyviolation`` events, and the
console's "Refused to …" lines are collected too; there must be none.
"""

from __future__ import annotations

import re

import pytest

from dashboard.roles import DEMO_COACH
from tests.browser.test_console import browser, demo  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


class Violations:
    """What the pages of a browser context said about the policy."""

    def __init__(self) -> None:
        self.console: list[str] = []
        self.errors: list[str] = []
        self.pages = []

    def watch(self, page) -> None:
        self.pages.append(page)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.console.append(text)

    def collected(self) -> list[str]:
        found = list(self.console)
        for page in self.pages:
            if page.is_closed():
                continue
            for frame in page.frames:
                try:
                    found += frame.evaluate("window.__csp || []")
                except Exception:  # a frame navigating away
                    continue
        return found


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_the_pages_run_without_a_single_csp_violation(demo, browser):  # noqa: F811
    seen = Violations()
    try:
        visit_every_kind_of_page(demo, browser, seen)
    except Exception as exc:
        raise AssertionError(f"{exc}\nCSP violations so far: {seen.collected()}") from exc
    violations = seen.collected()
    assert violations == [], "\n".join(violations)
    assert seen.errors == [], seen.errors


def visit_every_kind_of_page(site, chromium, seen: Violations) -> None:
    """The operator's and the coach's way through the pages (each step waits for its page)."""
    operator = chromium.new_context(viewport={"width": 1600, "height": 1000})
    operator.add_init_script(RECORD_VIOLATIONS)
    console = operator.new_page()
    seen.watch(console)
    log_in(console, site.url, site.username, site.password)
    game = console.locator(".game-card.status-live", has=console.locator(".gc-team-score")).first
    game.wait_for(timeout=30_000)
    game.locator("a").click()
    console.wait_for_url(re.compile(r".*/games/[^/]+/$"))
    console.wait_for_selector('#link-state[data-state="connected"]', timeout=15_000)
    console.wait_for_selector("#court-waiting", state="detached", timeout=15_000)

    panel = console.locator("#graphics-panel")
    panel.locator(".gp-new input[name=name]").fill("Program")
    panel.locator(".gp-new button").click()
    overlay_url = panel.locator(".gp-link input").first.input_value(timeout=10_000)
    panel.locator('.gp-graphic[data-graphic="scorebug"]').click()
    console.wait_for_selector('.gp-graphic[data-graphic="scorebug"].is-preview')
    panel.locator(".gp-take").click()

    output = operator.new_page()
    seen.watch(output)
    output.goto(overlay_url)
    output.wait_for_selector(".gfx.g-scorebug", timeout=10_000)
    preview = operator.new_page()
    seen.watch(preview)
    preview.goto(overlay_url.rstrip("/") + "/preview/")
    preview.wait_for_selector("#stage", timeout=10_000)
    console.wait_for_timeout(1500)  # a few deltas, frames and htmx polls on every page

    coaching = chromium.new_context(viewport={"width": 1024, "height": 768})
    coaching.add_init_script(RECORD_VIOLATIONS)
    coach = coaching.new_page()
    seen.watch(coach)
    log_in(coach, site.url, *DEMO_COACH)
    coach.goto(site.url + "/coach/")
    coach.wait_for_url(re.compile(r".*/coach/teams/\d+/$"))
    live = coach.locator("main a[href*='/games/']").first
    live.wait_for(timeout=30_000)
    live.click()
    coach.wait_for_url(re.compile(r".*/coach/teams/\d+/games/[^/]+/$"))
    coach.wait_for_timeout(2500)  # the panel refreshes every 2 s
    coach.goto(re.sub(r"games/[^/]+/$", "season/", coach.url))
    for section in ("leaders", "trends", "zones", "events"):
        coach.wait_for_selector(f"#section-{section} .c-loading", state="detached", timeout=60_000)
    scope = coach.locator(".c-scopes .c-seg-item:not(.is-on)").first
    with coach.expect_navigation():
        scope.click()  # onchange="this.form.requestSubmit()": allowed by its hash
    coach.wait_for_load_state()
    coach.wait_for_timeout(500)
