"""Group traffic through real Redis: names, payloads serialized once, control requests."""

from __future__ import annotations

import json

import pytest

from broadcast import groups


def test_group_names_only_use_the_layers_alphabet():
    name = groups.game_group("a1b2/c3 d4?")
    assert name == "game.a1b2_c3_d4_"


def test_a_delta_payload_refuses_non_finite_numbers():
    with pytest.raises(ValueError):
        groups.dumps({"x": float("nan")})


async def test_a_published_delta_reaches_a_game_channel_as_ready_text(redis_layer):
    channel = await redis_layer.new_channel()
    await redis_layer.group_add(groups.game_group("g1"), channel)
    payload = {"type": "delta", "game_id": "g1", "seq": 4, "relay_ms": 1, "changes": []}
    await groups.publish_delta("g1", payload)
    message = await redis_layer.receive(channel)
    assert message["type"] == "game.delta"
    assert message["seq"] == 4
    assert json.loads(message["text"]) == payload


async def test_an_attach_request_reaches_the_relay_control_channel(redis_layer):
    channel = await redis_layer.new_channel()
    await groups.join_control(channel)
    await groups.request_attach("live-123")
    message = await redis_layer.receive(channel)
    assert message == {"type": "relay.attach", "live_id": "live-123"}
