"""The console's side of the harness: an operator's session, page renders, canvas draws.

These run in the harness process with Django set up against the harness's database
(``bench.run`` configures it before importing this module).
"""

from __future__ import annotations

import json
import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from bench.loadclient import percentile
from dashboard.roles import OPERATOR, ensure_role_groups

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAGE_ORIGIN = "http://courtside.bench"  # answered by the page's routes, never the network
BENCH_OPERATOR = "bench-operator"


def operator_client() -> Client:
    """A Django test client logged in as an operator (created if needed)."""
    ensure_role_groups()
    user, _ = User.objects.get_or_create(username=BENCH_OPERATOR)
    user.groups.add(Group.objects.get(name=OPERATOR))
    client = Client(HTTP_HOST="127.0.0.1")  # an allowed host of the production settings
    client.force_login(user)
    return client


def operator_cookie() -> str:
    """An operator's session cookie (stored in the database, valid for every daphne)."""
    return f"sessionid={operator_client().cookies['sessionid'].value}"


@dataclass
class Timings:
    """Milliseconds of repeated runs."""

    count: int
    first_ms: float
    p50_ms: float
    p95_ms: float
    max_ms: float

    @classmethod
    def of(cls, values: list[float]) -> Timings:
        return cls(
            len(values), values[0], percentile(values, 0.5), percentile(values, 0.95), max(values)
        )


def render_times(game_id: str, count: int) -> Timings:
    """Render the console's game page ``count`` times (after one warm-up) as an operator."""
    client = operator_client()
    url = reverse("console-game", args=[game_id])
    times = []
    for _ in range(count + 1):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
    return Timings.of(times[1:]) if count > 1 else Timings.of(times)


# Runs in the page: a second CourtCanvas over the page's own canvas (same size, same CSS),
# its animation loop held so that only the timed calls draw; ten players and a ball with
# three seconds of trail, 300 shots; every draw timed alone and with a pixel read that
# makes Chromium rasterize what was drawn.
_DRAW = """async ([shots, frames, iterations]) => {
  const config = JSON.parse(document.getElementById("console-data").textContent);
  const real = document.getElementById("court");
  const rect = real.getBoundingClientRect();
  const canvas = document.createElement("canvas");
  canvas.style.cssText = `position:fixed;left:${rect.left}px;top:${rect.top}px;` +
    `width:${rect.width}px;height:${rect.height}px;z-index:9999`;
  document.body.appendChild(canvas);
  const raf = window.requestAnimationFrame;
  window.requestAnimationFrame = () => 0;
  try {
    const court = new window.CourtCanvas(canvas, { court: config.court, teams: config.teams });
    court.setShots(shots);
    const warm = frames.slice(0, 75);
    for (const f of warm) court.pushFrame(f);
    const g = canvas.getContext("2d");
    const draw = [], flushed = [];
    for (let i = 0; i < iterations; i++) {
      court.pushFrame(frames[(75 + i) % frames.length]);
      const now = performance.now();
      const t0 = performance.now();
      court._tick(now + 20);
      const t1 = performance.now();
      g.getImageData(0, 0, 1, 1);
      const t2 = performance.now();
      draw.push(t1 - t0);
      flushed.push(t2 - t0);
    }
    const { width, height } = canvas;
    return { draw, flushed, width, height, sprites: court.sprites.size };
  } finally {
    window.requestAnimationFrame = raf;
  }
}"""


def synthetic_frames(state: dict, count: int) -> list[dict]:
    """``count`` frames 40 ms apart: the state's ten first players and the ball, running."""
    import math

    players = [p["id"] for team in state["teams"] for p in team["players"][:5]]
    t0 = 1_700_000_000_000
    frames = []
    for n in range(count):
        t = t0 + n * 40
        positions = {}
        for i, pid in enumerate(players):
            angle = n / 25 + i
            positions[str(pid)] = [
                int(9000 * math.cos(angle) + 600 * i - 3000),
                int(5000 * math.sin(angle * 1.3)),
                0,
            ]
        ball = [int(12000 * math.sin(n / 40)), int(4000 * math.cos(n / 30)), 1500 + (n % 25) * 80]
        frames.append({"type": "frame", "t": t, "players": positions, "ball": ball})
    return frames


def three_hundred_shots(state: dict) -> list[dict]:
    """The game's shots, repeated with new times until there are 300."""
    shots = [s for s in state["shots"] if s.get("status") != "DELETED"] or state["shots"]
    if not shots:
        raise RuntimeError("the finished game has no shot")
    out = []
    for n in range(300):
        shot = dict(shots[n % len(shots)])
        shot["occurred_at"] = shot["occurred_at"] + (n // len(shots)) * 3_600_000
        shot["id"] = f"{shot.get('id', 'shot')}-{n}"
        out.append(shot)
    return out


@dataclass
class CanvasTimings:
    draw: Timings
    flushed: Timings
    size: str


def canvas_draw_times(game_id: str, iterations: int) -> CanvasTimings:
    """Time ``CourtCanvas`` drawing a frame on the game page in headless Chromium."""
    from playwright.sync_api import sync_playwright

    client = operator_client()
    page_path = reverse("console-game", args=[game_id])
    html = client.get(page_path).content
    state = json.loads(client.get(reverse("api-game-state", args=[game_id])).content)

    def route(route) -> None:
        path = route.request.url.removeprefix(PAGE_ORIGIN)
        if path.split("?")[0] == page_path:
            route.fulfill(status=200, body=html, content_type="text/html; charset=utf-8")
            return
        if path.startswith(settings.STATIC_URL):
            # Collected files, under the hashed names the page asks for.
            found = Path(settings.STATIC_ROOT) / path.removeprefix(settings.STATIC_URL)
            found = Path(str(found).split("?")[0])
            if found.is_file():
                kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
                route.fulfill(status=200, body=found.read_bytes(), content_type=kind)
                return
        route.fulfill(status=404, body=b"")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            page.route(PAGE_ORIGIN + "/**", route)
            page.goto(PAGE_ORIGIN + page_path)
            page.wait_for_function("window.CourtCanvas !== undefined", timeout=15_000)
            result = page.evaluate(
                _DRAW, [three_hundred_shots(state), synthetic_frames(state, 400), iterations]
            )
        finally:
            browser.close()
    if result["sprites"] < 11:
        raise RuntimeError(f"the canvas drew {result['sprites']} sensors, not ten and a ball")
    return CanvasTimings(
        Timings.of(result["draw"]),
        Timings.of(result["flushed"]),
        f"{result['width']}x{result['height']}",
    )
