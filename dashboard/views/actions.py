"""What an operator does: attach a live session, mark the start of a video recording.

Both are POSTs behind CSRF. An htmx request gets its panel's result line back (422 for
input we refuse, 502 when ShotTracker refuses); a plain form post is redirected with a
message (the page works without scripts too).
"""

from __future__ import annotations

import re
import time

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from broadcast import groups
from broadcast.models import Game, LiveSession
from dashboard.views.access import operator_required
from dashboard.views.discovery import shottracker_client
from shottracker.client import MAX_VIDEO_ID_BYTES
from shottracker.errors import ShotTrackerError

LIVE_ID = re.compile(r"[0-9A-Za-z_.:-]{1,64}")
# A video start more than a day away from now is a typo, not a recording.
MAX_START_SKEW_MS = 24 * 3600 * 1000


def _result(
    request: HttpRequest, ok: bool, text: str, back: str, *, status: int | None = None
) -> HttpResponse:
    if request.htmx:
        context = {"ok": ok, "text": text}
        code = status or (200 if ok else 422)
        return render(request, "dashboard/partials/action_result.html", context, status=code)
    (messages.success if ok else messages.error)(request, text)
    return redirect(back)


@require_POST
@operator_required
async def attach(request: HttpRequest) -> HttpResponse:
    """Ask the relay to follow a live session (``live_id``)."""
    live_id = request.POST.get("live_id", "").strip()
    back = reverse("console-games")
    if not LIVE_ID.fullmatch(live_id):
        return _result(request, False, "A live id is 1 to 64 letters, digits or . _ : -", back)
    await groups.request_attach(live_id)
    text = f"Attach requested for {live_id}: the game appears in the list once it is relayed."
    return _result(request, True, text, back)


def _session(game_id: str, live_id: str) -> LiveSession | None:
    return LiveSession.objects.filter(game__event_id=game_id, live_id=live_id).first()


def _started_at(raw: str) -> int | bool | None:
    """The recording's start (epoch ms) from the form; None for now, False when unreadable."""
    if not raw.strip():
        return None
    try:
        value = int(raw)
    except ValueError:
        return False
    return value if abs(value - time.time() * 1000) <= MAX_START_SKEW_MS else False


@require_POST
@operator_required
async def mark_video(request: HttpRequest, game_id: str) -> HttpResponse:
    """Index a video recording with a session of the game (the spec's video endpoint)."""
    back = reverse("console-game", args=[game_id])
    if not await Game.objects.filter(event_id=game_id).aexists():
        return _result(request, False, "No such game.", back, status=404)
    live_id = request.POST.get("live_id", "").strip()
    video_id = request.POST.get("video_id", "").strip()
    started_at = _started_at(request.POST.get("started_at", ""))
    session = await sync_to_async(_session)(game_id, live_id)
    if session is None:
        return _result(request, False, "Pick a session of this game.", back)
    if not video_id or len(video_id.encode()) > MAX_VIDEO_ID_BYTES:
        return _result(request, False, f"A video id is 1 to {MAX_VIDEO_ID_BYTES} bytes.", back)
    if started_at is False:
        return _result(request, False, "The start time is not a time of today.", back)
    try:
        async with shottracker_client() as client:
            await client.mark_video(live_id, video_id, started_at)
    except ShotTrackerError as exc:
        return _result(request, False, f"ShotTracker refused the mark: {exc}", back, status=502)
    return _result(request, True, f"Video {video_id} marked as starting in {live_id}.", back)
