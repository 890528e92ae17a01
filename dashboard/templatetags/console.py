"""How the console prints numbers: stats, percentages, distances, clock times.

``static/console.js`` formats live updates the same way (``fmt`` there); keep the two
in step so a number never changes its look when a delta replaces it.
"""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()

NO_VALUE = "\u2013"  # an en dash: nothing attempted, nothing to divide


@register.filter
def stat(value: float | None) -> str:
    """A box-score count: whole numbers without decimals, others with one."""
    if value is None:
        return "0"
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


@register.filter
def pct(value: float | None) -> str:
    """A shooting percentage with one decimal, or a dash when nothing was attempted."""
    return NO_VALUE if value is None else f"{float(value):.1f}"


@register.filter
def distance(metres: float | None) -> str:
    """Metres under a kilometre ('812 m'), kilometres with two decimals above ('1.23 km')."""
    value = float(metres or 0)
    if value < 1000:
        return f"{int(value + 0.5)} m"
    return f"{value / 1000:.2f} km"


@register.filter
def zone_pct(cell: dict | None) -> str:
    """A zone's FG% without decimals ('43%'), or a dash for a zone with no attempt."""
    if not cell or cell.get("pct") is None:
        return NO_VALUE
    return f"{int(float(cell['pct']) + 0.5)}%"


@register.filter
def time_of_day(epoch_ms: int | None) -> str:
    """Feed time (epoch ms) as HH:MM:SS in UTC; the page shows it in local time."""
    if not epoch_ms:
        return NO_VALUE
    moment = dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC)
    return moment.strftime("%H:%M:%S")


@register.filter
def iso_time(epoch_ms: int | None) -> str:
    """Epoch ms as an ISO 8601 instant, for ``<time datetime>``."""
    if not epoch_ms:
        return ""
    return dt.datetime.fromtimestamp(epoch_ms / 1000, tz=dt.UTC).isoformat()


@register.filter
def get(mapping: dict | None, key: object) -> object:
    """``mapping[key]`` for a key held in a variable (string or number keys)."""
    if not mapping:
        return None
    if key in mapping:
        return mapping[key]
    return mapping.get(str(key))


@register.filter
def label(value: str | None) -> str:
    """A feed constant for people: 'GAME_ROUND' -> 'Game round', 'H1' stays 'H1'."""
    if not value:
        return ""
    if len(value) <= 3:
        return value
    return value.replace("_", " ").capitalize()


_PERIODS = {"H1": "1st half", "H2": "2nd half"}
_STATUSES = {"scheduled": "Scheduled", "live": "Live", "halftime": "Halftime", "final": "Final"}
_PLAY_STATES = {"LIVE": "Ball live", "PAUSED": "Stoppage", "FOUL": "Foul"}
# Which running total a play's line shows, by the stat the classification is about.
_DETAIL = (
    (("FREE_THROW", "TWO_POINT", "THREE_POINT"), "PTS"),
    (("ASSIST",), "AST"),
    (("REBOUND",), "REB"),
    (("STEAL",), "STL"),
    (("TURNOVER",), "TO"),
)


@register.filter
def period_name(period: str | None) -> str:
    """'H1' -> '1st half'; other periods (OT1, a drill's name) as they are."""
    return _PERIODS.get(period or "", period or "")


@register.filter
def status_name(status: str | None) -> str:
    return _STATUSES.get(status or "", (status or "").capitalize())


@register.filter
def play_state_name(play_state: str | None) -> str:
    return _PLAY_STATES.get(play_state or "", NO_VALUE)


@register.filter
def play_text(play: dict) -> str:
    """A play's description; a correction's without its 'Correction: ' (the row is marked)."""
    return play["description"].removeprefix("Correction: ")


@register.filter
def play_detail(play: dict) -> str:
    """The player's running total the play moved, e.g. '12 PTS'."""
    classification = play["classification"]
    for words, key in _DETAIL:
        if any(word in classification for word in words):
            return f"{stat(play['stats'].get(key, 0))} {key}"
    return ""
