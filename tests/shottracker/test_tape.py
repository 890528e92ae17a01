"""Tapes: what is written reads back, and a failing disk never reaches the recorder's caller."""

from __future__ import annotations

import errno
import gzip
import io
import json
import logging

import pytest

from shottracker.tape import TapeError, TapeWriter, read_tape

HEADER = {"event_id": "ev-1", "event_name": "Hawks vs Owls", "kind": "game",
          "teams": [{"id": 1, "name": "Hawks"}, {"id": 2, "name": "Owls"}],
          "live_ids": ["h1"], "started_at": 1_000}  # fmt: skip


def stats_frame(version: int) -> str:
    data = {"occurred_at": 1_000 + version, "team_id": 1, "player_id": 11,
            "stats": {"PTS": 2.0 * version}, "classification": "TWO_POINT_MAKE",
            "version": version}  # fmt: skip
    return json.dumps({"type": "stats", "data": data})


class FullDisk(io.RawIOBase):
    """A file that takes ``room`` bytes, then fails as a full disk does."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.attempts = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.attempts += 1
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= len(data)
        return len(data)


def test_a_tape_reads_back_its_header_frames_and_replies_in_receipt_order(tmp_path):
    writer = TapeWriter(tmp_path / "t.jsonl.gz", HEADER)
    writer.write({"t": 1_010, "live_id": "h1", "feed": stats_frame(1)})
    writer.write({"t": 1_020, "rest": "stats", "live_id": "h1", "body": {"teams": []}})
    writer.write({"t": 1_015, "live_id": "h1", "lost": True})
    writer.write({"t": 1_030, "live_id": "h2", "feed": stats_frame(2)})
    writer.write({"t": 1_040, "rest": "catch_up", "event_id": "ev-1",
                  "resources": ["stats"], "body": {"stats": [], "gameTotals": {}}})  # fmt: skip
    writer.close()
    tape = read_tape(tmp_path / "t.jsonl.gz")
    assert tape.event_id == "ev-1" and tape.header["teams"][1]["name"] == "Owls"
    assert [(f.t, f.raw) for f in tape.feed] == [
        (1_010, stats_frame(1)), (1_015, None), (1_030, stats_frame(2))
    ]  # fmt: skip
    assert [(r.kind, r.key) for r in tape.replies] == [("stats", "h1"), ("catch_up", "ev-1")]
    assert tape.live_ids == ["h1", "h2"]
    assert tape.final_catch_up() == {"stats": [], "gameTotals": {}}
    assert tape.ended_at == 1_040


def test_a_full_disk_stops_the_recording_and_never_raises_into_the_caller(tmp_path, caplog):
    disk = FullDisk(room=200)
    writer = TapeWriter(tmp_path / "full.jsonl.gz", HEADER, file=disk)
    with caplog.at_level(logging.ERROR, logger="shottracker.tape"):
        for version in range(1, 20_000):
            writer.write({"t": 1_000 + version, "live_id": "h1", "feed": stats_frame(version)})
        writer.close()
        writer.write({"t": 99_999, "live_id": "h1", "feed": stats_frame(99_999)})
    assert isinstance(writer.failed, OSError) and writer.failed.errno == errno.ENOSPC
    assert not writer.recording
    assert [r.message for r in caplog.records].count(
        f"recording to {tmp_path / 'full.jsonl.gz'} stopped: {writer.failed} (relaying goes on)"
    ) == 1


def test_a_tape_cut_short_reads_up_to_its_last_whole_line(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    writer = TapeWriter(path, HEADER)
    for version in range(1, 500):
        writer.write({"t": 1_000 + version, "live_id": "h1", "feed": stats_frame(version)})
    writer.close()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) * 2 // 3])  # a recorder killed mid-write
    tape = read_tape(path)
    assert 0 < len(tape.feed) < 499
    assert [f.raw for f in tape.feed] == [stats_frame(v) for v in range(1, len(tape.feed) + 1)]


def test_a_file_that_is_not_a_tape_is_refused(tmp_path):
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_text('{"tape": "shottracker"}\n')
    with pytest.raises(TapeError):
        read_tape(plain)
    other = tmp_path / "other.jsonl.gz"
    other.write_bytes(gzip.compress(b'{"some": "json"}\n'))
    with pytest.raises(TapeError, match="no tape header"):
        read_tape(other)
    newer = tmp_path / "newer.jsonl.gz"
    newer.write_bytes(gzip.compress(json.dumps({"tape": "shottracker", "format": 99}).encode()))
    with pytest.raises(TapeError, match="newer"):
        read_tape(newer)


def test_a_tape_read_without_its_feed_gives_the_same_lines_again_from_the_file(tmp_path):
    path = tmp_path / "t.jsonl.gz"
    writer = TapeWriter(path, HEADER)
    for version in range(1, 300):
        writer.write({"t": 1_000 + version, "live_id": "h1", "feed": stats_frame(version)})
    writer.write({"t": 1_400, "rest": "stats", "live_id": "h1", "body": {"teams": []}})
    writer.close()
    held, streamed = read_tape(path), read_tape(path, hold_feed=False)
    assert streamed.feed == [] and streamed.index.lines == 299
    assert list(streamed.feed_lines()) == held.feed
    assert streamed.replies == held.replies and streamed.replies[0].moment == 1_300
    assert streamed.live_ids == held.live_ids == ["h1"] and streamed.ended_at == 1_400
