"""Finding sessions to attach: what is live now (``_search``) and the courts (locations).

Each panel asks ShotTracker when it is shown (htmx loads it); the HMAC credentials stay
on the server. An API that fails shows as a message in the panel, never as a broken page.
"""

from __future__ import annotations

import math
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from broadcast.models import LiveSession
from dashboard.views.access import operator_required
from shottracker.client import ShotTrackerClient
from shottracker.errors import ShotTrackerError
from shottracker.resources import DISTANCE_UNITS

DEFAULT_RADIUS = 50.0
MAX_RADIUS = 20000.0


def shottracker_client() -> ShotTrackerClient:
    """A client for one request: short timeouts, one retry (an operator is waiting)."""
    return ShotTrackerClient(
        settings.SHOTTRACKER_API_URL,
        settings.SHOTTRACKER_USERNAME,
        settings.SHOTTRACKER_SECRET,
        timeout=5.0,
        retries=1,
    )


def _relayed(live_ids: list[str]) -> dict[str, str]:
    """Live id -> event id of the sessions the relay already follows."""
    return dict(
        LiveSession.objects.filter(live_id__in=live_ids).values_list("live_id", "game__event_id")
    )


@require_GET
@operator_required
async def live_now(request: HttpRequest) -> HttpResponse:
    """The sessions live now, optionally at one court (``?location=<location id>``)."""
    location = request.GET.get("location", "").strip()
    context: dict[str, Any] = {"location": location, "sessions": [], "error": None}
    try:
        async with shottracker_client() as client:
            search = await client.search_live()
    except ShotTrackerError as exc:
        context["error"] = f"ShotTracker did not list live sessions: {exc}"
        return render(request, "dashboard/partials/live_now.html", context)
    sessions = [s for s in search.live if not location or s.location_id == location]
    relayed = await sync_to_async(_relayed)([s.id for s in sessions])
    context["sessions"] = [{"live": s, "game_id": relayed.get(s.id)} for s in sessions]
    if location:
        context["location_name"] = next(
            (f"{s.facility_name} · {s.court_name}" for s in sessions if s.facility_name), location
        )
    return render(request, "dashboard/partials/live_now.html", context)


@require_GET
@operator_required
async def facilities(request: HttpRequest) -> HttpResponse:
    """The courts with ShotTracker (``GET /v1/data/locations``)."""
    context: dict[str, Any] = {"locations": [], "error": None, "nearest": False}
    try:
        async with shottracker_client() as client:
            context["locations"] = list((await client.locations()).locations)
    except ShotTrackerError as exc:
        context["error"] = f"ShotTracker did not list its courts: {exc}"
    return render(request, "dashboard/partials/facilities.html", context)


def _coordinate(raw: str, limit: float) -> float | None:
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) and -limit <= value <= limit else None


@require_GET
@operator_required
async def nearest(request: HttpRequest) -> HttpResponse:
    """Courts near the browser's position (``?lat=&lon=&radius=&unit=``)."""
    params = request.GET
    lat = _coordinate(params.get("lat", ""), 90)
    lon = _coordinate(params.get("lon", ""), 180)
    radius = _coordinate(params.get("radius", str(DEFAULT_RADIUS)), MAX_RADIUS)
    unit = params.get("unit", "KILOMETERS")
    context: dict[str, Any] = {"locations": [], "error": None, "nearest": True}
    if lat is None or lon is None or radius is None or radius <= 0 or unit not in DISTANCE_UNITS:
        context["error"] = "The position or the search radius is not readable."
        return render(request, "dashboard/partials/facilities.html", context, status=422)
    context.update(radius=radius, unit=unit)
    try:
        async with shottracker_client() as client:
            found = await client.nearest_locations(lat, lon, radius, unit)
        context["locations"] = sorted(found.locations, key=lambda loc: loc.distance.value)
    except ShotTrackerError as exc:
        context["error"] = f"ShotTracker did not search near you: {exc}"
    return render(request, "dashboard/partials/facilities.html", context)
