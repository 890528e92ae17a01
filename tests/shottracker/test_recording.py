"""Recording: replies and frames sorted into one tape per event, as they came."""

from __future__ import annotations

import json

from shottracker.recording import Recorder, rest_kind
from shottracker.tape import read_tape
from tests.shottracker.test_tape import stats_frame


def test_rest_paths_are_recorded_by_kind_and_notifies_and_searches_are_not():
    assert rest_kind("/v1/data/live/abc") == ("info", "abc", ())
    assert rest_kind("/v1/data/live/abc/_subscribe") == ("subscribe", "abc", ())
    assert rest_kind("/v1/data/live/abc/stats/details") == ("details", "abc", ())
    assert rest_kind("/v1/data/stats/games/ev/stats,shots") == (
        "catch_up",
        "ev",
        ("stats", "shots"),
    )
    assert rest_kind("/v1/data/live/_search") is None
    assert rest_kind("/v1/data/live/notify") is None
    assert rest_kind("/v1/data/teams/3/events") is None


def test_the_recorder_opens_a_tape_per_event_when_a_live_ids_info_arrives(tmp_path):
    recorder = Recorder(tmp_path)
    recorder.frame("h1", stats_frame(1), 900)  # before its info: whose game it is is unknown
    for live_id, event_id in (("h1", "ev-1"), ("h2", "ev-1"), ("p1", "ev-2")):
        info = {"teams": [{"id": 1, "name": "Hawks", "live": {
            "id": live_id, "is_game_event": event_id == "ev-1",
            "event": {"id": event_id, "name": event_id}}}]}  # fmt: skip
        recorder.reply(f"/v1/data/live/{live_id}", json.dumps(info, indent=2), 1_000)
        recorder.frame(live_id, stats_frame(2), 1_001)
    # Bodies go in as they came, pretty-printed ones too (a JSON line has no raw newline).
    recorder.reply("/v1/data/stats/games/ev-1/stats", '{\r\n  "stats": [\n  ]\n}\n', 1_002)
    recorder.close()
    tapes = {read_tape(p).event_id: read_tape(p) for p in recorder.paths}
    assert set(tapes) == {"ev-1", "ev-2"}
    assert tapes["ev-1"].live_ids == ["h1", "h2"]
    assert [f.t for f in tapes["ev-1"].feed] == [1_001, 1_001]
    assert tapes["ev-1"].final_catch_up() == {"stats": []}
    assert tapes["ev-2"].header["kind"] == "practice"
    assert tapes["ev-2"].replies[0].body["teams"][0]["live"]["id"] == "p1"
