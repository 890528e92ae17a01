"""Dashboard URLs: pages and the read-only JSON API."""

from __future__ import annotations

urlpatterns: list = []
