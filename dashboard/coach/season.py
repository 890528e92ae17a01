"""The season page: a team's numbers over a chosen from/to, from ShotTracker's team endpoints.

Season figures count finished events only: an event still going on (no ``ended_at``)
is left out of totals, leaderboards, trends, zones and the events list, and shown apart,
marked live (``teamdata.finished_range``).

The page renders the range form at once; each section (leaderboards, trends, zones,
events) then loads on its own (``hx-trigger="load"``), so a slow or refused request
leaves the others readable and says what went wrong in plain words. Dates are whole UTC
days: ``from`` starts at 00:00:00.000 of its day and ``to`` ends at 23:59:59.999 of its.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from dashboard.coach import charts, teamdata
from dashboard.coach.access import coach_required
from dashboard.coach.analytics import (
    BOARDS,
    compare_zones,
    csv_safe,
    leaderboard,
    player_csv_rows,
    team_line,
    trend_csv_rows,
    zone_cells,
)
from dashboard.coach.views import team_name

DEFAULT_DAYS = 90
QUICK_RANGES = (("Last 30 days", 30), ("Last 90 days", 90), ("Last 12 months", 365))
TREND_CHARTS = (
    ("PTS", "Points"), ("FG_PCT", "FG%"), ("FG3_PCT", "3P%"), ("FT_PCT", "FT%"),
    ("REB", "Rebounds"), ("AST", "Assists"),
)  # fmt: skip
SECTIONS = ("leaders", "trends", "zones", "events")
UTF8_BOM = "\ufeff"
EVENTS_SHOWN = 12  # the events list shows the newest; the CSV has every one


@dataclass(frozen=True)
class Choice:
    """The range and scope the coach chose, or the problem with what they typed."""

    first: date
    last: date
    scope: str
    problem: teamdata.Problem | None = None

    @property
    def from_ms(self) -> int:
        return int(datetime(self.first.year, self.first.month, self.first.day, tzinfo=UTC)
                   .timestamp() * 1000)  # fmt: skip

    @property
    def to_ms(self) -> int:
        end = datetime(self.last.year, self.last.month, self.last.day, tzinfo=UTC)
        return int((end + timedelta(days=1)).timestamp() * 1000) - 1

    @property
    def query(self) -> str:
        return f"from={self.first.isoformat()}&to={self.last.isoformat()}&scope={self.scope}"

    @property
    def windows(self) -> int:
        return teamdata.window_count(self.from_ms, self.to_ms)


def _today() -> date:
    return datetime.now(UTC).date()


def choice_of(request: HttpRequest) -> Choice:
    """The range from ``from``/``to`` (YYYY-MM-DD) and ``scope``; defaults: the last 90 days."""
    today = _today()
    scope = request.GET.get("scope") or "game"
    if scope not in teamdata.SCOPES:
        scope = "game"
    default_first = today - timedelta(days=DEFAULT_DAYS - 1)
    try:
        first = date.fromisoformat(request.GET.get("from") or default_first.isoformat())
        last = date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        problem = teamdata.Problem(
            "These dates could not be read", "Use the date pickers, or dates like 2025-01-31."
        )
        return Choice(default_first, today, scope, problem)
    if first > last:
        problem = teamdata.Problem(
            "The start is after the end",
            f"{first:%d %b %Y} comes after {last:%d %b %Y}. Pick a start date before the end.",
        )
        return Choice(first, last, scope, problem)
    return Choice(first, last, scope)


def _quick(days: int, scope: str) -> str:
    today = _today()
    first = today - timedelta(days=days - 1)
    return f"from={first.isoformat()}&to={today.isoformat()}&scope={scope}"


@require_GET
@coach_required
def season(request: HttpRequest, team_id: int) -> HttpResponse:
    """The season page: the range form, then each section loads by itself."""
    choice = choice_of(request)
    return render(
        request,
        "coach/season.html",
        {
            "team_id": team_id,
            "team_name": team_name(request, team_id),
            "tab": "season",
            "choice": choice,
            "scopes": [(s.key, s.title) for s in teamdata.SCOPES.values()],
            "quick": [(title, _quick(days, choice.scope)) for title, days in QUICK_RANGES],
            "sections": SECTIONS,
            "section_url": reverse("coach:season", kwargs={"team_id": team_id}),
            "csv_url": reverse("coach:season-csv", kwargs={"team_id": team_id}),
        },
    )


def _live_rows(live: list, scope: str) -> list[dict[str, Any]]:
    """The events still going on (left out of every figure), for a line that says so."""
    return [
        {"name": e.name or "Unnamed event", "game": e.is_game_event, "id": e.id}
        for e in teamdata.events_in_scope(live, scope)
    ]


async def _finished(team_id: int, choice: Choice) -> tuple[int | None, list[dict[str, Any]]]:
    """Where the finished part of the chosen range ends, and the live events left out."""
    finished = await teamdata.finished_range(team_id, choice.from_ms, choice.to_ms)
    return finished.to_ms, _live_rows(finished.live, choice.scope)


async def finished_stats(team_id: int, choice: Choice) -> tuple[list, list[dict[str, Any]]]:
    to_ms, live = await _finished(team_id, choice)
    if to_ms is None:
        return [], live
    return await teamdata.range_stats(team_id, choice.scope, choice.from_ms, to_ms), live


async def finished_trend(team_id: int, choice: Choice) -> tuple[list, int, list[dict[str, Any]]]:
    to_ms, live = await _finished(team_id, choice)
    if to_ms is None:
        return [], 0, live
    points, events = await teamdata.range_trend(team_id, choice.scope, choice.from_ms, to_ms)
    return points, events, live


async def _leaders(team_id: int, choice: Choice, request: HttpRequest) -> dict[str, Any]:
    players, live = await finished_stats(team_id, choice)
    return {
        "boards": [(b.title, b.key, leaderboard(players, b.key)) for b in BOARDS],
        "players": players,
        "team": team_line(players),
        "live": live,
    }


async def _trends(team_id: int, choice: Choice, request: HttpRequest) -> dict[str, Any]:
    points, events, live = await finished_trend(team_id, choice)
    labels = [datetime.fromtimestamp(p.started_at / 1000, UTC).strftime("%d %b") for p in points]
    trend_charts = []
    for key, title in TREND_CHARTS:
        values = [p.values.get(key) for p in points]
        chart = charts.line_chart(values, labels)
        known = [v for v in values if v is not None]
        if chart is None:
            continue
        trend_charts.append(
            {
                "key": key,
                "title": title,
                "chart": chart,
                "last": known[-1],
                "average": round(sum(known) / len(known), 1),
            }
        )
    return {"charts": trend_charts, "points": points, "events": events,
            "shown": len(points), "limit": teamdata.TREND_EVENTS, "live": live}  # fmt: skip


async def _zones(team_id: int, choice: Choice, request: HttpRequest) -> dict[str, Any]:
    to_ms, live = await _finished(team_id, choice)
    players = (
        []
        if to_ms is None
        else await teamdata.range_shots(team_id, choice.scope, choice.from_ms, to_ms)
    )
    wanted = request.GET.get("player")
    chosen = next((p for p in players if str(p.id) == wanted), None)
    shots = chosen.shots if chosen else [s for p in players for s in p.shots]
    cells = zone_cells(shots)
    return {
        "zones": charts.zone_chart(compare_zones(cells, None)),
        "half_court": charts.HALF_COURT,
        "shooters": [p for p in players if p.shots],
        "chosen": chosen,
        "attempts": sum(c.fga for c in cells.values()),
        "made": sum(c.fg for c in cells.values()),
        "live": live,
    }


async def _events(team_id: int, choice: Choice, request: HttpRequest) -> dict[str, Any]:
    events = await teamdata.range_events(team_id, choice.from_ms, choice.to_ms)
    chosen = teamdata.events_in_scope(events, choice.scope)
    rows = [
        {
            "name": e.name or "Unnamed event",
            "game": e.is_game_event,
            "sessions": len(e.results),
            "day": datetime.fromtimestamp(e.started_at / 1000, UTC).strftime("%a %d %b %Y, %H:%M"),
        }
        for e in reversed(chosen)
        if e.ended_at is not None
    ]
    finished = [e for e in events if e.ended_at is not None]
    live = _live_rows([e for e in events if e.ended_at is None], choice.scope)
    return {"events": rows[:EVENTS_SHOWN], "in_scope": len(rows), "all_events": len(finished),
            "live": live}  # fmt: skip


_LOADERS = {"leaders": _leaders, "trends": _trends, "zones": _zones, "events": _events}


@require_GET
@coach_required
async def season_section(request: HttpRequest, team_id: int, section: str) -> HttpResponse:
    """One section of the season page, or the problem that kept it from loading."""
    if section not in _LOADERS:
        raise Http404("No such section.")
    choice = choice_of(request)
    context: dict[str, Any] = {
        "team_id": team_id,
        "choice": choice,
        "section": section,
        "section_url": reverse("coach:season", kwargs={"team_id": team_id}),
    }
    if choice.problem is not None:
        context["problem"] = choice.problem
    else:
        try:
            context.update(await _LOADERS[section](team_id, choice, request))
        except teamdata.Problem as problem:
            context["problem"] = problem
    return render(request, f"coach/partials/season_{section}.html", context)


class _Echo:
    """A file-like object whose write returns the line (for csv.writer into a response)."""

    def write(self, value: str) -> str:
        return value


@require_GET
@coach_required
async def season_csv(request: HttpRequest, team_id: int) -> HttpResponse:
    """The range as CSV: ``table=players`` (default) or ``table=trends`` (one row per event)."""
    choice = choice_of(request)
    table = request.GET.get("table") or "players"
    if table not in ("players", "trends"):
        raise Http404("No such table.")
    if choice.problem is not None:
        return HttpResponse(
            f"{choice.problem.title}. {choice.problem.words}\n",
            status=400,
            content_type="text/plain",
        )
    try:
        if table == "players":
            players, _ = await finished_stats(team_id, choice)
            rows = player_csv_rows(players)
        else:
            points, _, _ = await finished_trend(team_id, choice)
            rows = trend_csv_rows(points)
    except teamdata.Problem as problem:
        status = problem.status if problem.status in (403, 422) else 502
        return HttpResponse(
            f"{problem.title}. {problem.words}\n", status=status, content_type="text/plain"
        )
    writer = csv.writer(_Echo())
    # Vendor text (player and event names) cannot start a formula; the byte order mark
    # tells Excel the file is UTF-8, so accented names open as they are written.
    body = UTF8_BOM + "".join(writer.writerow([csv_safe(cell) for cell in row]) for row in rows)
    name = f"team-{team_id}-{choice.scope}-{table}-{choice.first}-to-{choice.last}.csv"
    return HttpResponse(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
