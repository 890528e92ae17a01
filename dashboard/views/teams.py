"""A team's logo, as staff uploaded it in the admin (graphics, vMix and templates load it)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dashboard.models import TeamIdentity


@require_GET
def logo(request: HttpRequest, team_id: int) -> HttpResponse:
    """``/teams/<team_id>/logo``: public (logos air), cached (the URL names its version)."""
    found = TeamIdentity.objects.filter(team_id=team_id).exclude(logo_type="").first()
    if found is None or not found.logo:
        raise Http404("no logo")
    response = HttpResponse(bytes(found.logo), content_type=found.logo_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    # An SVG is a document: it may draw, never run a script.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
