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
- ``{"type": "health", "game_id", "relay_ms", "seq", "health": {…}}``: the feed's health,
  once a second; ``seq`` is the newest delta the relay has sent (or failed to send), so a
  browser behind it knows within a second that it missed one and asks for a snapshot.

Layer messages (the ``type`` names the consumer's handler): ``game.delta``,
``game.frame``, ``game.health`` carry ``{"seq"|"frame", "text"}``, a frame also its
``relay_ms`` (a web process that fell behind drops frames made stale by newer ones,
without parsing them); the relay's control group carries ``relay.attach`` and
``relay.finish`` with a ``live_id``.

On-air graphics (``dashboard.overlay``). Overlay payloads, per output and bus
(``"program"``: on air; ``"preview"``: what Take would air), an output having three layers
(``bug``, ``lower``, ``full``):
- ``{"type": "on_air", "output_id", "bus", "version", "layers": {"bug": {"graphic",
  "options", "data"} | null, "lower": …, "full": …}, "relay_ms"}``: the whole state of the
  bus (a null layer is empty), after a take, clear or cue;
- ``{"type": "data", "output_id", "bus", "version", "layer", "graphic", "data", "seq",
  "relay_ms"}``: a layer's graphic's data after game delta ``seq`` changed it (built by
  each web process's stream of the output, once per process, for its overlays only);
- ``{"type": "changed", "game_id", "output_id", "bus", "version", "graphic", "seq",
  "changed": ["PTS 17 -> 15", …], "relay_ms"}``: a correction changed numbers of a graphic
  on air or in preview (to the operators' panels).
The output's group (by id: the key is a secret and stays out of names) carries
``overlay.state`` (``version``, ``program`` and ``cued``: each layer's graphic and options;
each stream computes its bus's data from the game's state in its process),
``overlay.settings`` (``delay_ms``) and ``overlay.revoked``; the game's graphics group
(the operators' panels) carries ``graphics.changed`` (``output_id``) and ``graphics.note``
(``text``).
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


def delta_message(payload: dict[str, Any]) -> dict[str, Any]:
    """The layer message of a delta: its ``seq`` and its text, serialized here, once."""
    return {"type": "game.delta", "seq": payload["seq"], "text": dumps(payload)}


def frame_message(payload: dict[str, Any]) -> dict[str, Any]:
    """The layer message of a frame: its number, ``relay_ms`` and text, serialized once."""
    return {
        "type": "game.frame",
        "frame": payload["frame"],
        "relay_ms": payload["relay_ms"],
        "text": dumps(payload),
    }


async def publish_delta(game_id: str, payload: dict[str, Any]) -> None:
    """Send a numbered delta to the game's browsers and to the games list."""
    layer = get_channel_layer()
    await layer.group_send(game_group(game_id), delta_message(payload))
    await layer.group_send(GAMES_GROUP, {"type": "games.changed", "game_id": game_id})


async def publish_frame(game_id: str, payload: dict[str, Any]) -> None:
    """Send a position frame to the game's browsers."""
    await get_channel_layer().group_send(game_group(game_id), frame_message(payload))


async def publish_health(
    game_id: str, relay_ms: int, health: dict[str, Any], seq: int | None = None
) -> None:
    """Send the feed's health to the game's browsers, with the newest delta ``seq`` sent."""
    layer = get_channel_layer()
    payload = {"type": "health", "game_id": game_id, "relay_ms": relay_ms, "health": health}
    if seq is not None:
        payload["seq"] = seq
    text = dumps(payload)
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


# -- on-air graphics (dashboard.overlay) ------------------------------------------------------


def output_group(output_id: int) -> str:
    """The group of an output's streams, one per web process and bus."""
    return f"overlay.{int(output_id)}"


def graphics_group(game_id: str) -> str:
    """The group of a game's graphics panels (operators)."""
    return "graphics." + _UNSAFE.sub("_", game_id)[:90]


def on_air_payload(
    output_id: int,
    bus: str,
    version: int,
    layers: dict[str, dict[str, Any] | None],
    relay_ms: int,
) -> dict[str, Any]:
    """The whole state of an output's bus: each layer's graphic, options and data (or None)."""
    return {
        "type": "on_air",
        "output_id": output_id,
        "bus": bus,
        "version": version,
        "layers": layers,
        "relay_ms": relay_ms,
    }


def graphic_update_payload(
    output_id: int,
    bus: str,
    version: int,
    layer: str,
    graphic: str,
    data: dict[str, Any],
    seq: int,
    relay_ms: int,
) -> dict[str, Any]:
    """A layer's graphic's data after game delta ``seq`` changed it."""
    return {
        "type": "data",
        "output_id": output_id,
        "bus": bus,
        "version": version,
        "layer": layer,
        "graphic": graphic,
        "data": data,
        "seq": seq,
        "relay_ms": relay_ms,
    }


def graphics_note_payload(
    game_id: str,
    output_id: int,
    bus: str,
    version: int,
    graphic: str,
    seq: int,
    changed: list[str],
    relay_ms: int,
) -> dict[str, Any]:
    """What a correction changed in a graphic on air or in preview, for the operators."""
    return {
        "type": "changed",
        "game_id": game_id,
        "output_id": output_id,
        "bus": bus,
        "version": version,
        "graphic": graphic,
        "seq": seq,
        "changed": changed,
        "relay_ms": relay_ms,
    }


async def publish_output_state(
    game_id: str, output_id: int, version: int, program: dict[str, Any], cued: dict[str, Any]
) -> None:
    """Send an output's new layers (take, clear, cue) to its streams and the game's panels."""
    await get_channel_layer().group_send(
        output_group(output_id),
        {"type": "overlay.state", "version": version, "program": program, "cued": cued},
    )
    await publish_outputs_changed(game_id, output_id)


async def publish_output_settings(game_id: str, output_id: int, delay_ms: int) -> None:
    """Tell an output's streams its new delay, and the panels that its settings changed."""
    await get_channel_layer().group_send(
        output_group(output_id), {"type": "overlay.settings", "delay_ms": delay_ms}
    )
    await publish_outputs_changed(game_id, output_id)


async def publish_output_revoked(game_id: str, output_id: int) -> None:
    """Close an output's overlays (its key was revoked) and tell the panels."""
    await get_channel_layer().group_send(output_group(output_id), {"type": "overlay.revoked"})
    await publish_outputs_changed(game_id, output_id)


async def publish_outputs_changed(game_id: str, output_id: int) -> None:
    """Tell a game's graphics panels that an output changed (they re-read the outputs)."""
    await get_channel_layer().group_send(
        graphics_group(game_id), {"type": "graphics.changed", "output_id": output_id}
    )


async def publish_graphics_note(game_id: str, payload: dict[str, Any]) -> None:
    """Send a "changed" note (a correction moved numbers on air or in preview) to the panels."""
    await get_channel_layer().group_send(
        graphics_group(game_id), {"type": "graphics.note", "text": dumps(payload)}
    )


async def join_output_stream(channel_name: str, output_id: int) -> None:
    """Subscribe an output's stream to its output group (the game's deltas and frames reach
    it through the web process's one receiver of the game's group)."""
    await get_channel_layer().group_add(output_group(output_id), channel_name)


async def leave_output_stream(channel_name: str, output_id: int) -> None:
    """Undo ``join_output_stream``."""
    await get_channel_layer().group_discard(output_group(output_id), channel_name)
