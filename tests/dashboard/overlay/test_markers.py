"""Marker-driven graphics: which markers take or clear what, and that each acts once."""

from __future__ import annotations

from dashboard.overlay.markers import Action, Rules, actions, markers_in

ALL = Rules(halftime_box_score=True, final_box_score=True, clear_on_play_start=True)


def marker(kind: str, at: int) -> dict:
    return {"kind": "marker", "data": {"type": kind, "occurred_at": at, "live_id": None}}


def test_halftime_takes_the_box_score():
    assert actions([marker("END_FIRST_HALF", 10)], ALL, after_ms=0) == [
        Action("END_FIRST_HALF", 10, "box_score")
    ]


def test_the_final_buzzer_takes_the_box_score():
    assert actions([marker("PLAY_END", 30)], ALL, after_ms=0) == [
        Action("PLAY_END", 30, "box_score")
    ]


def test_play_starting_clears_in_either_half():
    changes = [marker("START_SECOND_HALF", 20), marker("PLAY_START", 5)]
    assert actions(changes, ALL, after_ms=0) == [
        Action("PLAY_START", 5, None),
        Action("START_SECOND_HALF", 20, None),
    ]


def test_a_rule_left_off_does_nothing():
    only_clear = Rules(clear_on_play_start=True)
    assert actions([marker("END_FIRST_HALF", 10)], only_clear, after_ms=0) == []
    assert actions([marker("PLAY_START", 10)], Rules(), after_ms=0) == []


def test_a_marker_already_acted_on_does_not_act_again():
    assert actions([marker("END_FIRST_HALF", 10)], ALL, after_ms=10) == []
    assert actions([marker("END_FIRST_HALF", 10)], ALL, after_ms=9) != []


def test_state_markers_and_other_changes_are_not_game_markers():
    changes = [marker("LIVE", 3), {"kind": "score", "data": {"home": 2}}, marker("PAUSED", 4)]
    assert actions(changes, ALL, after_ms=0) == []
    assert markers_in(changes) == [(3, "LIVE"), (4, "PAUSED")]


def test_a_malformed_marker_change_is_skipped():
    broken = {"kind": "marker", "data": {"type": "END_FIRST_HALF", "occurred_at": "soon"}}
    assert markers_in([broken, marker("PLAY_END", 7)]) == [(7, "PLAY_END")]


def test_rules_say_whether_any_automation_is_on():
    assert not Rules().any
    assert Rules(final_box_score=True).any
