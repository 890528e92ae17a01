"""The one module that owns channel-layer traffic: group names, payload shapes, sends.

Nothing else calls ``group_send``. Every message a browser gets is serialized here,
once, and travels through the layer as text (``"text"``), so a consumer forwards it
to each socket as is, however many sockets there are.

Browser payloads (JSON objects, every one with ``relay_ms``, the epoch ms at which
the relay received the feed message it derives from):
- ``{"type": "snapshot", "game_id", "seq", "relay_ms", "health", …the game's state}``:
  the whole state at ``seq`` (``relay_ms`` is the time it was taken); sent by a
  browser's consumer on connect and on request, never through a group.
- ``{"type": "delta", "game_id", "seq", "relay_ms", "changes": [{"kind", "data"}…]}``:
  stats, shots, markers and the like, numbered ``seq`` 1, 2, 3… per game; never dropped.
- ``{"type": "frame", "game_id", "frame", "relay_ms", "t", "players": {id: [x, y, z]},
  "ball": [x, y, z] | null}``: all sensors' latest positions, at most
  ``COURTSIDE_FRAME_HZ`` per second; a newer frame supersedes an older one, so frames
  may be skipped.
- ``{"type": "health", "game_id", "relay_ms", "health": {…}}``: the feed's health, once a second.

Layer messages (the ``type`` names the consumer's handler): ``game.delta``,
``game.frame``, ``game.health`` carry ``{"seq"|"frame", "text"}``; the relay's control
group carries ``relay.attach`` and ``relay.finish`` with a ``live_id``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from channels.layers import get_channel_layer

RELAY_CONTROL_GROUP = "relay.control"
GAMES_GROUP = "games"
_UNSAFE = re.compile(r"[^0-9A-Za-z_.-]")


def game_group(game_id: str) -> str:
    """The group of a game's browsers (group names allow only a small alphabet)."""
    return "game." + _UNSAFE.sub("_", game_id)[:90]


def dumps(payload: dict[str, Any]) -> str:
    """Compact JSON, the one serialization of every browser payload."""
    return json.dumps(payload, separators=(",", ":"), allow_nan=False)


def delta_payload(game_id: str, seq: int, relay_ms: int, changes: Iterable[Any]) -> dict[str, Any]:
    """A numbered delta: the changes one log row made to the game."""
    return {
        "type": "delta",
        "game_id": game_id,
        "seq": seq,
        "relay_ms": relay_ms,
        "changes": [{"kind": c.kind, "data": c.data} for c in changes],
    }


def snapshot_payload(
    game_id: str, seq: int, relay_ms: int, state: dict[str, Any], health: dict[str, Any]
) -> dict[str, Any]:
    """A snapshot: the game's whole state as of delta ``seq``, for one browser."""
    return {
        **state,
        "type": "snapshot",
        "game_id": game_id,
        "seq": seq,
        "relay_ms": relay_ms,
        "health": health,
    }


def frame_payload(
    game_id: str, frame: int, relay_ms: int, t: int, players: dict, ball: list | None
) -> dict[str, Any]:
    """A position frame: the latest position of every sensor."""
    return {
        "type": "frame",
        "game_id": game_id,
        "frame": frame,
        "relay_ms": relay_ms,
        "t": t,
        "players": players,
        "ball": ball,
    }


async def publish_delta(game_id: str, payload: dict[str, Any]) -> None:
    """Send a numbered delta to the game's browsers and to the games list."""
    layer = get_channel_layer()
    text = dumps(payload)
    await layer.group_send(
        game_group(game_id), {"type": "game.delta", "seq": payload["seq"], "text": text}
    )
    await layer.group_send(GAMES_GROUP, {"type": "games.changed", "game_id": game_id})


async def publish_frame(game_id: str, payload: dict[str, Any]) -> None:
    """Send a position frame to the game's browsers."""
    layer = get_channel_layer()
    await layer.group_send(
        game_group(game_id),
        {"type": "game.frame", "frame": payload["frame"], "text": dumps(payload)},
    )


async def publish_health(game_id: str, relay_ms: int, health: dict[str, Any]) -> None:
    """Send the feed's health to the game's browsers."""
    layer = get_channel_layer()
    text = dumps({"type": "health", "game_id": game_id, "relay_ms": relay_ms, "health": health})
    await layer.group_send(game_group(game_id), {"type": "game.health", "text": text})


async def request_attach(live_id: str) -> None:
    """Ask the relay (whichever process runs it) to attach to a live session."""
    await get_channel_layer().group_send(
        RELAY_CONTROL_GROUP, {"type": "relay.attach", "live_id": live_id}
    )


async def request_finish(live_id: str) -> None:
    """Tell the relay a live session ended (an END notification)."""
    await get_channel_layer().group_send(
        RELAY_CONTROL_GROUP, {"type": "relay.finish", "live_id": live_id}
    )


async def join_control(channel_name: str) -> None:
    """Subscribe the relay's channel to control requests."""
    await get_channel_layer().group_add(RELAY_CONTROL_GROUP, channel_name)
