"""How the console prints what it shows: the vocabulary's words and numbers as filters.

Words and number formats are ``dashboard.vocabulary``'s (``static/vocabulary.js`` formats
live updates from the same definitions); this module adds the console's own rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import template
from django.utils.html import escape, json_script
from django.utils.safestring import mark_safe

from dashboard import vocabulary

register = template.Library()

NO_VALUE = vocabulary.DASH

# The console's numbers are the vocabulary's (dashboard/vocabulary.py), as filters.
stat = register.filter("stat", vocabulary.stat)
pct = register.filter("pct", vocabulary.pct)
distance = register.filter("distance", vocabulary.distance)
made_of = register.filter("made_of", vocabulary.made_of)


def _field(cell: Any, name: str, default: Any = None) -> Any:
    """A cell's figure, whether the cell is a dict (a snapshot's) or an object (the coach's)."""
    if cell is None:
        return default
    if isinstance(cell, Mapping):
        return cell.get(name, default)
    return getattr(cell, name, default)


@register.filter
def tally(cell: Any) -> str:
    """A chart zone's (or a drill's, a player's) makes of attempts: '3/7'."""
    return vocabulary.tally(_field(cell, "fg", 0), _field(cell, "fga", 0))


@register.filter
def zone_pct(cell: Any) -> str:
    """A zone's FG% without decimals ('43%'), or a dash for a zone with no attempt."""
    return vocabulary.zone_pct(_field(cell, "pct"))


@register.filter
def clock_label(state: dict) -> str:
    """A snapshot's clock as every face prints it (time left in a game, elapsed in a practice)."""
    return vocabulary.clock_label(state.get("clock"), state.get("kind") or "game")


@register.simple_tag
def vocabulary_data(teams: list[dict] | None = None) -> str:
    """The vocabulary for the page's scripts (``static/vocabulary.js`` reads it)."""
    return json_script(vocabulary.for_browser(teams or []), "vocabulary")


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
def team_name(team_id: int | None, teams: list[dict] | None) -> str:
    """A team's name among the game's teams, else 'team <id>' (as console.js writes it)."""
    team = next((t for t in teams or [] if t.get("id") == team_id), None)
    return str(team["name"]) if team and team.get("name") else f"team {team_id}"


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
    """'H1' -> '1st half', 'OT2' -> 'Overtime 2'; other periods (a drill's name) as they are."""
    return vocabulary.period_label(period)


period_shown = register.filter("period_shown", vocabulary.period_shown)
feed_state = register.filter("feed_state", vocabulary.feed_state)
drill_name = register.filter("drill_name", vocabulary.drill_label)
status_name = register.filter("status_name", vocabulary.status_label)
play_state_name = register.filter("play_state_name", vocabulary.play_state_label)


@register.filter
def side_of(team_id: int | None, teams: list[dict]) -> str:
    """The side ("home", "away", "other") of a team among the page's teams; "" if none."""
    for team in teams:
        if team["id"] == team_id:
            return team["side"]
    return ""


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


# -- rows rendered in Python ---------------------------------------------------------------
# A game page lists hundreds of rows; a template include per row (and a template variable
# per cell) cost most of its render. These tags print the same markup as the templates did
# (static/console.js builds the live rows with the same classes and data attributes).

_STAT_COLUMNS = (
    ("num pts", ("PTS",), stat),
    ("num", ("FG", "FGA"), stat),
    ("num pct", ("FG_PCT",), pct),
    ("num", ("FG3", "FGA3"), stat),
    ("num pct", ("FG3_PCT",), pct),
    ("num", ("FT", "FTA"), stat),
    ("num pct", ("FT_PCT",), pct),
    ("num", ("OFFENSIVE_REB",), stat),
    ("num", ("DEFENSIVE_REB",), stat),
    ("num", ("REB",), stat),
    ("num", ("AST",), stat),
    ("num", ("STL",), stat),
    ("num", ("TO",), stat),
    ("num dist", ("DIST_M",), distance),
)


@register.simple_tag
def stat_cells(stats: dict | None) -> str:
    """A box-score row's cells: PTS, FG, FG%, 3P, 3P%, FT, FT%, OREB … DIST."""
    stats = stats or {}
    cells = []
    for css, keys, show in _STAT_COLUMNS:
        if len(keys) == 1:
            key = keys[0]
            cells.append(f'<td class="{css}" data-stat="{key}">{show(stats.get(key))}</td>')
        else:
            made, tried = keys
            cells.append(
                f'<td class="{css}"><span data-stat="{made}">{show(stats.get(made))}</span>-'
                f'<span data-stat="{tried}">{show(stats.get(tried))}</span></td>'
            )
    return mark_safe("\n".join(cells))  # numbers and constants only


_CORRECTION_TAG = '<span class="tag-correction">Correction</span>'


@register.simple_tag
def play_rows(plays: list[dict], teams: list[dict]) -> str:
    """The play-by-play's rows (``<li class="play …">``), newest first as given."""
    rows = []
    for play in plays:
        correction = play.get("is_correction")
        at = play["occurred_at"]
        rows.append(
            f'<li class="play{" correction" if correction else ""} '
            f'side-{side_of(play["team_id"], teams)}" data-version="{play["version"]}" '
            f'data-team="{play["team_id"]}" data-player="{play["player_id"]}">'
            f'<span class="play-period">{escape(play.get("period") or "")}</span>'
            f'<time class="play-time mono" datetime="{iso_time(at)}" data-ms="{at}">'
            f"{time_of_day(at)}</time>"
            f'<span class="play-text">'
            f"{_CORRECTION_TAG if correction else ''}"
            f'<span class="play-words">{escape(play_text(play))}</span></span>'
            f'<span class="play-detail mono">{escape(play_detail(play))}</span></li>'
        )
    return mark_safe("\n".join(rows))  # every text escaped above


@register.simple_tag
def shot_marks(chart: dict, teams: list[dict]) -> str:
    """The shot chart's marks: a ring for a make, a cross for a miss, at the shot's spot."""
    ring = f'<circle r="{chart["mark_radius"]}"/>'
    cross = f'<path d="{escape(chart["miss_path"])}"/>'
    marks = []
    for shot in chart["shots"]:
        make = shot["is_make"]
        marks.append(
            f'<g class="shot {"make" if make else "miss"} side-{side_of(shot["team_id"], teams)}" '
            f'data-shot="{escape(shot["id"])}" data-team="{shot["team_id"]}" '
            f'data-zone="{escape(shot["zone"])}" data-make="{1 if make else 0}" '
            f'transform="translate({shot["x"]} {shot["y"]})">{ring if make else cross}</g>'
        )
    return mark_safe("".join(marks))  # every text escaped above
