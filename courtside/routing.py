"""Websocket routes (browser push)."""

from __future__ import annotations

from django.urls import path

from dashboard.consumers import GameConsumer

websocket_urlpatterns: list = [
    path("ws/games/<str:game_id>/", GameConsumer.as_asgi()),
]
