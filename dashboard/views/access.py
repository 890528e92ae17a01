"""Who may use the console: logged-in users with the operator role."""

from __future__ import annotations

import functools
from collections.abc import Callable
from inspect import iscoroutinefunction

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django_htmx.http import HttpResponseClientRedirect

from dashboard.roles import OPERATOR, has_role


def _to_login(request: HttpRequest) -> HttpResponse:
    if getattr(request, "htmx", False):
        # A partial must not swap the login page into a panel: send the whole page there.
        current = request.htmx.current_url_abs_path or request.get_full_path()
        return HttpResponseClientRedirect(redirect_to_login(current, settings.LOGIN_URL).url)
    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


def operator_required(view: Callable) -> Callable:
    """Send anonymous users to the login page; a user without the operator role gets 403.

    Works for plain and async views.
    """
    if iscoroutinefunction(view):

        @functools.wraps(view)
        async def async_wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            user = await request.auser()
            if not user.is_authenticated:
                return _to_login(request)
            if not await sync_to_async(has_role)(user, OPERATOR):
                raise PermissionDenied("the console is for operators")
            return await view(request, *args, **kwargs)

        return async_wrapper

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return _to_login(request)
        if not has_role(request.user, OPERATOR):
            raise PermissionDenied("the console is for operators")
        return view(request, *args, **kwargs)

    return wrapper
