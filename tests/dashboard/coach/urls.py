"""The project's URLs with the coach views mounted at /coach/ (as courtside/urls.py will)."""

from __future__ import annotations

from django.urls import include, path

from courtside.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("coach/", include("dashboard.coach.urls")), *project_urlpatterns]
