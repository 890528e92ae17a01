"""The project's URLs with the overlay's mounted (until courtside/urls.py includes them)."""

from __future__ import annotations

from django.urls import Resolver404, include, path, resolve

from courtside.urls import urlpatterns as project_urlpatterns

try:
    resolve("/api/games/x/datasource.json", urlconf="courtside.urls")
    urlpatterns = list(project_urlpatterns)
except Resolver404:
    urlpatterns = [*project_urlpatterns, path("", include("dashboard.overlay.urls"))]
