"""Feed messages for the game tests, built from the wire's JSON as the relay receives it."""

from __future__ import annotations

from shottracker.models import Location, Marker, Shot, Stats, parse_feed_message

T0 = 1_700_000_000_000  # feed time of the tip-off in these tests


def stats(
    player_id: int,
    version: int,
    classification: str,
    *,
    team_id: int,
    at: int = T0,
    **totals: float,
) -> Stats:
    message = parse_feed_message({"type": "stats", "data": {
        "occurred_at": at, "team_id": team_id, "player_id": player_id, "stats": totals,
        "classification": classification, "version": version}})  # fmt: skip
    assert isinstance(message, Stats)
    return message


def shot(
    player_id: int,
    *,
    team_id: int,
    at: int,
    made: bool,
    zone: int,
    three: bool = False,
    x: int = 0,
    y: int = 1500,
    status: str = "RECORDED",
) -> Shot:
    message = parse_feed_message({"type": "shot", "data": {
        "occurred_at": at, "team_id": team_id, "player_id": player_id, "is_make": made,
        "is_3point": three, "zone": zone, "hoop_player_x": x, "hoop_player_y": y,
        "status": status}})  # fmt: skip
    assert isinstance(message, Shot)
    return message


def marker(kind: str, at: int, live_id: str | None = None) -> Marker:
    data: dict = {"occurred_at": at, "type": kind}
    if live_id is not None:
        data["live_id"] = live_id
    message = parse_feed_message({"type": "marker", "data": data})
    assert isinstance(message, Marker)
    return message


def location(
    sensor_id: int, at: int, *, x: int = 0, y: int = 0, z: int = 0, ball=False
) -> Location:
    message = parse_feed_message({"type": "location", "data": {
        "occurred_at": at, "type": "BALL" if ball else "PLAYER", "id": sensor_id,
        "x": x, "y": y, "z": z}})  # fmt: skip
    assert isinstance(message, Location)
    return message
