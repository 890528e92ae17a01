"""Hostile feed input through the relay's apply path: never a crash, never half-applied.

Hypothesis takes a game in progress (the console's known game) and throws at it the
rows the relay applies from what ShotTracker sends (feed stats, shots and markers;
catch-up totals and gameTotals), each either valid, a valid one with one part replaced
by junk or removed, or any JSON at all. For every row:

- ``apply_row`` either applies it or refuses it with one of the errors the relay
  catches (``GameRelay.record`` counts them); anything else would end the relay's feed;
- a refused row leaves the whole state exactly as it was;
- what an accepted feed row changed can be published (strict JSON: no NaN, no infinity);
- through ``GameRelay.record`` the same rows never raise, and each refusal is counted.

The relay's own rows (sessions, rosters: built from the SDK's checked answers) are checked
at the end, with the gaps this fuzzing found (absurd totals, NaN scores, infinite ids,
half-applied sessions), which are closed.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from broadcast import groups
from broadcast.game import Game as GameModel
from broadcast.log import GameLog, apply_row, parse_row
from broadcast.models import Game
from broadcast.relay.game import GameRelay
from shottracker.errors import MalformedMessage
from tests.dashboard.conftest import ANN, BO, HAWKS, KNOWN_ROWS, OWLS, T0

REFUSALS = (MalformedMessage, ValueError, KeyError, TypeError)  # what GameRelay.record catches
NOW = T0 + 60_000

TEMPLATES: dict[str, dict[str, Any]] = {
    "stats": {
        "type": "stats",
        "data": {
            "occurred_at": T0 + 30_000, "team_id": HAWKS, "player_id": ANN,
            "stats": {"FGA": 4, "FG": 2, "PTS": 4}, "classification": "TWO_POINT_MAKE",
            "version": 16,
        },
    },
    "shot": {
        "type": "shot",
        "data": {
            "occurred_at": T0 + 30_000, "team_id": OWLS, "player_id": BO, "is_make": True,
            "is_3point": False, "zone": 3, "hoop_player_x": 120, "hoop_player_y": 900,
            "status": "RECORDED",
        },
    },
    "marker": {"type": "marker", "data": {"occurred_at": T0 + 30_000, "type": "PAUSED"}},
    "totals": {"team_id": OWLS, "player_id": BO, "version": 17, "stats": {"PTS": 5, "FGA": 3}},
    "game_totals": {
        "homeTeamScore": {"teamId": str(HAWKS), "value": 2},
        "awayTeamScore": {"teamId": str(OWLS), "value": 4},
        "period": "H2", "gameClock": "00:12:30", "status": "ACTIVE",
        "periodTotals": [{"sessionId": "live-h2", "period": "H2"}],
    },
    "session": {"live_id": "live-h3", "session_type": "GAME_ROUND", "period": "H2",
                "started_at": T0 + 20_000},
    "roster": {"teams": [{"id": HAWKS, "name": "Harbor Hawks", "players": [
        {"id": ANN, "first_name": "Ann", "last_name": "Lee", "display_name": "Ann Lee",
         "jersey_number": 4, "position": "guard"}]}]},
}  # fmt: skip
FEED = ["stats", "shot", "marker"]  # straight off the feed's socket
# Catch-up rows come out of the SDK's checked parsers, which refuse NaN and infinities.
CATCH_UP = ["totals", "game_totals"]
FROM_SHOTTRACKER = [*FEED, *CATCH_UP, "locations", "nonsense"]


def junk(bound: float | None = None, *, finite: bool = False) -> st.SearchStrategy:
    """Values of every JSON type; numbers within ``bound``, NaN and infinities unless finite."""
    limit = int(bound) if bound else 2**70
    specials = [-0.0, 0.5] if finite else [math.nan, math.inf, -math.inf, -0.0, 0.5]
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-limit, max_value=limit),
        st.floats(min_value=-limit, max_value=limit),
        st.sampled_from(specials),
        st.text(max_size=30),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    )


any_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a JSON value (keys and list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@st.composite
def rows(draw, kinds: list[str], bound: float | None = None) -> tuple[str, Any]:
    """A log row of one of ``kinds``: valid, valid with one part broken, or anything."""
    kind = draw(st.sampled_from(kinds))
    template = TEMPLATES.get(kind)
    how = draw(st.sampled_from(["valid", "broken", "removed", "anything"]))
    if template is None or how == "anything":
        return kind, draw(any_json)
    payload = copy.deepcopy(template)
    if how == "valid":
        return kind, payload
    path = draw(st.sampled_from(_paths(payload)))
    parent = payload
    for step in path[:-1]:
        parent = parent[step]
    if how == "removed" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(junk(bound, finite=kind in CATCH_UP))
    return kind, payload


def game_in_progress() -> GameModel:
    """The known game (a correction, a half change) as the relay holds it mid-game."""
    model = GameModel("ev-known", name="Hawks vs Owls")
    for kind, payload, live_id in KNOWN_ROWS:
        apply_row(model, kind, payload, live_id, T0)
    return model


def state(model: GameModel) -> str:
    return json.dumps(model.snapshot(now_ms=NOW), sort_keys=True, default=repr)


FUZZ = settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@FUZZ
@given(st.lists(rows(FROM_SHOTTRACKER), min_size=1, max_size=6))
def test_a_row_is_applied_whole_or_refused_whole(sequence):
    model = game_in_progress()
    for kind, payload in sequence:
        before = state(model)
        try:
            apply_row(model, kind, copy.deepcopy(payload), "live-h2", NOW)
        except REFUSALS:
            assert state(model) == before, f"a refused {kind} row changed the game: {payload!r}"


# Stat totals up to a billion: no real count comes near, and above it they are refused.
@FUZZ
@given(st.lists(rows([*FEED, "totals"], bound=1e9), min_size=1, max_size=6))
def test_what_an_accepted_feed_row_changed_can_be_published(sequence):
    model = game_in_progress()
    for kind, payload in sequence:
        try:
            changes = apply_row(model, kind, copy.deepcopy(payload), "live-h2", NOW)
        except REFUSALS:
            continue
        groups.dumps(groups.delta_payload("ev-known", 99, NOW, changes))
        groups.dumps(model.snapshot(now_ms=NOW))


@FUZZ
@given(st.lists(rows(FROM_SHOTTRACKER), min_size=1, max_size=6))
def test_the_relay_never_raises_and_counts_every_refusal(sequence):
    relay = GameRelay(
        Game(event_id="ev-known", name="Hawks vs Owls"), client=None, ws_url="ws://x/"
    )
    relay.log = GameLog(game_in_progress())
    for kind, payload in sequence:
        before, rejected = state(relay.model), relay.health.rejected
        try:  # the edge: the SDK parses each message once, and refuses it whole
            entry, period = parse_row(kind, copy.deepcopy(payload))
        except REFUSALS:
            assert state(relay.model) == before
            continue
        relay.record(entry, "live-h2", NOW, period=period)
        if relay.health.rejected > rejected:
            assert state(relay.model) == before


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -2, "12", True, None])
def test_a_stat_that_is_not_a_count_is_refused(value):
    model = game_in_progress()
    row = copy.deepcopy(TEMPLATES["stats"])
    row["data"]["stats"]["PTS"] = value
    before = state(model)
    with pytest.raises(REFUSALS):
        apply_row(model, "stats", row, "live-h2", NOW)
    assert state(model) == before


def test_absurd_totals_are_refused_before_they_overflow_the_score():
    model = game_in_progress()
    for version, player in ((16, ANN), (17, 12)):
        row = copy.deepcopy(TEMPLATES["stats"])
        row["data"].update(version=version, player_id=player)
        row["data"]["stats"] = {"PTS": 1.7e308}
        with contextlib.suppress(REFUSALS):
            apply_row(model, "stats", row, "live-h2", NOW)
    groups.dumps(model.snapshot(now_ms=NOW))


def test_a_not_a_number_score_reading_is_refused():
    model = game_in_progress()
    row = copy.deepcopy(TEMPLATES["game_totals"])
    row["homeTeamScore"]["value"] = math.nan
    with pytest.raises(REFUSALS):
        apply_row(model, "game_totals", row, "live-h2", NOW)


def test_an_infinite_id_in_a_catch_up_row_is_refused_not_raised():
    model = game_in_progress()
    row = {**TEMPLATES["totals"], "team_id": math.inf}
    before = state(model)
    with pytest.raises(REFUSALS):
        apply_row(model, "totals", row, "live-h2", NOW)
    assert state(model) == before


def test_a_session_row_with_a_bad_start_is_refused_whole():
    model = game_in_progress()
    row = copy.deepcopy(TEMPLATES["session"])
    row["started_at"] = "soon"
    before = state(model)
    with pytest.raises(REFUSALS):
        apply_row(model, "session", row, "live-h2", NOW)
    assert state(model) == before
