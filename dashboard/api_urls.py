"""The relay's HTTP surface: read-only game JSON and the notify callback."""

from __future__ import annotations

from django.urls import path

from dashboard.views import api as views

urlpatterns = [
    path("api/games/", views.games, name="api-games"),
    path("api/games/<str:game_id>/state", views.state, name="api-game-state"),
    path("hooks/shottracker/notify", views.notify, name="shottracker-notify"),
]
