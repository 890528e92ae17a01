"""Typed ShotTracker live-feed messages, parsed and checked from the wire's JSON.

``parse_feed_message(obj)`` turns one decoded frame into one of the dataclasses
below or raises ``MalformedMessage`` naming what is wrong; it never returns a
half-checked message. Numbers must be finite; stat values must not be negative.
REST response models live in ``shottracker.resources``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from shottracker.errors import MalformedMessage

STAT_KEYS = (
    "FGA", "FG", "FGA3", "FG3", "FTA", "FT", "PTS", "AST", "TO", "STL", "REB",
    "OFFENSIVE_REB", "DEFENSIVE_REB", "DIST",
)  # fmt: skip

CLASSIFICATIONS = (
    "FREE_THROW_MISS", "FREE_THROW_MAKE", "TWO_POINT_MISS", "TWO_POINT_MAKE",
    "THREE_POINT_MISS", "THREE_POINT_MAKE", "ASSIST", "TURNOVER", "STEAL", "REBOUND",
    "OFFENSIVE_REBOUND", "DEFENSIVE_REBOUND", "DISTANCE",
    "DELETED_FREE_THROW_MISS", "DELETED_FREE_THROW_MAKE",
    "UPDATED_FREE_THROW_MAKE_TO_MISS", "UPDATED_FREE_THROW_MISS_TO_MAKE",
    "DELETED_TWO_POINT_MISS", "DELETED_TWO_POINT_MAKE",
    "UPDATED_TWO_POINT_MAKE_TO_MISS", "UPDATED_TWO_POINT_MISS_TO_MAKE",
    "DELETED_THREE_POINT_MISS", "DELETED_THREE_POINT_MAKE",
    "UPDATED_THREE_POINT_MAKE_TO_MISS", "UPDATED_THREE_POINT_MISS_TO_MAKE",
    "DELETED_ASSIST", "DELETED_TURNOVER", "DELETED_STEAL", "DELETED_REBOUND",
    "DELETED_OFFENSIVE_REBOUND", "DELETED_DEFENSIVE_REBOUND",
)  # fmt: skip
CORRECTIONS = frozenset(c for c in CLASSIFICATIONS if c.startswith(("DELETED_", "UPDATED_")))

GAME_MARKERS = ("PLAY_START", "END_FIRST_HALF", "PLAY_NEXT", "START_SECOND_HALF", "PLAY_END")
PRACTICE_MARKERS = ("DRILL_START", "DRILL_END", "DRILL_NEXT", "PRACTICE_END")
STATE_MARKERS = ("LIVE", "PAUSED", "FOUL")
MARKERS = GAME_MARKERS + PRACTICE_MARKERS + STATE_MARKERS
NEXT_MARKERS = ("PLAY_NEXT", "DRILL_NEXT")

SENSOR_TYPES = ("PLAYER", "BALL")
DATA_TYPES = ("STATS", "SHOTS", "LOCATIONS")


@dataclass(frozen=True, slots=True)
class Stats:
    """A player's running box-score totals after one event (or a correction)."""

    occurred_at: int
    team_id: int
    player_id: int
    stats: dict[str, float]
    classification: str
    version: int

    @property
    def is_correction(self) -> bool:
        return self.classification in CORRECTIONS


@dataclass(frozen=True, slots=True)
class Shot:
    """One shot in the hoop frame (mm; +y toward center court, +x to the right)."""

    occurred_at: int
    team_id: int
    player_id: int
    is_make: bool
    is_3point: bool
    zone: int
    hoop_player_x: int
    hoop_player_y: int
    status: str


@dataclass(frozen=True, slots=True)
class Location:
    """One sensor's position in mm at ``occurred_at``."""

    occurred_at: int
    type: str
    id: int
    x: int
    y: int
    z: int


@dataclass(frozen=True, slots=True)
class Marker:
    """A game, practice or play-state marker; ``live_id`` is set on PLAY_NEXT/DRILL_NEXT."""

    occurred_at: int
    type: str
    live_id: str | None = None


@dataclass(frozen=True, slots=True)
class Ack:
    """The server's answer to a new connection."""

    socket_session_id: str
    connection_timeout_ms: int
    max_input_buffer_size: int = 8192


@dataclass(frozen=True, slots=True)
class Pong:
    """The answer to ``{"action":"ping"}``."""

    extra: dict[str, Any] = field(default_factory=dict)


FeedMessage = Stats | Shot | Location | Marker | Ack | Pong


def _obj(value: Any, where: str) -> dict:
    if not isinstance(value, dict):
        raise MalformedMessage(f"{where} is not an object")
    return value


def _int(data: dict, key: str, *, minimum: int | None = None) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedMessage(f"{key} is missing or not a number")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise MalformedMessage(f"{key} is not a whole number")
        value = int(value)
    if minimum is not None and value < minimum:
        raise MalformedMessage(f"{key} is below {minimum}")
    return value


