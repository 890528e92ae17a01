"""Field readers for the vendor's JSON: each checks one value and names where it failed.

``where`` is the path of the object being read (``teams[0].live``), so a rejection
reads ``teams[0].live.started_at is missing or not a whole number``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

from shottracker import models
from shottracker.errors import MalformedMessage

T = TypeVar("T")


def obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MalformedMessage(f"{where} is not an object")
    return value


def integer(data: dict[str, Any], key: str, where: str, *, minimum: int | None = None) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedMessage(f"{where}.{key} is missing or not a whole number")
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise MalformedMessage(f"{where}.{key} is missing or not a whole number")
        value = int(value)
    if minimum is not None and value < minimum:
        raise MalformedMessage(f"{where}.{key} is below {minimum}")
    return value


def optional_integer(data: dict[str, Any], key: str, where: str) -> int | None:
    return None if data.get(key) is None else integer(data, key, where, minimum=0)


def number(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise MalformedMessage(f"{where}.{key} is missing or not a finite number")
    return float(value)


def boolean(data: dict[str, Any], key: str, where: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise MalformedMessage(f"{where}.{key} is missing or not a boolean")
    return value


def text(data: dict[str, Any], key: str, where: str, choices: tuple[str, ...] | None = None) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedMessage(f"{where}.{key} is missing or not text")
    if choices is not None and value not in choices:
        raise MalformedMessage(f"{where}.{key}={value!r} is not one of {', '.join(choices)}")
    return value


def optional_text(data: dict[str, Any], key: str, where: str) -> str | None:
    """Text that the vendor may leave out or send as null (names, links, images)."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedMessage(f"{where}.{key} is not text")
    return value


def items(
    data: dict[str, Any],
    key: str,
    where: str,
    parse: Callable[[Any, str], T],
    *,
    required: bool = True,
) -> tuple[T, ...]:
    """A list of objects, each read by ``parse(item, where)``; absent is empty unless required."""
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list):
        raise MalformedMessage(f"{where}.{key} is missing or not a list")
    return tuple(parse(item, f"{where}.{key}[{i}]") for i, item in enumerate(value))


def stat_values(data: dict[str, Any], key: str, where: str) -> dict[str, float]:
    """A stats object as ``models.parse_stats_values`` reads it, failing with its path."""
    try:
        return models.parse_stats_values(data.get(key))
    except MalformedMessage as exc:
        raise MalformedMessage(f"{where}.{key}: {exc.reason}") from None


def zone(data: dict[str, Any], where: str) -> int:
    value = integer(data, "zone", where)
    if not 1 <= value <= 14:
        raise MalformedMessage(f"{where}.zone={value} is not 1-14")
    return value


def nested(where: str, parse: Callable[[dict[str, Any]], T], data: dict[str, Any]) -> T:
    """Run one of ``models``' parsers, prefixing its reason with ``where``."""
    try:
        return parse(data)
    except MalformedMessage as exc:
        raise MalformedMessage(f"{where}: {exc.reason}") from None
