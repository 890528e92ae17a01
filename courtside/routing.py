"""Websocket routes (browser push)."""

from __future__ import annotations

websocket_urlpatterns: list = []
