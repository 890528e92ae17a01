"""Positions are merged into frames: one per tick, latest position wins."""

from __future__ import annotations

from broadcast.relay.frames import FrameCoalescer
from shottracker.models import Location


def player(pid: int, x: int, t: int) -> Location:
    return Location(occurred_at=t, type="PLAYER", id=pid, x=x, y=0, z=1000)


def test_nothing_moved_gives_no_frame():
    assert FrameCoalescer().take() is None


def test_a_frame_holds_the_latest_position_of_every_sensor():
    frames = FrameCoalescer()
    frames.add(player(7, 100, 1000), received_ms=5000)
    frames.add(player(7, 150, 1040), received_ms=5040)
    frames.add(player(8, -20, 1040), received_ms=5041)
    frames.add(Location(occurred_at=1040, type="BALL", id=99, x=1, y=2, z=3), received_ms=5042)
    frame = frames.take()
    assert frame["players"] == {"7": [150, 0, 1000], "8": [-20, 0, 1000]}
    assert frame["ball"] == [1, 2, 3]
    assert frame["t"] == 1040


def test_a_frame_carries_the_receipt_time_of_its_oldest_message():
    frames = FrameCoalescer()
    frames.add(player(7, 100, 1000), received_ms=5000)
    frames.add(player(7, 150, 1040), received_ms=5040)
    assert frames.take()["relay_ms"] == 5000
    frames.add(player(7, 160, 1080), received_ms=5080)
    assert frames.take()["relay_ms"] == 5080


def test_frames_are_numbered_and_keep_sensors_that_did_not_move():
    frames = FrameCoalescer()
    frames.add(player(7, 100, 1000), received_ms=1)
    frames.add(player(8, 200, 1000), received_ms=1)
    first = frames.take()
    frames.add(player(7, 110, 1040), received_ms=2)
    second = frames.take()
    assert (first["frame"], second["frame"]) == (1, 2)
    assert second["players"]["8"] == [200, 0, 1000]


def test_a_player_silent_for_four_seconds_of_feed_time_leaves_the_frames():
    frames = FrameCoalescer()
    frames.add(player(7, 100, 1_000), received_ms=1)
    frames.add(player(8, 200, 1_000), received_ms=1)
    frames.take()
    frames.add(player(7, 110, 5_500), received_ms=2)
    assert set(frames.take()["players"]) == {"7"}
