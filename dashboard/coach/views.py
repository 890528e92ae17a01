"""The coach's pages: their team, a live game, a practice; each with an htmx-polled panel.

Pages render in full; the panel inside them re-renders every 2 s (``hx-trigger="every 2s"``)
from the event log, so a tablet that lost the gym's Wi-Fi for a while just shows the
latest numbers when it is back. The season pages are in ``season.py``.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from broadcast.models import FeedEvent, Game
from broadcast.state import game_state
from dashboard.coach import live, teamdata
from dashboard.coach.access import coach_required, to_login
from dashboard.coach.analytics import ZoneCell, zone_cells
from dashboard.coach.movement import read_movement
from dashboard.coach.practice import MarkerRow, practice_context
from dashboard.roles import COACH, coach_team, has_role

AVERAGE_DAYS = (30, 90, 365)
DEFAULT_AVERAGE_DAYS = 90
DAY_MS = 24 * 3600 * 1000
RECENT_GAMES = 300  # how many of the newest games a team page looks through
PRACTICE_MARKERS = ("DRILL_START", "DRILL_END", "DRILL_NEXT", "PRACTICE_END")


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def team_games(team_id: int) -> list[Game]:
    """The games and practices the relay knows that this team takes part in, newest first."""
    games = Game.objects.all()[:RECENT_GAMES]
    return [g for g in games if any(_int(str(t.get("id"))) == team_id for t in g.teams or [])]


def team_name(request: HttpRequest, team_id: int, games: list[Game] | None = None) -> str:
    """The team's name: the coach's profile, else a roster that names it."""
    own = coach_team(request.user)
    if own is not None and own[0] == team_id and own[1]:
        return own[1]
    for game in games if games is not None else team_games(team_id):
        for team in game.teams or []:
            if _int(str(team.get("id"))) == team_id and team.get("name"):
                return str(team["name"])
    return f"Team {team_id}"


def _team_game(team_id: int, game_id: str, kind: str) -> Game:
    """The team's game (or practice) by event id; 404 for another team's or a missing one."""
    game = get_object_or_404(Game, event_id=game_id, kind=kind)
    if not any(_int(str(t.get("id"))) == team_id for t in game.teams or []):
        raise Http404("No such game for this team.")
    return game


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """``/coach/``: the coach's own team page; superusers pick a team."""
    if not request.user.is_authenticated:
        return to_login(request)
    if not has_role(request.user, COACH):
        return render(request, "coach/not_a_coach.html", status=403)
    own = coach_team(request.user)
    if own is not None:
        return redirect("coach:team", team_id=own[0])
    teams: dict[int, str] = {}
    if request.user.is_superuser:
        for game in Game.objects.all()[:RECENT_GAMES]:
            for team in game.teams or []:
                team_id = _int(str(team.get("id")))
                if team_id is not None:
                    teams.setdefault(team_id, str(team.get("name") or f"Team {team_id}"))
    return render(
        request,
        "coach/pick_team.html",
        {"teams": sorted(teams.items(), key=lambda t: t[1])},
        status=200 if request.user.is_superuser else 403,
    )


@require_GET
@coach_required
def team(request: HttpRequest, team_id: int) -> HttpResponse:
    """The team page: what is live now, the latest games and practices, the season link."""
    games = team_games(team_id)
    live_now = [g for g in games if g.status in (Game.Status.LIVE, Game.Status.HALFTIME)]
    return render(
        request,
        "coach/team.html",
        {
            "team_id": team_id,
            "team_name": team_name(request, team_id, games),
            "tab": "team",
            "live_now": live_now,
            "recent": [g for g in games if g not in live_now][:12],
            # ShotTracker's own list of the team's finished events, as Season shows it.
            "earlier_url": reverse(
                "coach:season-section", kwargs={"team_id": team_id, "section": "events"}
            ),
        },
    )


# -- live ---------------------------------------------------------------------------------


def _average_days(request: HttpRequest) -> int:
    days = _int(request.GET.get("avg"))
    return days if days in AVERAGE_DAYS else DEFAULT_AVERAGE_DAYS


def average_key(team_id: int, days: int) -> str:
    return f"coach:zone-average:{team_id}:{days}"


def _live_context(request: HttpRequest, team_id: int, game: Game) -> dict[str, Any]:
    snapshot, _ = game_state(game)
    try:
        own, _other = live.own_and_other(snapshot, team_id)
    except LookupError:
        raise Http404("This team has no data in this game yet.") from None
    selected = live.heat_player(own, _int(request.GET.get("player")))
    motion = read_movement(game, lambda movement: live.read_view(movement, selected))
    days = _average_days(request)
    average = cache.get(average_key(team_id, days))
    cells = average.get("cells") if isinstance(average, dict) else None
    context = live.live_context(snapshot, team_id, motion, selected=selected, average=cells)
    query = f"avg={days}" + (f"&player={selected}" if selected is not None else "")
    base = reverse("coach:live", kwargs={"team_id": team_id, "game_id": game.event_id})
    context.update(
        {
            "game": game,
            "team_id": team_id,
            "tab": "team",
            "days": days,
            "day_choices": AVERAGE_DAYS,
            "average": average,
            "query": query,
            "page_url": base,
            "panel_url": reverse(
                "coach:live-panel", kwargs={"team_id": team_id, "game_id": game.event_id}
            ),
            "average_url": reverse("coach:average", kwargs={"team_id": team_id}),
            "updated_ms": int(time.time() * 1000),
        }
    )
    return context