def _bool(data: dict, key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise MalformedMessage(f"{key} is missing or not a boolean")
    return value


def _str(data: dict, key: str, choices: tuple[str, ...] | None = None) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedMessage(f"{key} is missing or not text")
    if choices is not None and value not in choices:
        raise MalformedMessage(f"{key}={value!r} is not one of the known values")
    return value


# No real running total comes near this (DIST, the largest, is centimetres run in one
# event); a bigger one is corrupt, and summed over players it could overflow the score.
MAX_STAT_VALUE = 1e9


def parse_stats_values(raw: Any) -> dict[str, float]:
    """A stats object: known keys only, finite, not negative, below ``MAX_STAT_VALUE``."""
    stats = _obj(raw, "stats")
    out: dict[str, float] = {}
    for key, value in stats.items():
        if key not in STAT_KEYS:
            raise MalformedMessage(f"unknown stat {key!r}")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise MalformedMessage(f"stat {key} is not a number")
        if not math.isfinite(value) or value < 0 or value > MAX_STAT_VALUE:
            raise MalformedMessage(f"stat {key}={value!r} is negative, not finite or absurd")
        out[key] = float(value)
    return out


def parse_stats(data: dict) -> Stats:
    return Stats(
        occurred_at=_int(data, "occurred_at", minimum=0),
        team_id=_int(data, "team_id"),
        player_id=_int(data, "player_id"),
        stats=parse_stats_values(data.get("stats")),
        classification=_str(data, "classification", CLASSIFICATIONS),
        version=_int(data, "version", minimum=0),
    )


def parse_shot(data: dict) -> Shot:
    zone = _int(data, "zone")
    if not 1 <= zone <= 14:
        raise MalformedMessage(f"zone={zone} is not 1-14")
    return Shot(
        occurred_at=_int(data, "occurred_at", minimum=0),
        team_id=_int(data, "team_id"),
        player_id=_int(data, "player_id"),
        is_make=_bool(data, "is_make"),
        is_3point=_bool(data, "is_3point"),
        zone=zone,
        hoop_player_x=_int(data, "hoop_player_x"),
        hoop_player_y=_int(data, "hoop_player_y"),
        status=_str(data, "status"),
    )


def parse_location(data: dict) -> Location:
    return Location(
        occurred_at=_int(data, "occurred_at", minimum=0),
        type=_str(data, "type", SENSOR_TYPES),
        id=_int(data, "id"),
        x=_int(data, "x"),
        y=_int(data, "y"),
        z=_int(data, "z"),
    )


def parse_marker(data: dict) -> Marker:
    kind = _str(data, "type", MARKERS)
    live_id = None
    if kind in NEXT_MARKERS:
        live_id = _str(data, "live_id")
    return Marker(occurred_at=_int(data, "occurred_at", minimum=0), type=kind, live_id=live_id)


def parse_ack(obj: dict) -> Ack:
    data = _obj(obj.get("data"), "data")
    attrs = _obj(data.get("serverAttributes"), "serverAttributes")
    return Ack(
        socket_session_id=_str(data, "socketSessionId"),
        connection_timeout_ms=_int(attrs, "connectionTimeoutInMs", minimum=1),
        max_input_buffer_size=_int(attrs, "maxInputBufferSizeInBytes", minimum=1)
        if "maxInputBufferSizeInBytes" in attrs
        else 8192,
    )


_DATA_PARSERS = {"stats": parse_stats, "shot": parse_shot, "location": parse_location,
                 "marker": parse_marker}  # fmt: skip


def parse_feed_message(obj: Any) -> FeedMessage:
    """One decoded feed frame as a typed message, or ``MalformedMessage``."""
    obj = _obj(obj, "message")
    kind = obj.get("type")
    if kind == "pong":
        return Pong({k: v for k, v in obj.items() if k != "type"})
    if kind == "ack":
        return parse_ack(obj)
    # A non-text type (a list, an object) is unhashable: check before the lookup.
    parser = _DATA_PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        raise MalformedMessage(f"unknown message type {kind!r}", unknown_type=True)
    return parser(_obj(obj.get("data"), "data"))


def to_wire(message: Stats | Shot | Location | Marker) -> dict[str, Any]:
    """The feed JSON object for a message (the inverse of ``parse_feed_message``)."""
    if isinstance(message, Stats):
        return {"type": "stats", "data": {
            "occurred_at": message.occurred_at, "team_id": message.team_id,
            "player_id": message.player_id, "stats": dict(message.stats),
            "classification": message.classification, "version": message.version}}  # fmt: skip
    if isinstance(message, Shot):
        return {"type": "shot", "data": {
            "occurred_at": message.occurred_at, "team_id": message.team_id,
            "player_id": message.player_id, "is_make": message.is_make,
            "is_3point": message.is_3point, "zone": message.zone,
            "hoop_player_x": message.hoop_player_x, "hoop_player_y": message.hoop_player_y,
            "status": message.status}}  # fmt: skip
    if isinstance(message, Location):
        return {"type": "location", "data": {
            "occurred_at": message.occurred_at, "type": message.type, "id": message.id,
            "x": message.x, "y": message.y, "z": message.z}}  # fmt: skip
    data: dict[str, Any] = {"occurred_at": message.occurred_at, "type": message.type}
    if message.live_id is not None:
        data["live_id"] = message.live_id
    return {"type": "marker", "data": data}
