"""The coach views in headless Chromium at tablet sizes, on a game and a practice recorded
from the emulator's simulator and season numbers from the emulator's team endpoints.

Screenshots go to docs/screenshots/coach-*.png (landscape under the plain names) when
COURTSIDE_UPDATE_SCREENSHOTS=1 is set, to a temporary folder otherwise.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from broadcast.models import FeedEvent, Game, LiveSession
from dashboard.models import CoachProfile
from dashboard.roles import COACH, ensure_role_groups
from shottracker.emulator import Emulator
from shottracker.emulator.simulator import (
    EventSimulator,
    FeedMessage,
    SessionStarted,
    Team,
)
from tests.browser.chromium import chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
ARTIFACTS = Path(tempfile.gettempdir()) / "courtside-screenshots"
VIEWPORTS = {"landscape": (1024, 768), "portrait": (768, 1024)}
MIN_TOUCH_PX = 44
# Interactive elements of the coach pages (the shared top bar is the console's).
CONTROLS = "main a[href], main button, main input:not([type=radio]), main .c-seg-item"


# -- the emulator, in a thread of its own ------------------------------------------------------


class EmulatorThread:
    """An emulator serving on port 0 from its own event loop in a daemon thread."""

    def __init__(self, **options: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.emulator = Emulator(port=0, ws_port=0, **options)
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> Emulator:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.emulator.start(), self.loop).result(30)
        return self.emulator

    def __exit__(self, *exc_info: object) -> None:
        asyncio.run_coroutine_threadsafe(self.emulator.stop(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with EmulatorThread(seed=7, games=0, autostart_games=False, loop_test=False,
                        history_weeks=30) as emu:  # fmt: skip
        yield emu


# -- recording a simulated event as the relay stores it ------------------------------------------


def roster(team: Team) -> dict[str, Any]:
    return {"id": team.id, "name": team.name, "players": [
        {"id": p.id, "first_name": p.first_name, "last_name": p.last_name,
         "display_name": p.display_name, "jersey_number": p.jersey_number,
         "position": p.position} for p in team.players]}  # fmt: skip


def record(kind: str, teams: list[Team], minutes_ago: float, seed: int) -> Game:
    """An event that started ``minutes_ago``, simulated up to now and stored as the relay does."""
    now = int(time.time() * 1000)
    start_ms = now - int(minutes_ago * 60_000)
    sim = EventSimulator(seed=seed, kind=kind, teams=teams, start_ms=start_ms, location_hz=10)
    game = Game.objects.create(
        event_id=sim.event_id, name=sim.name, kind=kind, status=Game.Status.LIVE,
        teams=[roster(t) for t in teams])  # fmt: skip
    rows = [FeedEvent(game=game, live_id="", kind="roster", received_ms=now, seq=1,
                      payload={"teams": [roster(t) for t in teams]})]  # fmt: skip
    batches: dict[int, list[dict]] = {}
    live_id = ""
    for emission in sim.advance(now):
        if isinstance(emission, SessionStarted):
            s = emission.session
            live_id = s.live_id
            LiveSession.objects.create(game=game, live_id=s.live_id, session_type=s.type,
                                       period=s.period, started_at_ms=s.started_at)  # fmt: skip
            payload = {"live_id": s.live_id, "session_type": s.type, "period": s.period,
                       "started_at": s.started_at}  # fmt: skip
            rows.append(FeedEvent(game=game, live_id=s.live_id, kind="session",
                                  received_ms=s.started_at + 50, payload=payload))  # fmt: skip
        elif isinstance(emission, FeedMessage):
            message = emission.message
            at = message["data"]["occurred_at"]
            if message["type"] == "location":
                batches.setdefault(at // 1000, []).append(message["data"])
            else:
                rows.append(FeedEvent(game=game, live_id=live_id, kind=message["type"],
                                      received_ms=at + 50, payload=message))  # fmt: skip
    for i, row in enumerate(rows[1:], start=2):
        row.seq = i
    rows += [
        FeedEvent(game=game, live_id="", kind="locations", received_ms=second * 1000 + 1000,
                  payload={"messages": messages})
        for second, messages in sorted(batches.items())
    ]  # fmt: skip
    FeedEvent.objects.bulk_create(rows, batch_size=500)
    return game


@pytest.fixture
def scene(live_server, settings, emulator) -> dict[str, Any]:
    """A coach of the emulator's first home team, a game in the first half and a practice."""
    settings.SHOTTRACKER_API_URL = emulator.api_url
    settings.ROOT_URLCONF = "tests.dashboard.coach.urls"  # until courtside/urls.py mounts /coach/
    home, away = emulator.league[1], emulator.league[2]
    game = record("game", [home, away], minutes_ago=9, seed=11)
    practice = record("practice", [home], minutes_ago=12.5, seed=12)
    ensure_role_groups()
    user = User.objects.create_user("coach", password="pw-courtside")
    user.groups.add(Group.objects.get(name=COACH))
    CoachProfile.objects.create(user=user, team_id=home.id, team_name=home.name)
    client = Client()
    client.force_login(user)
    base = f"{live_server.url}/coach/teams/{home.id}"
    return {
        "cookie": client.cookies["sessionid"].value,
        "team": home,
        "live": f"{base}/games/{game.event_id}/",
        "practice": f"{base}/practices/{practice.event_id}/",
        "season": f"{base}/season/",
        "host": live_server.url,
    }


