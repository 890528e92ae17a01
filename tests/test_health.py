"""``/healthz`` tells a load balancer whether this web process can serve, in JSON."""

from __future__ import annotations

import time

import pytest
from django.test import AsyncClient

from broadcast.relay import heartbeat
from tests.browser.chromium import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def beat(seconds_ago: float) -> None:
    heartbeat.beat("relay-host:1", 1, now_ms=int((time.time() - seconds_ago) * 1000))


async def get_health(path: str = "/healthz", **extra):
    return await AsyncClient(**extra).get(path)


async def test_everything_up_answers_200_with_each_check(redis_layer):
    from asgiref.sync import sync_to_async

    await sync_to_async(beat)(2)
    response = await get_health()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["channel_layer"] == {**body["channel_layer"], "ok": True}
    assert body["channel_layer"]["backend"] == "RedisPubSubChannelLayer"
    assert body["relay"]["ok"] is True
    assert 1.5 <= body["relay"]["heartbeat_age_s"] < 10


async def test_a_stale_relay_is_reported_but_the_web_process_stays_in_rotation(memory_layer):
    from asgiref.sync import sync_to_async

    await sync_to_async(beat)(120)
    response = await get_health()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["relay"]["ok"] is False
    assert body["relay"]["heartbeat_age_s"] >= 120
    strict = await get_health("/healthz?relay=required")
    assert strict.status_code == 503


async def test_no_relay_ever_seen_says_so(memory_layer):
    body = (await get_health()).json()
    assert body["relay"] == {
        "ok": False,
        "error": "no relay heartbeat yet",
        "heartbeat_age_s": None,
    }


async def test_redis_down_answers_503_within_seconds(settings):
    from channels.layers import channel_layers

    dead = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [dead]},
        }
    }
    channel_layers.backends.clear()
    try:
        started = time.monotonic()
        response = await get_health()
        elapsed = time.monotonic() - started
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["channel_layer"]["ok"] is False
    assert body["database"]["ok"] is True
    assert elapsed < 8


async def test_a_probe_by_address_is_answered_without_https_or_allowed_hosts(
    memory_layer, settings
):
    settings.ALLOWED_HOSTS = ["courtside.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = await get_health(HTTP_HOST="10.0.3.7:8000")
    assert response.status_code == 200
    assert response.json()["database"]["ok"] is True
    # Any other page from that address is refused as before.
    assert (await AsyncClient(HTTP_HOST="10.0.3.7:8000").get("/accounts/login/")).status_code == 400
