"""The relay's heartbeat: one row per relay process, its time refreshed every few seconds.

The web processes' ``/healthz`` reports the age of the newest beat, so a load balancer's or
a monitor's probe can tell a relay that stopped (or lost its database) from a quiet one.
"""

from __future__ import annotations

import os
import socket
import time

from django.db.models import Max

from broadcast.models import RelayHeartbeat

INTERVAL_S = 5.0
FORGOTTEN_AFTER_MS = 24 * 3600 * 1000  # rows of relays gone for a day are dropped


def relay_name() -> str:
    """This process as a relay: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(name: str, games: int, now_ms: int | None = None) -> None:
    """Record that relay ``name`` is alive now, following ``games`` games."""
    now = now_ms if now_ms is not None else int(time.time() * 1000)
    RelayHeartbeat.objects.update_or_create(relay=name, defaults={"beat_ms": now, "games": games})
    RelayHeartbeat.objects.filter(beat_ms__lt=now - FORGOTTEN_AFTER_MS).delete()


def last_beat_ms() -> int | None:
    """When any relay last beat (epoch ms), or None if none ever did."""
    return RelayHeartbeat.objects.aggregate(last=Max("beat_ms"))["last"]
