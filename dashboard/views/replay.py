"""The console's instant replay of movement: a stretch of frames from the log, as JSON."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from broadcast import replay
from broadcast.models import Game
from broadcast.state import game_state
from dashboard.views.access import operator_required


@require_GET
@operator_required
def movement(request: HttpRequest, game_id: str) -> JsonResponse:
    """``?seconds=`` (3-30) of movement ending at the last shot (``?of=shot``) or now."""
    game = get_object_or_404(Game, event_id=game_id)
    try:
        seconds = int(request.GET.get("seconds", "8"))
    except ValueError:
        return JsonResponse({"error": "seconds must be a whole number"}, status=400)
    try:
        snapshot, _seq = game_state(game)
        data = replay.movement(
            game, snapshot.get("shots") or [], seconds=seconds, of=request.GET.get("of", "shot")
        )
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(data)
