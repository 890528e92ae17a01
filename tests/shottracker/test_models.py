"""Feed frames are parsed into typed messages, and anything off-spec is refused with a reason."""

from __future__ import annotations

import json

import pytest

from shottracker.errors import MalformedMessage
from shottracker.models import (
    MARKERS,
    Ack,
    Location,
    Marker,
    Pong,
    Shot,
    Stats,
    parse_feed_message,
    to_wire,
)

# Every example frame of spec/data-and-live-api.txt (its curly quotes made straight).
SPEC_STATS = [
    '{"type":"stats","data":{"occurred_at":1500571319432,"team_id":461,"player_id":2623,'
    '"stats":{"FGA":15.0,"FG":8.0,"PTS":17.0},"classification":"TWO_POINT_MAKE","version":1941}}',
    '{"type":"stats","data":{"occurred_at":1500571319432,"team_id":461,"player_id":2623,'
    '"stats":{"FGA":14.0,"FG":7.0,"PTS":15.0},"classification":"DELETED_TWO_POINT_MAKE",'
    '"version":1942}}',
    '{"type":"stats","data":{"occurred_at":1484865816836,"team_id":461,"player_id":123,'
    '"stats":{"FGA":4.0,"PTS":4.0,"FG":2.0},"classification":"TWO_POINT_MAKE","version":317}}',
]
SPEC_SHOTS = [
    '{"type":"shot","data":{"occurred_at":1500571319432,"team_id":461,"player_id":2623,'
    '"is_make":true,"is_3point":false,"zone":1,"hoop_player_x":685,"hoop_player_y":-475,'
    '"status":"RECORDED"}}',
    '{"type":"shot","data":{"occurred_at":1484865816836,"team_id":461,"player_id":123,'
    '"is_make":true,"is_3point":true,"zone":1,"hoop_player_x":12,"hoop_player_y":3,'
    '"status":"RECORDED"}}',
]
SPEC_LOCATIONS = [
    '{"type":"location","data":{"occurred_at":1500571321532,"type":"PLAYER","id":2942,'
    '"x":2314,"y":-8635,"z":69}}',
    '{"type":"location","data":{"occurred_at":1500571321532,"type":"BALL","id":2147549498,'
    '"x":-6039,"y":-8833,"z":1705}}',
    '{"type":"location","data":{"occurred_at":1478800197342,"type":"PLAYER","id":123,'
    '"x":123,"y":456,"z":789}}',
]
SPEC_MARKERS = [
    '{"type":"marker","data":{"occurred_at":1478800197300,"type":"PLAY_START"}}',
    '{"type":"marker","data":{"occurred_at":1478800197333,"type":"END_FIRST_HALF"}}',
    '{"type":"marker","data":{"occurred_at":1478800197339,'
    '"live_id":"a1140480-e1d5-4684-a619-402984b5c9ba","type":"PLAY_NEXT"}}',
    '{"type":"marker","data":{"occurred_at":1478800197366,"type":"START_SECOND_HALF"}}',
    '{"type":"marker","data":{"occurred_at":1478800197400,"type":"PLAY_END"}}',
    '{"type":"marker","data":{"occurred_at":1478800197300,"type":"DRILL_START"}}',
    '{"type":"marker","data":{"occurred_at":1478800197333,"type":"DRILL_END"}}',
    '{"type":"marker","data":{"occurred_at":1478800197339,'
    '"live_id":"a1e80480-e1d5-4684-a619-402984b5c9ba","type":"DRILL_NEXT"}}',
    '{"type":"marker","data":{"occurred_at":1478800197400,"type":"PRACTICE_END"}}',
    '{"type":"marker","data":{"occurred_at":1478800197300,"type":"LIVE"}}',
    '{"type":"marker","data":{"occurred_at":1478800197300,"type":"PAUSED"}}',
    '{"type":"marker","data":{"occurred_at":1478800197300,"type":"FOUL"}}',
]
SPEC_ACK = (
    '{"data":{"socketSessionId":"2edbccd1","serverAttributes":{"maxInputBufferSizeInBytes":8192,'
    '"connectionTimeoutInMs":120000}},"action":"subscribe","type":"ack"}'
)
SPEC_PONG = '{"type":"pong"}'


def parse(frame: str):
    return parse_feed_message(json.loads(frame))


def test_it_reads_the_spec_stats_frame_as_running_totals():
    message = parse(SPEC_STATS[0])

    assert message == Stats(
        occurred_at=1500571319432,
        team_id=461,
        player_id=2623,
        stats={"FGA": 15.0, "FG": 8.0, "PTS": 17.0},
        classification="TWO_POINT_MAKE",
        version=1941,
    )
    assert not message.is_correction


def test_it_reads_the_spec_correction_as_a_correction():
    message = parse(SPEC_STATS[1])

    assert message.is_correction
    assert message.stats["PTS"] == 15.0 and message.version == 1942


def test_it_reads_the_spec_shot_frame():
    assert parse(SPEC_SHOTS[0]) == Shot(
        occurred_at=1500571319432,
        team_id=461,
        player_id=2623,
        is_make=True,
        is_3point=False,
        zone=1,
        hoop_player_x=685,
        hoop_player_y=-475,
        status="RECORDED",
    )


