"""``/healthz``: can this web process serve? For load balancers, HEALTHCHECK and monitors.

JSON with three checks, each with ``ok`` and how long it took:

- ``database``: a ``SELECT 1`` through this process's connection pool;
- ``channel_layer``: a message sent to a fresh channel and received back (Redis when
  ``REDIS_URL`` is set), the path every live update takes;
- ``relay``: the age of the relay's last heartbeat (``broadcast/relay/heartbeat.py``),
  ``ok`` while younger than ``COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S``.

The status is 503 when the database or the channel layer fails: this process cannot
serve, take it out of rotation. A stale relay is reported (``"status": "degraded"``) but
still answers 200: every web process would fail it at once, and pages and the last
state still serve; alert on it instead. ``/healthz?relay=required`` makes it a 503 too
(for a monitor that watches the relay through the web).

The middleware answers before any other (no session, no CSRF, no HTTPS redirect, no
``ALLOWED_HOSTS`` check: a probe reaches a process by its address).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

from broadcast.relay.heartbeat import last_beat_ms

HEALTH_PATH = "/healthz"
CHECK_TIMEOUT_S = 3.0


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def _select_one() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> dict[str, Any]:
    started = time.monotonic()
    try:
        await asyncio.wait_for(sync_to_async(_select_one, thread_sensitive=True)(), CHECK_TIMEOUT_S)
    except Exception as exc:
        return {"ok": False, "error": _describe(exc), "ms": _elapsed_ms(started)}
    return {"ok": True, "ms": _elapsed_ms(started)}


async def check_channel_layer() -> dict[str, Any]:
    started = time.monotonic()
    layer = get_channel_layer()
    if layer is None:
        return {"ok": False, "error": "no channel layer configured", "ms": 0.0}
    channel = None
    try:
        channel = await asyncio.wait_for(layer.new_channel("healthz."), CHECK_TIMEOUT_S)
        await asyncio.wait_for(layer.send(channel, {"type": "healthz"}), CHECK_TIMEOUT_S)
        message = await asyncio.wait_for(layer.receive(channel), CHECK_TIMEOUT_S)
        if message.get("type") != "healthz":
            raise ValueError(f"received {message!r}")
    except Exception as exc:
        return {"ok": False, "error": _describe(exc), "ms": _elapsed_ms(started)}
    finally:
        if channel is not None:
            await _forget(layer, channel)
    return {"ok": True, "backend": type(layer).__name__, "ms": _elapsed_ms(started)}


async def _forget(layer, channel: str) -> None:
    # A channel layer forgets a channel (Redis: unsubscribes) when a receive on it is
    # cancelled; Channels has no other way to drop one, and a probe every few seconds
    # must not leave a subscription behind each time.
    waiting = asyncio.ensure_future(layer.receive(channel))
    await asyncio.sleep(0)
    waiting.cancel()
    # With Redis down the unsubscribe retries for seconds: the probe does not wait for it.
    done, _ = await asyncio.wait({waiting}, timeout=0.5)
    for task in done:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            task.result()


async def check_relay() -> dict[str, Any]:
    started = time.monotonic()
    max_age_s = settings.COURTSIDE_RELAY_HEARTBEAT_MAX_AGE_S
    try:
        last = await asyncio.wait_for(
            sync_to_async(last_beat_ms, thread_sensitive=True)(), CHECK_TIMEOUT_S
        )
    except Exception as exc:
        return {"ok": False, "error": _describe(exc), "heartbeat_age_s": None}
    if last is None:
        return {"ok": False, "error": "no relay heartbeat yet", "heartbeat_age_s": None}
    age_s = round(max(0.0, time.time() - last / 1000), 1)
    return {
        "ok": age_s <= max_age_s,
        "heartbeat_age_s": age_s,
        "max_age_s": max_age_s,
        "ms": _elapsed_ms(started),
    }


async def health(*, relay_required: bool = False) -> tuple[int, dict[str, Any]]:
    """The status code and the JSON of a health check."""
    database, layer, relay = await asyncio.gather(
        check_database(), check_channel_layer(), check_relay()
    )
    serving = database["ok"] and layer["ok"]
    healthy = serving and (relay["ok"] or not relay_required)
    body = {
        "status": "ok" if serving and relay["ok"] else ("degraded" if healthy else "fail"),
        "database": database,
        "channel_layer": layer,
        "relay": relay,
    }
    return (200 if healthy else 503), body


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return f"no answer within {CHECK_TIMEOUT_S:g}s"
    return f"{type(exc).__name__}: {exc}"[:200]


class HealthCheckMiddleware:
    """Answers ``/healthz`` itself, before every other middleware (see the module's doc)."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        if iscoroutinefunction(self.get_response):
            markcoroutinefunction(self)

    async def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH:
            return await self.get_response(request)
        status, body = await health(relay_required=request.GET.get("relay") == "required")
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
