"""The operator's pages and their partials, rendered from the replayed game state.

Every render reads the state through ``broadcast.state.game_state`` (the same replay the
websocket's snapshot uses), so a page and the deltas that follow it agree. Partials
(box scores, play-by-play, shot chart, the games list) answer htmx's filter and polling
requests with just their panel.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from broadcast.game.positions import ON_COURT_MS
from broadcast.models import Game, LiveSession
from broadcast.state import game_state
from dashboard import vocabulary
from dashboard.views.access import operator_required
from dashboard.views.api import game_summary
from dashboard.views.courtdata import court_data
from dashboard.views.filters import Filters, filter_plays, periods_of
from dashboard.views.shotchart import shot_chart

LIVE_STATUSES = ("live", "halftime")
SIDES = ("home", "away")
RECENT_GAMES = 50
# The game page lists the newest plays (its script renders them all from the socket's
# snapshot); "Show all" asks for the rest without a socket. A long game's every play made
# the page twice as heavy to render and send for a list the snapshot replaces at once.
PLAYS_ON_PAGE = 60


def _games() -> dict[str, list[dict[str, Any]]]:
    rows = list(Game.objects.all()[:RECENT_GAMES])
    sessions: dict[int, list[str]] = {}
    for game_pk, live_id in LiveSession.objects.filter(game__in=rows).values_list(
        "game_id", "live_id"
    ):
        sessions.setdefault(game_pk, []).append(live_id)
    summaries = [game_summary(game, sessions.get(game.pk, [])) for game in rows]
    return {
        "live_games": [g for g in summaries if g["status"] in LIVE_STATUSES],
        "recent_games": [g for g in summaries if g["status"] not in LIVE_STATUSES],
    }


@operator_required
def games(request: HttpRequest) -> HttpResponse:
    """The games the relay knows (live first), attach by live id, and discovery."""
    return render(request, "dashboard/games.html", _games())


@operator_required
def wall(request: HttpRequest) -> HttpResponse:
    """Every live and recent game as a tile with its alerts, over one socket (wallsocket)."""
    return render(request, "dashboard/wall.html", {"ws_path": "/ws/wall/"})


@operator_required
def games_list(request: HttpRequest) -> HttpResponse:
    """The games list alone (htmx polls it)."""
    return render(request, "dashboard/partials/games_list.html", _games())


def _teams(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The teams with the side they play on (home first), as the page colours them."""
    return [
        {**team, "side": SIDES[i] if i < len(SIDES) else "other"}
        for i, team in enumerate(state.get("teams", []))
    ]


def _chart_context(game: Game, state: dict[str, Any], filters: Filters) -> dict[str, Any]:
    filters = filters.within(state)
    return {
        "chart": shot_chart(
            state, team_id=filters.team, player_id=filters.player, period=filters.period
        ),
        "chart_filters": filters,
        "periods": periods_of(state),
        "teams": _teams(state),
        "game": game,
    }


def _plays_context(
    game: Game, state: dict[str, Any], filters: Filters, *, limit: int | None = None
) -> dict[str, Any]:
    filters = filters.within(state)
    plays = filter_plays(state.get("plays", []), filters)
    return {
        "plays": plays[:limit],
        "plays_total": len(plays),
        "play_filters": filters,
        "teams": _teams(state),
        "game": game,
    }


def _default_team(state: dict[str, Any]) -> int | None:
    teams = state.get("teams") or []
    return teams[0]["id"] if teams else None


def _console_config(game: Game, state: dict[str, Any], seq: int) -> dict[str, Any]:
    """What the page's scripts need beyond the markup (handed over with json_script)."""
    return {
        "game_id": game.event_id,
        "kind": game.kind,
        "seq": seq,
        "ws_path": f"/ws/games/{game.event_id}/",
        "urls": {
            "boxscore": reverse("console-boxscore", args=[game.event_id]),
            "plays": reverse("console-plays", args=[game.event_id]),
            "shots": reverse("console-shots", args=[game.event_id]),
            "replay": reverse("console-replay", args=[game.event_id]),
        },
        "teams": [
            {
                "id": team["id"],
                "name": team["name"],
                "side": team["side"],
                "players": [
                    {"id": p["id"], "jersey": p["jersey_number"], "name": p["display_name"]}
                    for p in team["players"]
                ],
            }
            for team in _teams(state)
        ],
        "court": court_data(game),
        # How long a silent sensor stays on the court: the game model's, for court.js.
        "on_court_ms": ON_COURT_MS,
    }


@operator_required
def game(request: HttpRequest, game_id: str, *, on_air: bool = False) -> HttpResponse:
    """A game's console: scoreboard, live court, box scores, plays, shot chart, health.

    ``on_air``: the graphics operator's page: the same console with the graphics panel right
    under a scoreboard that stays in view (``/games/<id>/on-air/``).
    """
    game = get_object_or_404(Game, event_id=game_id)
    state, seq = game_state(game)
    no_filter = Filters()
    context = {
        "game": game,
        "state": state,
        "seq": seq,
        "health": game.health or {},
        "sessions": list(game.sessions.all()),
        "console": _console_config(game, state, seq),
        **_chart_context(game, state, Filters(team=_default_team(state))),
        **_plays_context(game, state, no_filter, limit=PLAYS_ON_PAGE),
        "on_air": on_air,
        "replay_of": vocabulary.REPLAY_OF,
        "replay_seconds": vocabulary.REPLAY_CHOICES_SECONDS,
        "replay_speeds": vocabulary.REPLAY_SPEEDS,
    }
    return render(request, "dashboard/game.html", context)


@operator_required
def box_scores(request: HttpRequest, game_id: str) -> HttpResponse:
    """Both box scores (the page reloads them when a player it did not list turns up)."""
    game = get_object_or_404(Game, event_id=game_id)
    state, seq = game_state(game)
    context = {"game": game, "teams": _teams(state), "seq": seq}
    return render(request, "dashboard/partials/boxscores.html", context)


@operator_required
def plays(request: HttpRequest, game_id: str) -> HttpResponse:
    """The play-by-play, filtered by ``?team=`` and ``?player=``."""
    game = get_object_or_404(Game, event_id=game_id)
    state, _ = game_state(game)
    filters = Filters.from_query(request.GET)
    return render(request, "dashboard/partials/plays.html", _plays_context(game, state, filters))


@operator_required
def shots(request: HttpRequest, game_id: str) -> HttpResponse:
    """The shot chart, filtered by ``?team=``, ``?player=`` and ``?period=``."""
    game = get_object_or_404(Game, event_id=game_id)
    state, _ = game_state(game)
    filters = Filters.from_query(request.GET, default_team=_default_team(state))
    return render(
        request, "dashboard/partials/shotchart.html", _chart_context(game, state, filters)
    )
