"""Staff-set team identity (``TeamIdentity``, edited in the admin), as the vocabulary reads it.

``dashboard.vocabulary.team_identities`` is the one place a team's code, colours and logo
are decided; this module is its source of what staff set (``vocabulary.set_identity_source``,
installed when the app is ready). The settings are read from the database at most every
``REFRESH_S`` seconds per process; inside the event loop (a graphic recomputed there) never
while it waits: what was read last is used and a read is started on a thread. So a change
in the admin reaches every face of every process within seconds; in the admin's own
process at once.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Mapping

from django.urls import reverse

REFRESH_S = 5.0

_lock = threading.Lock()
_read_at = float("-inf")
_overrides: dict[int, dict[str, str]] = {}


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def read() -> dict[int, dict[str, str]]:
    """Every team identity staff set, by ShotTracker team id (a database read)."""
    from dashboard.models import TeamIdentity  # the app registry is ready by the first call

    out = {}
    for team in TeamIdentity.objects.defer("logo"):
        logo = ""
        if team.logo_type:
            version = int(team.updated_at.timestamp())
            logo = f"{reverse('team-logo', args=[team.team_id])}?v={version}"
        out[team.team_id] = {
            "abbr": team.abbreviation,
            "colour": team.primary_colour.lower(),
            "secondary": team.secondary_colour.lower(),
            "logo": logo,
        }
    return out


def refresh() -> None:
    """Read what staff set now (after a save in the admin)."""
    global _read_at, _overrides
    with _lock:
        try:
            _overrides = read()
        except Exception:  # no table yet (before migrate), a database hiccup: keep what we had
            return
        _read_at = time.monotonic()


_reading: set[asyncio.Task] = set()


def overrides() -> Mapping[int, Mapping[str, str]]:
    """What staff set, refreshed from the database when older than ``REFRESH_S``."""
    if time.monotonic() - _read_at > REFRESH_S:
        if not _in_event_loop():
            refresh()
        elif not _reading:
            from asgiref.sync import sync_to_async

            task = asyncio.get_running_loop().create_task(sync_to_async(refresh)())
            _reading.add(task)
            task.add_done_callback(_reading.discard)
    return _overrides


def forget() -> None:
    """Read again at the next use (after a save in this process; tests)."""
    global _read_at, _overrides
    _read_at = float("-inf")
    _overrides = {}