@require_GET
@coach_required
def live_game(request: HttpRequest, team_id: int, game_id: str) -> HttpResponse:
    """A live game for the coach's team: the page around the polled panel."""
    game = _team_game(team_id, game_id, "game")
    return render(request, "coach/live.html", _live_context(request, team_id, game))


@require_GET
@coach_required
def live_panel(request: HttpRequest, team_id: int, game_id: str) -> HttpResponse:
    """The live panel alone (what ``hx-trigger="every 2s"`` fetches)."""
    game = _team_game(team_id, game_id, "game")
    return render(request, "coach/partials/live_panel.html", _live_context(request, team_id, game))


@require_GET
@coach_required
async def zone_average(request: HttpRequest, team_id: int) -> HttpResponse:
    """Load the team's shooting by zone in games over the last N days into the cache.

    The live panel polls every 2 s and only reads the cache; this request (made once by
    the page) does the slow part, the team endpoints over a range that may need splitting.
    """
    days = _average_days(request)
    key = average_key(team_id, days)
    average = await cache.aget(key)
    if average is None:
        to_ms = int(time.time() * 1000)
        from_ms = to_ms - days * DAY_MS
        try:
            # The game on court now is not part of its own average (finished games only).
            finished = await teamdata.finished_range(team_id, from_ms, to_ms)
            players = (
                []
                if finished.to_ms is None
                else await teamdata.range_shots(team_id, "game", from_ms, finished.to_ms)
            )
        except teamdata.Problem as problem:
            average = {"problem": problem}
            await cache.aset(key, average, teamdata.FAILURE_TTL_S)
        else:
            shots = [s for p in players for s in p.shots]
            cells: dict[int, ZoneCell] = zone_cells(shots)
            average = {
                "cells": cells,
                "shots": sum(c.fga for c in cells.values()),
                "windows": teamdata.window_count(from_ms, to_ms),
                "days": days,
            }
            await cache.aset(key, average, teamdata.RECENT_TTL_S * 10)
    response = render(request, "coach/partials/average.html", {"average": average, "days": days})
    response["HX-Trigger"] = "coach-refresh"  # the panel shows the average at once
    return response


# -- practice -----------------------------------------------------------------------------


def _markers(game: Game) -> list[MarkerRow]:
    rows = FeedEvent.objects.filter(game=game, kind=FeedEvent.Kind.MARKER).values_list(
        "live_id", "payload"
    )
    out = []
    for live_id, payload in rows:
        data = (payload or {}).get("data") or {}
        if data.get("type") in PRACTICE_MARKERS and isinstance(data.get("occurred_at"), int):
            out.append(MarkerRow(live_id, data["type"], data["occurred_at"], data.get("live_id")))
    return out


def _practice_context(request: HttpRequest, team_id: int, game: Game) -> dict[str, Any]:
    snapshot, _ = game_state(game)
    try:
        context = practice_context(
            snapshot,
            team_id,
            _markers(game),
            drill_id=request.GET.get("drill"),
            player_id=_int(request.GET.get("player")),
        )
    except LookupError:
        raise Http404("This team has no data in this practice yet.") from None
    params = []
    if request.GET.get("drill") and context.get("chosen") is not None:
        params.append(f"drill={context['chosen'].live_id}")
    if context.get("shooter"):
        params.append(f"player={context['shooter']['id']}")
    kwargs = {"team_id": team_id, "game_id": game.event_id}
    context.update(
        {
            "game": game,
            "team_id": team_id,
            "tab": "team",
            "query": "&".join(params),
            "page_url": reverse("coach:practice", kwargs=kwargs),
            "panel_url": reverse("coach:practice-panel", kwargs=kwargs),
            "updated_ms": int(time.time() * 1000),
        }
    )
    return context


@require_GET
@coach_required
def practice(request: HttpRequest, team_id: int, game_id: str) -> HttpResponse:
    """A practice as its drills run."""
    game = _team_game(team_id, game_id, "practice")
    return render(request, "coach/practice.html", _practice_context(request, team_id, game))


@require_GET
@coach_required
def practice_panel(request: HttpRequest, team_id: int, game_id: str) -> HttpResponse:
    game = _team_game(team_id, game_id, "practice")
    return render(
        request, "coach/partials/practice_panel.html", _practice_context(request, team_id, game)
    )
