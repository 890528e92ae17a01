"""Read-only JSON about games (from the event log) and ShotTracker's notify callback.

Who may read the JSON: an operator (every game), a coach (the games of the coach's own
team), or the holder of an overlay output's key, passed as ``?key=`` (that output's game
only; the key is the credential of a graphics system such as vMix, like the overlay's
data source). Anyone else gets 403; a game the reader may not see is 404, exactly like a
game that does not exist. The notify callback is ShotTracker's: no session, its notify
id is the credential.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from broadcast import groups
from broadcast.models import Game, LiveSession, NotifyRegistration
from broadcast.state import game_state
from dashboard.overlay.control import live_output
from dashboard.roles import OPERATOR, coach_team, has_role

_LIVE_ID = re.compile(r"[0-9A-Za-z_.:-]{1,64}")
_MAX_KEY = 128
REFUSED = "Log in as an operator or a coach, or pass an output key (?key=)."


@dataclass(frozen=True)
class Reader:
    """What one request may read: every game, one team's games, or one game."""

    every_game: bool = False
    team_id: int | None = None
    game_pk: int | None = None

    def may_read(self, game: Game) -> bool:
        if self.every_game:
            return True
        if self.game_pk is not None:
            return game.pk == self.game_pk
        return self.team_id is not None and any(
            str(team.get("id")) == str(self.team_id) for team in game.teams or []
        )


def api_reader(request: HttpRequest) -> Reader | None:
    """The reader behind a request (its output key first, then its session); None: nobody."""
    key = request.GET.get("key", "")
    if key:
        output = live_output(key) if len(key) <= _MAX_KEY else None
        return Reader(game_pk=output.game_id) if output is not None else None
    user = request.user
    if has_role(user, OPERATOR):
        return Reader(every_game=True)
    team = coach_team(user)
    return Reader(team_id=team[0]) if team is not None else None


def _refused() -> JsonResponse:
    return JsonResponse({"error": REFUSED}, status=403)


def _no_such_game() -> JsonResponse:
    return JsonResponse({"error": "No such game."}, status=404)


def game_summary(game: Game, live_ids: list[str]) -> dict:
    """A game as the games list shows it."""
    summary = game.summary or {}
    teams = summary.get("teams") or [
        {"id": t["id"], "name": t["name"], "score": 0} for t in game.teams
    ]
    return {
        "id": game.event_id,
        "name": game.name,
        "kind": game.kind,
        "status": game.status,
        "period": summary.get("period"),
        "play_state": summary.get("play_state"),
        "live_ids": live_ids,
        "teams": teams,
        "score": {
            "home": teams[0]["score"] if teams else 0,
            "away": teams[1]["score"] if len(teams) > 1 else None,
        },
        "connected": bool((game.health or {}).get("connected")),
        "updated_ms": game.health_ms or None,
    }


@require_GET
def games(request: HttpRequest) -> JsonResponse:
    """``GET /api/games/``: the games the relay knows (that the reader may see), newest first."""
    reader = api_reader(request)
    if reader is None:
        return _refused()
    if reader.every_game:
        rows = list(Game.objects.all()[:200])
    elif reader.game_pk is not None:
        rows = list(Game.objects.filter(pk=reader.game_pk))
    else:
        rows = [game for game in Game.objects.all() if reader.may_read(game)][:200]
    sessions: dict[int, list[str]] = {}
    for game_pk, live_id in LiveSession.objects.filter(game__in=rows).values_list(
        "game_id", "live_id"
    ):
        sessions.setdefault(game_pk, []).append(live_id)
    return JsonResponse({"games": [game_summary(g, sessions.get(g.pk, [])) for g in rows]})


@require_GET
def state(request: HttpRequest, game_id: str) -> JsonResponse:
    """``GET /api/games/<game_id>/state``: the whole game state, the seq it reflects, health.

    Health (the relay's counters) is for operators and coaches; an output key gets the rest.
    """
    reader = api_reader(request)
    if reader is None:
        return _refused()
    game = Game.objects.filter(event_id=game_id).first()
    if game is None or not reader.may_read(game):
        return _no_such_game()
    snapshot, seq = game_state(game)
    if reader.game_pk is not None:
        # An output key reads what may go on air: the game, not the relay's health counters.
        return JsonResponse({**snapshot, "seq": seq})
    return JsonResponse({**snapshot, "seq": seq, "health": game.health or {}})


@csrf_exempt
async def notify(request: HttpRequest) -> HttpResponse:
    """ShotTracker's live notification: ``PUT …?notify_id=…&action=LIVE&data=<live id>&state=…``."""
    if request.method != "PUT":
        return HttpResponse(status=405, headers={"Allow": "PUT"})
    params = request.GET
    notify_id, live_id = params.get("notify_id", ""), params.get("data", "")
    if params.get("action") != "LIVE" or params.get("state") not in ("START", "END"):
        return JsonResponse({"error": "action must be LIVE and state START or END"}, status=400)
    if not _LIVE_ID.fullmatch(live_id):
        return JsonResponse({"error": "data must be a live id"}, status=400)
    known = await sync_to_async(NotifyRegistration.objects.filter(notify_id=notify_id).exists)()
    if not notify_id or not known:
        return JsonResponse({"error": "unknown notify id"}, status=403)
    if params["state"] == "START":
        await groups.request_attach(live_id)
    else:
        await groups.request_finish(live_id)
    return HttpResponse(status=204)
