"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView

from courtside.security import RateLimitedLoginView

urlpatterns = [
    # One login for everybody, with failed attempts limited: the admin's sends there too.
    path("admin/login/", RedirectView.as_view(url=reverse_lazy("login"), query_string=True)),
    path("admin/", admin.site.urls),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("broadcast.urls")),
    path("coach/", include("dashboard.coach.urls")),
    path("", include("dashboard.overlay.urls")),
    path("", include("dashboard.urls")),
]
