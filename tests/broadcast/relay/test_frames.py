"""Positions are merged into frames (latest position wins), paced to the frame rate."""

from __future__ import annotations

from broadcast.relay.frames import FrameCoalescer, FramePacer
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


def test_a_pacer_lets_every_jittery_burst_at_the_rate_make_a_frame():
    pacer = FramePacer(25)
    sent = 0
    for i in range(1, 101):
        now = i * 0.04 + (0.006 if i % 2 else -0.006)  # bursts 28 and 52 ms apart
        if pacer.wait(now) == 0:
            pacer.sent(now)
            sent += 1
    assert sent == 100


def test_a_pacer_holds_faster_positions_to_the_frame_rate():
    pacer = FramePacer(25)
    now, sent = 0.0, 0
    while now < 10.0:  # positions every 5 ms for ten seconds, a frame whenever allowed
        now += max(0.005, pacer.wait(now))
        if pacer.wait(now) == 0:
            pacer.sent(now)
            sent += 1
    # 25 a second; the first slots may go up to 0.4 period early, a frame or two more.
    assert 250 <= sent <= 252


def test_after_a_pause_a_frame_goes_at_once():
    pacer = FramePacer(25)
    pacer.sent(1.0)
    assert pacer.wait(1.01) > 0
    assert pacer.wait(5.0) == 0