def test_it_reads_the_spec_player_and_ball_locations():
    player, ball, _ = (parse(frame) for frame in SPEC_LOCATIONS)

    assert player == Location(1500571321532, "PLAYER", 2942, 2314, -8635, 69)
    assert ball == Location(1500571321532, "BALL", 2147549498, -6039, -8833, 1705)


@pytest.mark.parametrize("frame", SPEC_MARKERS, ids=lambda f: json.loads(f)["data"]["type"])
def test_it_reads_every_spec_marker(frame):
    data = json.loads(frame)["data"]

    message = parse(frame)

    assert message == Marker(data["occurred_at"], data["type"], data.get("live_id"))


def test_the_spec_markers_are_every_marker_there_is():
    assert sorted(json.loads(f)["data"]["type"] for f in SPEC_MARKERS) == sorted(MARKERS)


def test_it_keeps_the_next_live_id_of_play_next_and_drill_next():
    play_next, drill_next = parse(SPEC_MARKERS[2]), parse(SPEC_MARKERS[7])

    assert play_next.live_id == "a1140480-e1d5-4684-a619-402984b5c9ba"
    assert drill_next.live_id == "a1e80480-e1d5-4684-a619-402984b5c9ba"


def test_it_refuses_a_play_next_without_the_next_live_id():
    with pytest.raises(MalformedMessage, match="live_id"):
        parse_feed_message({"type": "marker", "data": {"occurred_at": 1, "type": "PLAY_NEXT"}})


def test_it_reads_the_spec_ack_and_pong():
    assert parse(SPEC_ACK) == Ack("2edbccd1", 120000, 8192)
    assert parse(SPEC_PONG) == Pong({})


def test_an_ack_without_a_buffer_size_gets_the_spec_default():
    frame = {"type": "ack", "data": {"socketSessionId": "s", "serverAttributes": {
        "connectionTimeoutInMs": 300}}}  # fmt: skip

    assert parse_feed_message(frame) == Ack("s", 300, 8192)


@pytest.mark.parametrize("frame", SPEC_STATS + SPEC_SHOTS + SPEC_LOCATIONS + SPEC_MARKERS)
def test_to_wire_gives_back_the_spec_frame(frame):
    message = parse(frame)

    assert to_wire(message) == json.loads(frame)
    assert parse_feed_message(json.loads(json.dumps(to_wire(message)))) == message


def spec_stats(**changes):
    data = json.loads(SPEC_STATS[0])["data"]
    data.update(changes)
    return {"type": "stats", "data": data}


def spec_shot(**changes):
    data = json.loads(SPEC_SHOTS[0])["data"]
    data.update(changes)
    return {"type": "shot", "data": data}


def spec_location(**changes):
    data = json.loads(SPEC_LOCATIONS[0])["data"]
    data.update(changes)
    return {"type": "location", "data": data}


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        (spec_stats(stats={"PTS": -2.0}), "negative"),
        (spec_stats(stats={"PTS": float("nan")}), "not finite"),
        (spec_stats(stats={"PTS": float("inf")}), "not finite"),
        (spec_stats(stats={"PTS": True}), "not a number"),
        (spec_stats(stats={"POINTS": 2.0}), "unknown stat"),
        (spec_stats(classification="DUNK"), "classification"),
        (spec_stats(version=-1), "version"),
        (spec_stats(version=True), "version"),
        (spec_stats(team_id=None), "team_id"),
        (spec_stats(occurred_at=1.5), "occurred_at"),
        (spec_shot(is_make=1), "is_make"),
        (spec_shot(zone=0), "zone"),
        (spec_shot(zone=15), "zone"),
        (spec_shot(hoop_player_x="685"), "hoop_player_x"),
        (spec_location(type="REFEREE"), "type"),
        (spec_location(x=float("inf")), "x"),
        (spec_location(z=False), "z"),
        ({"type": "marker", "data": {"occurred_at": 1, "type": "HALFTIME"}}, "type"),
        ({"type": "stats"}, "data"),
        ({"type": "stats", "data": []}, "data"),
        ({"type": "ack", "data": {"socketSessionId": "s"}}, "serverAttributes"),
        ([1, 2], "message"),
    ],
)
def test_it_refuses_a_frame_off_the_spec_with_a_reason(frame, reason):
    with pytest.raises(MalformedMessage, match=reason) as caught:
        parse_feed_message(frame)

    assert not caught.value.unknown_type


@pytest.mark.parametrize("field", ["occurred_at", "team_id", "player_id", "stats", "version"])
def test_it_refuses_a_stats_frame_missing_a_field(field):
    frame = spec_stats()
    del frame["data"][field]

    with pytest.raises(MalformedMessage, match=field):
        parse_feed_message(frame)


@pytest.mark.parametrize("field", ["is_make", "is_3point", "zone", "status", "hoop_player_y"])
def test_it_refuses_a_shot_frame_missing_a_field(field):
    frame = spec_shot()
    del frame["data"][field]

    with pytest.raises(MalformedMessage, match=field):
        parse_feed_message(frame)


@pytest.mark.parametrize("kind", ["substitution", None, 7, ["stats"]])
def test_it_flags_an_unknown_message_type(kind):
    with pytest.raises(MalformedMessage) as caught:
        parse_feed_message({"type": kind, "data": {}})

    assert caught.value.unknown_type