@pytest.fixture(scope="module")
def browser(django_db_setup):
    """Chromium, driven by Playwright's sync API.

    That API keeps an event loop running in this thread, which Django would take for an
    async context; the test's own ORM calls are plain sync code, so they are allowed.
    """
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with chromium() as launched:
            yield launched
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@dataclass
class Tablet:
    page: Any
    orientation: str


@pytest.fixture(params=list(VIEWPORTS))
def tablet(request, browser, scene):
    """A logged-in coach's tablet, held in landscape or portrait."""
    width, height = VIEWPORTS[request.param]
    # Playwright's wait_for_function evaluates its predicate with eval, which the pages'
    # CSP forbids; tests/security/test_browser_csp.py checks the CSP without this bypass.
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=1, has_touch=True,
                                  bypass_csp=True)  # fmt: skip
    context.add_cookies([{"name": "sessionid", "value": scene["cookie"], "url": scene["host"]}])
    yield Tablet(context.new_page(), request.param)
    context.close()


def assert_tablet_ready(page) -> None:
    """No sideways scrolling, every control big enough to tap, type big enough to read."""
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    small = page.evaluate(
        """([selector, min]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null)
            .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
            .filter(([, r]) => r.width > 0 && (r.height < min || r.width < min))
            .map(([text, r]) => `${text} ${Math.round(r.width)}x${Math.round(r.height)}`)""",
        [CONTROLS, MIN_TOUCH_PX],
    )
    assert small == [], f"controls smaller than {MIN_TOUCH_PX}px: {small}"
    tiny = page.evaluate(
        """() => [...document.querySelectorAll('main p, main td, main th, main li, main a')]
            .filter(el => el.offsetParent !== null && el.textContent.trim())
            .filter(el => parseFloat(getComputedStyle(el).fontSize) < 14)
            .map(el => el.textContent.trim().slice(0, 30))"""
    )
    assert tiny == [], f"text smaller than 14px: {tiny}"


def shoot(tablet: Tablet, name: str) -> None:
    # The README's pictures are refreshed on request only, so a test run leaves the tree clean.
    target = SCREENSHOTS if os.environ.get("COURTSIDE_UPDATE_SCREENSHOTS") == "1" else ARTIFACTS
    target.mkdir(parents=True, exist_ok=True)
    suffix = "" if tablet.orientation == "landscape" else "-portrait"
    tablet.page.evaluate("window.scrollTo(0, 0)")  # the top bar sticks to the top
    tablet.page.screenshot(path=str(target / f"coach-{name}{suffix}.png"), full_page=True)


# -- the pages ------------------------------------------------------------------------------


