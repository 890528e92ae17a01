"""The one vocabulary: every word, number format and team identity a face shows.

The console, the overlay's graphics, the graphics panel and the coach views print a
period, a status, a play state, a clock, a stat or a team's colour through this module,
and their scripts read the same definitions: ``for_browser()`` is handed to each page with
``json_script`` (id ``vocabulary``) and ``static/vocabulary.js`` formats from it. Two
copies drift, and viewers see it (the coach view once said "Live ball" where the console
said "Ball live", and wrote FG "1/1" where the overlay wrote "1-1").
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any

DASH = "\u2013"  # an en dash: nothing attempted, nothing to divide, nothing to show

# -- words ------------------------------------------------------------------------------------

# A game's periods: long (console, coach, titles) and short (the scorebug).
PERIODS = {"H1": ("1st half", "1st"), "H2": ("2nd half", "2nd")}
# Overtime periods are OT1, OT2…: "Overtime" / "OT" for the first, then numbered.
OVERTIME = ("Overtime", "OT")
_OVERTIME = re.compile(r"OT(\d{1,2})")
BEFORE_PLAY = ("Pre-game", "Pre")
# A practice's drill: "Drill 2 · Shooting", or before the first one.
DRILL, NO_DRILL = "Drill", "No drill yet"
STATUSES = {
    "scheduled": "Scheduled",
    "live": "Live",
    "halftime": "Halftime",
    "final": "Final",
}
# The scorebug's word for a status that stands in for the period.
STATUS_SHORT = {"halftime": "Half", "final": "Final"}
PLAY_STATES = {"LIVE": "Ball live", "PAUSED": "Stoppage", "FOUL": "Foul"}
# The feed's state, connected or not (the console's health panel, the wall's tiles).
FEED_STATES = {"connected": "Feed connected", "down": "Feed not connected"}
# What a clock means, by kind of event: a game's counts down, a practice's counts up.
CLOCK_MEANING = {"game": "remaining", "practice": "elapsed"}
# Instant replay of movement: what it replays, how fast, and how a shot ended.
REPLAY_OF = {"shot": "Last shot", "now": "Last seconds"}
REPLAY_SPEEDS = {"1": "Real speed", "0.5": "\u00bd speed", "0.25": "\u00bc speed"}
SHOT_RESULTS = {True: "Made", False: "Missed"}
SHOT_KINDS = {False: "2-pointer", True: "3-pointer"}
REPLAY_CHOICES_SECONDS = (5, 8, 15)  # the console's quick choices (the API takes 3-30)


def period_label(code: str | None, *, short: bool = False) -> str:
    """'H1' -> '1st half' ('1st'); 'OT1' -> 'Overtime' ('OT'), 'OT2' -> 'Overtime 2' ('OT2').

    Another code (a drill's name) is shown as it is; no period is ''.
    """
    if not code:
        return ""
    if code in PERIODS:
        return PERIODS[code][1 if short else 0]
    match = _OVERTIME.fullmatch(code)
    if match:
        number = int(match.group(1))
        word = OVERTIME[1 if short else 0]
        if number <= 1:
            return word
        return f"{word}{number}" if short else f"{word} {number}"
    return code


def period_shown(code: str | None, *, short: bool = False) -> str:
    """The period's name, or 'Pre-game' ('Pre') before the first."""
    return period_label(code, short=short) or BEFORE_PLAY[1 if short else 0]


def drill_label(drill: Mapping[str, Any] | None) -> str:
    """A practice's drill as every face names it: 'Drill 2 · Shooting' ('No drill yet')."""
    if not drill:
        return NO_DRILL
    name = drill.get("name")
    return f"{DRILL} {drill.get('number')}" + (f" · {name}" if name else "")


def status_label(status: str | None) -> str:
    return STATUSES.get(status or "", (status or "").capitalize())


def play_state_label(play_state: str | None) -> str:
    return PLAY_STATES.get(play_state or "", DASH)


def phase_label(status: str | None, period: str | None, *, short: bool = False) -> str:
    """Where a game stands: 'Halftime', 'Final', the period's name, or 'Pre-game'."""
    if status in STATUS_SHORT:
        return STATUS_SHORT[status] if short else STATUSES[status]
    return period_shown(period, short=short)


# -- numbers ----------------------------------------------------------------------------------


def stat(value: Any) -> str:
    """A counting stat: whole numbers without decimals ('7'), others with one ('7.5')."""
    number = float(value or 0)
    return str(int(number)) if number.is_integer() else f"{number:.1f}"


def made_of(made: Any, attempted: Any) -> str:
    """Makes and attempts: '7-12'."""
    return f"{stat(made)}-{stat(attempted)}"


def tally(made: Any, attempted: Any) -> str:
    """Makes of attempts on a chart or a leaderboard (a zone, a drill, a leader): '3/7'."""
    return f"{stat(made)}/{stat(attempted)}"


def pct(value: float | None) -> str:
    """A shooting percentage with one decimal ('45.5'), or a dash when nothing was attempted."""
    return DASH if value is None else f"{float(value):.1f}"


def zone_pct(value: float | None) -> str:
    """A zone's FG% without decimals ('43%'), or a dash for a zone with no attempt."""
    return DASH if value is None else f"{int(float(value) + 0.5)}%"


def distance(metres: Any) -> str:
    """Metres under a kilometre ('812 m'), kilometres with two decimals above ('1.23 km')."""
    value = float(metres or 0)
    if value < 1000:
        return f"{int(value + 0.5)} m"
    return f"{value / 1000:.2f} km"


def feed_state(connected: bool) -> str:
    """Whether the feed is connected, in the console's words."""
    return FEED_STATES["connected" if connected else "down"]


def clock_ms(clock: Mapping[str, Any], kind: str) -> int:
    """The milliseconds a clock shows: time remaining in a game, time elapsed in a practice."""
    key = "elapsed_ms" if CLOCK_MEANING.get(kind) == "elapsed" else "remaining_ms"
    return int(clock.get(key) or 0)


def clock_text(ms: int) -> str:
    """MM:SS, rounded up so 00:00 means the time is really over."""
    seconds = math.ceil(max(0, ms) / 1000)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def clock_label(clock: Mapping[str, Any] | None, kind: str) -> str:
    """A snapshot's clock as every face prints it."""
    return clock_text(clock_ms(clock or {}, kind))


# -- team identity ----------------------------------------------------------------------------

# Strong, distinct colours with white text legible on each. A team keeps its colour from
# game to game (picked by its name); the away team never wears the home colour.
PALETTE = (
    "#c8102e", "#0b4ea2", "#00843d", "#5f259f", "#e35205", "#0e7c86",
    "#862633", "#1d2a5c", "#b8860b", "#2f3a46",
)  # fmt: skip
OTHER_COLOUR = "#8a94a7"  # a team that is neither side (a practice's second group)
SIDES = ("home", "away")


def abbreviation(name: str) -> str:
    """A team's short code: 'Riverside Hawks' -> 'RIV', 'Cedar Falls Comets' -> 'CF'."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "?"
    school = words[:-1] or words
    if len(school) == 1:
        return school[0][:3].upper()
    return "".join(w[0] for w in school)[:4].upper()


def team_colours(names: Iterable[str]) -> list[str]:
    """A colour for each team (home first), stable for a name and never shared."""
    taken: list[str] = []
    for name in names:
        index = zlib.crc32(name.encode()) % len(PALETTE)
        while PALETTE[index] in taken and len(taken) < len(PALETTE):
            index = (index + 1) % len(PALETTE)
        taken.append(PALETTE[index])
    return taken


def ink(colour: str, white: float = 0.35) -> str:
    """A team colour lightened for lines and marks on the dark console and coach screens."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * white) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


# Where staff's settings of a team's identity come from (``dashboard.identity``, set when
# the app is ready): team id -> {"abbr", "colour", "secondary", "logo"}, any of them blank
# for the default. None: every team has the defaults from its name (tests, pure use).
_identity_source: Callable[[], Mapping[int, Mapping[str, str]]] | None = None


def set_identity_source(source: Callable[[], Mapping[int, Mapping[str, str]]] | None) -> None:
    """Install the source of staff-set team identities (``dashboard.apps``)."""
    global _identity_source
    _identity_source = source


def team_identities(teams: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each team (home first) as every face shows it: id, side, name, code, colour, ink,
    secondary colour and logo URL (path). Staff's settings win; the rest comes from the name."""
    teams = list(teams)
    set_by_staff = _identity_source() if _identity_source is not None else {}
    names = [team.get("name") or str(team["id"]) for team in teams]
    colours = team_colours(names[:2]) + [OTHER_COLOUR] * max(0, len(teams) - 2)
    chosen = [(set_by_staff.get(team["id"]) or {}).get("colour") for team in teams]
    for index in range(min(2, len(teams))):
        colour = chosen[index] or colours[index]
        other = 1 - index
        # A default colour never matches the other team's (set or default) colour.
        if not chosen[index] and other < len(teams) and colour == (chosen[other] or None):
            colour = next(c for c in PALETTE if c not in (chosen[other], colours[other]))
        colours[index] = colour
    out = []
    for index, (team, name, colour) in enumerate(zip(teams, names, colours, strict=True)):
        staff = set_by_staff.get(team["id"]) or {}
        out.append({
            "id": team["id"],
            "side": SIDES[index] if index < len(SIDES) else "other",
            "name": team.get("name") or f"Team {team['id']}",
            "abbr": staff.get("abbr") or abbreviation(name),
            "colour": colour,
            "ink": ink(colour),
            "secondary": staff.get("secondary") or "",
            "logo": staff.get("logo") or "",
        })  # fmt: skip
    return out


# -- for the browser --------------------------------------------------------------------------


def for_browser(teams: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The vocabulary as JSON for ``json_script`` (read by static/vocabulary.js)."""
    return {
        "dash": DASH,
        "periods": PERIODS,
        "overtime": OVERTIME,
        "before_play": BEFORE_PLAY,
        "drill": [DRILL, NO_DRILL],
        "replay": {
            "speeds": REPLAY_SPEEDS,
            "results": [SHOT_RESULTS[False], SHOT_RESULTS[True]],
            "kinds": [SHOT_KINDS[False], SHOT_KINDS[True]],
        },
        "statuses": STATUSES,
        "status_short": STATUS_SHORT,
        "play_states": PLAY_STATES,
        "clock_meaning": CLOCK_MEANING,
        "feed_states": FEED_STATES,
        "teams": team_identities(teams),
    }
