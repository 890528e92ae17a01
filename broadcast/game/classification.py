"""What each stats classification may do to a player's totals (the spec's classification table).

A stats message carries the player's running totals after one event; against the
player's previous totals its change must be what its classification says: a
``TWO_POINT_MAKE`` moves FGA, FG and PTS by exactly +1, +1, +2 and nothing else, a
``DELETED_…`` one takes back exactly what the deleted event gave, an ``UPDATED_…`` one
swaps one result for the other, ``DISTANCE`` only grows DIST. A rebound may or may not
carry its kind (the spec says OFFENSIVE_REB/DEFENSIVE_REB are "typically paired" with
REB), so a classification lists the changes it allows. DIST may grow with any message.

Only the keys a message carries are checked: a message that leaves a key out says
nothing about it. ``contradiction`` is pure and knows nothing of versions: the caller
decides whether the previous totals are known (a gap means they are not, and then
nothing is refused).
"""

from __future__ import annotations

from collections.abc import Mapping

Change = dict[str, float]

_FT_MAKE = {"FTA": 1, "FT": 1, "PTS": 1}
_FT_MISS = {"FTA": 1}
_TWO_MAKE = {"FGA": 1, "FG": 1, "PTS": 2}
_TWO_MISS = {"FGA": 1}
_THREE_MAKE = {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3}
_THREE_MISS = {"FGA": 1, "FGA3": 1}
_OFFENSIVE = [{"REB": 1, "OFFENSIVE_REB": 1}, {"OFFENSIVE_REB": 1}]
_DEFENSIVE = [{"REB": 1, "DEFENSIVE_REB": 1}, {"DEFENSIVE_REB": 1}]
_REBOUND = [{"REB": 1}, {"REB": 1, "OFFENSIVE_REB": 1}, {"REB": 1, "DEFENSIVE_REB": 1}]


def _negative(changes: list[Change]) -> list[Change]:
    return [{key: -value for key, value in change.items()} for change in changes]


def _swap(from_: Change, to: Change) -> list[Change]:
    keys = set(from_) | set(to)
    return [{key: to.get(key, 0) - from_.get(key, 0) for key in keys}]


_EVENTS: dict[str, list[Change]] = {
    "FREE_THROW_MISS": [_FT_MISS],
    "FREE_THROW_MAKE": [_FT_MAKE],
    "TWO_POINT_MISS": [_TWO_MISS],
    "TWO_POINT_MAKE": [_TWO_MAKE],
    "THREE_POINT_MISS": [_THREE_MISS],
    "THREE_POINT_MAKE": [_THREE_MAKE],
    "ASSIST": [{"AST": 1}],
    "TURNOVER": [{"TO": 1}],
    "STEAL": [{"STL": 1}],
    "REBOUND": _REBOUND,
    "OFFENSIVE_REBOUND": _OFFENSIVE,
    "DEFENSIVE_REBOUND": _DEFENSIVE,
}

ALLOWED: dict[str, list[Change]] = {
    **_EVENTS,
    **{f"DELETED_{name}": _negative(changes) for name, changes in _EVENTS.items()},
    "UPDATED_FREE_THROW_MAKE_TO_MISS": _swap(_FT_MAKE, _FT_MISS),
    "UPDATED_FREE_THROW_MISS_TO_MAKE": _swap(_FT_MISS, _FT_MAKE),
    "UPDATED_TWO_POINT_MAKE_TO_MISS": _swap(_TWO_MAKE, _TWO_MISS),
    "UPDATED_TWO_POINT_MISS_TO_MAKE": _swap(_TWO_MISS, _TWO_MAKE),
    "UPDATED_THREE_POINT_MAKE_TO_MISS": _swap(_THREE_MAKE, _THREE_MISS),
    "UPDATED_THREE_POINT_MISS_TO_MAKE": _swap(_THREE_MISS, _THREE_MAKE),
    "DISTANCE": [{}],  # DIST only grows (below); nothing else moves
}


def contradiction(
    classification: str, previous: Mapping[str, float], stats: Mapping[str, float]
) -> str | None:
    """Why ``stats`` cannot follow ``previous`` under ``classification``; None when it can."""
    if "DIST" in stats and stats["DIST"] < previous.get("DIST", 0):
        return f"DIST goes back from {_n(previous.get('DIST', 0))} to {_n(stats['DIST'])}"
    allowed = ALLOWED.get(classification)
    if allowed is None:
        return None  # a classification the table does not know: nothing to contradict
    moved = {
        key: value - previous.get(key, 0)
        for key, value in stats.items()
        if key != "DIST" and value != previous.get(key, 0)
    }
    checked = [key for key in stats if key != "DIST"]
    for change in allowed:
        if all(moved.get(key, 0) == change.get(key, 0) for key in checked):
            return None
    said = ", ".join(f"{key} {_signed(moved[key])}" for key in sorted(moved)) or "nothing"
    return f"{classification} cannot move {said}"


def _n(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _signed(value: float) -> str:
    return f"{'+' if value > 0 else ''}{_n(value)}"