def test_the_live_view_reads_well_on_a_tablet_and_keeps_itself_current(tablet, scene):
    page = tablet.page
    page.goto(scene["live"])
    page.wait_for_selector("#live-panel .c-scoreboard")
    assert scene["team"].name in page.inner_text(".c-side.is-own")
    assert page.locator(".c-lineup .c-player").count() == 5
    # The team's average over the range arrives by itself and colours the chart against it.
    page.wait_for_selector("text=shots in games over the last 90 days", timeout=30_000)
    # htmx polls the panel: a newer panel replaces the old one within a few seconds.
    first = page.get_attribute("#live-panel", "data-updated")
    page.wait_for_function(
        "(v) => document.querySelector('#live-panel').dataset.updated !== v", arg=first,
        timeout=8_000)  # fmt: skip
    # Tapping a player shows their heat map, and the next polls keep that player.
    chip = page.locator(".c-heat .c-chip").nth(2)
    name = chip.inner_text().split(" ", 1)[1].strip()
    chip.tap()
    page.wait_for_selector(f"#heat-title:has-text('{name}')")
    assert "player=" in page.url
    assert page.locator(".c-heat-cell").count() > 10
    assert_tablet_ready(page)
    shoot(tablet, "live")


def test_a_lost_connection_is_shown_and_clears_when_the_wifi_is_back(tablet, scene):
    page = tablet.page
    page.goto(scene["live"])
    page.wait_for_selector("#live-panel")
    page.route("**/panel*", lambda route: route.abort("internetdisconnected"))
    page.wait_for_selector("#c-conn", state="visible", timeout=8_000)
    assert "Connection lost" in page.inner_text("#c-conn")
    assert page.locator("#live-panel .c-scoreboard").is_visible()  # the numbers stay
    page.unroute("**/panel*")
    page.wait_for_selector("#c-conn", state="hidden", timeout=8_000)


def test_the_practice_view_follows_the_drills(tablet, scene):
    page = tablet.page
    page.goto(scene["practice"])
    page.wait_for_selector("#practice-panel .c-drills")
    drills = page.locator(".c-drill")
    assert drills.count() == 3
    assert "is-active" in drills.nth(2).get_attribute("class")
    assert "Drill 3" in page.text_content(".c-clock-period")
    drills.nth(1).tap()  # the scrimmage before
    page.wait_for_selector("#boards-title:has-text('Drill 2 leaders')")
    assert page.locator(".c-board").count() == 4  # points, rebounds, assists, FG%
    shooter = page.locator(".c-shooting .c-rowlink").first
    name = shooter.inner_text().strip()
    shooter.tap()
    page.wait_for_selector(f"#pzones-title:has-text('{name} by zone')")
    assert_tablet_ready(page)
    drills.nth(0).tap()  # the shooting drill around the arc
    page.wait_for_selector("#boards-title:has-text('Drill 1 leaders')")
    shoot(tablet, "practice")


def test_the_season_view_loads_a_year_in_two_requests(tablet, scene):
    page = tablet.page
    page.goto(scene["season"])
    page.get_by_role("link", name="Last 12 months").tap()
    page.wait_for_selector("text=fetched as 2 requests of up to 8 months")
    # A cold year means simulating the emulator's whole history: allow for it.
    page.wait_for_function("document.querySelectorAll('.c-loading').length === 0",
                           timeout=90_000)  # fmt: skip
    assert page.locator(".c-problem").count() == 0
    assert page.locator("[data-board]").count() == 7
    assert page.locator(".c-trend").count() >= 4
    assert page.locator(".c-zonechart .c-zone").count() == 14
    page.locator(".c-scopes .c-seg-item", has_text="Shooting drills").tap()
    page.wait_for_url("**scope=shooting**")
    page.wait_for_function("document.querySelectorAll('.c-loading').length === 0",
                           timeout=90_000)  # fmt: skip
    assert page.locator(".c-problem").count() == 0
    assert page.locator("[data-board]").count() == 7
    page.locator(".c-scopes .c-seg-item", has_text="Games").tap()
    page.wait_for_url("**scope=game**")
    page.wait_for_function("document.querySelectorAll('.c-loading').length === 0",
                           timeout=90_000)  # fmt: skip
    assert_tablet_ready(page)
    shoot(tablet, "season")
