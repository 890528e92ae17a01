"""Websocket routes (browser push)."""

from __future__ import annotations

from django.urls import path

from dashboard.consumers import GameConsumer
from dashboard.overlay.consumers import (
    GraphicsPanelConsumer,
    OverlayConsumer,
    PreviewConsumer,
    TemplateConsumer,
)
from dashboard.wallsocket import WallConsumer

websocket_urlpatterns: list = [
    path("ws/games/<str:game_id>/", GameConsumer.as_asgi()),
    path("ws/games/<str:game_id>/graphics/", GraphicsPanelConsumer.as_asgi()),
    path("ws/overlay/<str:key>/", OverlayConsumer.as_asgi()),
    path("ws/overlay/<str:key>/preview/", PreviewConsumer.as_asgi()),
    path("ws/wall/", WallConsumer.as_asgi()),
]

# Sockets any origin may open (see courtside/asgi.py): a template's, by its key.
any_origin_urlpatterns: list = [
    path("ws/overlay/<str:key>/graphic/", TemplateConsumer.as_asgi()),
]
