"""The tournament wall in headless Chromium on the production-shaped stack.

The emulator (``python -m shottracker.emulator``, three games), the relay and a web
process run as processes over Redis and the test database; the emulator stalls one
game's feed (its sockets stay open, pings are answered) and the wall must show that
game's "feed silent" alert within 2 s of the silence passing 10 s, and not before.
``COURTSIDE_UPDATE_SCREENSHOTS=1`` refreshes docs/screenshots/wall.png from this run.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME
from shottracker.signing import HmacAuth
from tests.browser.chromium import chromium
from tests.stack import ROOT, RelayProcess, WebProcess, ensure_operator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.timeout(240)]  # fmt: skip

USERNAME, PASSWORD = "wall-operator", "wall-operator-password"
SILENT_S = 10


@dataclass
class EmulatorProcess:
    process: subprocess.Popen
    api_url: str
    ws_url: str


@pytest.fixture
def emulator(tmp_path) -> Iterator[EmulatorProcess]:
    """Three games at 6x with 20-minute halves: live for the whole test."""
    log = open(tmp_path / "emulator.log", "w+")  # noqa: SIM115  (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "shottracker.emulator", "--port", "0", "--ws-port", "0",
         "--games", "3", "--speed", "6", "--location-hz", "5", "--seed", "17"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
    )  # fmt: skip
    urls: dict[str, str] = {}
    try:
        while len(urls) < 2:
            line = process.stdout.readline()
            assert line, f"the emulator stopped: {log.seek(0) or log.read()[-2000:]}"
            label, _, url = line.partition(": ")
            if label in ("REST API", "Live feed"):
                urls[label] = url.strip()
        yield EmulatorProcess(process, urls["REST API"], urls["Live feed"])
    finally:
        process.terminate()
        process.wait(15)
        process.stdout.close()
        log.close()


def live_games(emulator: EmulatorProcess) -> dict[str, str]:
    """event id -> live id of the games live now."""
    auth = HmacAuth(MOCK_USERNAME, MOCK_SECRET)
    live = httpx.get(emulator.api_url + "/v1/data/live/_search", auth=auth).json()["live"]
    return {e["event"]["id"]: e["id"] for e in live if e["type"] == "GAME_ROUND"}


def test_the_wall_shows_a_stalled_feed_within_two_seconds_of_ten_seconds_silence(
    emulator, redis_url, tmp_path
):
    ensure_operator(USERNAME, PASSWORD)
    web = WebProcess(redis_url, log_path=tmp_path / "web.log")
    # Production serves collected static files (the Dockerfile collects them at build).
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROOT, env=web.env, check=True)  # fmt: skip
    relay = RelayProcess(emulator, redis_url, [], log_path=tmp_path / "relay.log")
    relay.start()
    web.start()
    try:
        asyncio.run(relay.ready())
        asyncio.run(web.ready())
        games = live_games(emulator)
        assert len(games) == 3
        with chromium() as browser:
            page = browser.new_page(viewport={"width": 1600, "height": 900})  # with the CSP
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(web.url + "/accounts/login/?next=/wall/")
            page.fill("input[name=username]", USERNAME)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(web.url + "/wall/")
            for event_id in games:
                page.wait_for_selector(f'.wall-tile[data-game="{event_id}"][data-status="live"]',
                                       timeout=30_000)  # fmt: skip
            stalled, live_id = next(iter(games.items()))
            tile = f'.wall-tile[data-game="{stalled}"]'
            assert page.locator(f"{tile} .alert-silent").count() == 0

            stall = f"{emulator.api_url}/mock/courtside/do/live/{live_id}/stall"
            assert httpx.put(stall, params={"seconds": 40}).status_code == 204
            stalled_at = time.monotonic()
            page.wait_for_selector(f"{tile} .alert-silent", timeout=(SILENT_S + 5) * 1000)
            shown_after = time.monotonic() - stalled_at

            # The last data came up to 0.2 s (locations at 5 Hz) before the stall began.
            assert SILENT_S - 0.3 <= shown_after <= SILENT_S + 2, f"shown {shown_after:.1f} s after"
            assert "Feed silent" in page.locator(f"{tile} .alert-silent").inner_text()
            others = [f'.wall-tile[data-game="{g}"] .alert-silent' for g in games if g != stalled]
            assert all(page.locator(other).count() == 0 for other in others)
            if os.environ.get("COURTSIDE_UPDATE_SCREENSHOTS") == "1":
                page.screenshot(path=str(ROOT / "docs" / "screenshots" / "wall.png"))
            # A click opens that game's console.
            page.click(tile)
            page.wait_for_url(f"{web.url}/games/{stalled}/")
            assert errors == []
    finally:
        relay.stop()
        web.stop()
