"""URL configuration."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("broadcast.urls")),
    path("coach/", include("dashboard.coach.urls")),
    path("", include("dashboard.overlay.urls")),
    path("", include("dashboard.urls")),
]
