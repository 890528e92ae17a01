"""Read-only JSON about games (from the event log) and ShotTracker's notify callback."""

from __future__ import annotations

import re

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from broadcast import groups
from broadcast.models import Game, LiveSession, NotifyRegistration
from broadcast.state import game_state

_LIVE_ID = re.compile(r"[0-9A-Za-z_.:-]{1,64}")


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
    """``GET /api/games/``: the games the relay knows, newest first."""
    rows = list(Game.objects.all()[:200])
    sessions: dict[int, list[str]] = {}
    for game_pk, live_id in LiveSession.objects.filter(game__in=rows).values_list(
        "game_id", "live_id"
    ):
        sessions.setdefault(game_pk, []).append(live_id)
    return JsonResponse({"games": [game_summary(g, sessions.get(g.pk, [])) for g in rows]})


@require_GET
def state(request: HttpRequest, game_id: str) -> JsonResponse:
    """``GET /api/games/<game_id>/state``: the whole game state, the seq it reflects, health."""
    game = get_object_or_404(Game, event_id=game_id)
    snapshot, seq = game_state(game)
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
