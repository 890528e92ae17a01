"""Who may open a team's coach views: that team's coaches (and superusers, for any team).

Anonymous users go to the login page; a signed-in user without the coach role gets 403
(operators are not coaches unless given the role); a coach asking for another team's
page gets 404, as if the page did not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from inspect import iscoroutinefunction

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from dashboard.roles import COACH, coach_team, has_role


def to_login(request: HttpRequest) -> HttpResponse:
    """The login page, then back here; an htmx partial sends the whole page there."""
    if getattr(request, "htmx", False):
        current = request.htmx.current_url_abs_path or request.get_full_path()
        return HttpResponseClientRedirect(redirect_to_login(current, settings.LOGIN_URL).url)
    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


def check_coach(user, team_id: int | None) -> None:
    """Raise PermissionDenied (not a coach) or Http404 (not this coach's team)."""
    if not has_role(user, COACH):
        raise PermissionDenied("The coach views are for coaches.")
    if user.is_superuser or team_id is None:
        return
    team = coach_team(user)
    if team is None:
        raise PermissionDenied("No team is set for this coach account yet.")
    if team[0] != team_id:
        raise Http404("No such team page.")


def coach_required(view: Callable) -> Callable:
    """Guard a view whose ``team_id`` keyword is the team it shows; plain or async views."""
    if iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = await request.auser()
            if not user.is_authenticated:
                return to_login(request)
            await sync_to_async(check_coach)(user, kwargs.get("team_id"))
            return await view(request, *args, **kwargs)

        return async_wrapper

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return to_login(request)
        check_coach(request.user, kwargs.get("team_id"))
        return view(request, *args, **kwargs)

    return wrapper
