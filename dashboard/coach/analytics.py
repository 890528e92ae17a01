"""Team analytics over a date range: windows, merging, leaderboards, zones, trends, CSV.

Pure: no Django, no I/O. The team endpoints refuse a range longer than 8 months, so a
longer range is split into consecutive windows (``shottracker.ranges.split_range``) and
their answers merged.

How 8 months are counted (``shottracker.ranges``, the rule the emulator enforces): calendar
months in UTC, the day clamped to the end of the target month, so a window that starts on
31 January 2024 10:00 may end at 30 September 2024 10:00 (8 months on, clamped), and
``to`` equal to that limit is still accepted. Both ends of a range are inclusive (an
event that starts exactly at ``to`` is in it), so each window after the first starts one
millisecond after the previous one ends and no event is counted twice.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from broadcast.game.boxscore import box_score, pct
from broadcast.game.shots import zone_totals
from dashboard import vocabulary
from shottracker.court import ZONES
from shottracker.resources import TeamEvent, TeamPlayerShots, TeamPlayerStats

# -- merging the windows' answers ----------------------------------------------------------


@dataclass
class PlayerTotals:
    """A player's stats summed over a range (or an event), with the name the API gave."""

    id: int
    name: str
    stats: dict[str, float] = field(default_factory=dict)
    messages: int = 0  # the API's "version": how many stats messages went into the sum

    @property
    def box(self) -> dict[str, int | float | None]:
        """Every stat key plus DIST_M and the shooting percentages."""
        return box_score(self.stats)


def _name(firstname: str | None, lastname: str | None, player_id: int) -> str:
    full = " ".join(part for part in (firstname, lastname) if part)
    return full or f"Player {player_id}"


def merge_stats(parts: Iterable[TeamPlayerStats]) -> list[PlayerTotals]:
    """The windows' player stats summed key by key, ordered by points then name."""
    players: dict[int, PlayerTotals] = {}
    for part in parts:
        for entry in part.player_stats:
            details = entry.player_details
            player = players.get(entry.id)
            if player is None:
                name = _name(details.firstname, details.lastname, entry.id)
                player = players[entry.id] = PlayerTotals(entry.id, name)
            for key, value in entry.stats.items():
                player.stats[key] = player.stats.get(key, 0.0) + value
            player.messages += entry.version
    return sorted(players.values(), key=lambda p: (-p.stats.get("PTS", 0.0), p.name))


class ShotLike(Protocol):
    occurred_at: int
    is_make: bool
    is_3point: bool
    zone: int
    status: str


@dataclass
class PlayerShotList:
    """A player's shots over a range, oldest first."""

    id: int
    name: str
    shots: list[Any] = field(default_factory=list)


def merge_shots(parts: Iterable[TeamPlayerShots]) -> list[PlayerShotList]:
    """The windows' shots per player, each shot once (by its identity), oldest first."""
    players: dict[int, PlayerShotList] = {}
    seen: set[tuple[int, int]] = set()
    for part in parts:
        for entry in part.player_shots:
            details = entry.player_details
            player = players.get(entry.id)
            if player is None:
                name = _name(details.firstname, details.lastname, entry.id)
                player = players[entry.id] = PlayerShotList(entry.id, name)
            for shot in entry.shots:
                if (entry.id, shot.occurred_at) in seen:
                    continue
                seen.add((entry.id, shot.occurred_at))
                player.shots.append(shot)
    for player in players.values():
        player.shots.sort(key=lambda s: s.occurred_at)
    return sorted(players.values(), key=lambda p: p.name)


def merge_events(parts: Iterable[Iterable[TeamEvent]]) -> list[TeamEvent]:
    """The windows' events, each once, oldest first."""
    events: dict[str, TeamEvent] = {}
    for part in parts:
        for event in part:
            events.setdefault(event.id, event)
    return sorted(events.values(), key=lambda e: (e.started_at, e.id))


# -- leaderboards -------------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    """A leaderboard: the box-score key it ranks by, and for a percentage its attempts."""

    key: str
    title: str
    attempts: str | None = None
    made: str | None = None


BOARDS = (
    Board("PTS", "Points"),
    Board("FG_PCT", "FG%", attempts="FGA", made="FG"),
    Board("FG3_PCT", "3P%", attempts="FGA3", made="FG3"),
    Board("FT_PCT", "FT%", attempts="FTA", made="FT"),
    Board("REB", "Rebounds"),
    Board("AST", "Assists"),
    Board("DIST_M", "Distance (m)"),
)
# Boards the practice view adds (a shooting drill is about makes).
EXTRA_BOARDS = (Board("FG", "Makes"), Board("FG3", "Threes made"), Board("STL", "Steals"))
BOARD_KEYS = {board.key: board for board in (*BOARDS, *EXTRA_BOARDS)}
# A percentage ranks only players with at least this share of the most attempts, so one
# make in one try does not top a shooter who went 40 for 80.
QUALIFYING_SHARE = 0.25


@dataclass(frozen=True)
class Standing:
    """One row of a leaderboard; ``detail`` is "made/attempted" for a percentage."""

    rank: int
    player_id: int
    name: str
    value: float
    detail: str = ""
    text: str = ""  # the value as shown: "52.0%", "97.1 km", "14"


def value_text(key: str, value: float) -> str:
    """A leaderboard value as every face prints it: '52.0%', '1.25 km', '14'."""
    if key.endswith("_PCT"):
        return f"{vocabulary.pct(value)}%"
    if key == "DIST_M":
        return vocabulary.distance(value)
    return vocabulary.stat(value)


def leaderboard(players: Sequence[PlayerTotals], key: str, limit: int = 5) -> list[Standing]:
    """The top players by a box-score key; ties share a rank (1, 2, 2, 4)."""
    board = BOARD_KEYS[key]
    rows = []
    minimum = 0.0
    if board.attempts:
        most = max((p.stats.get(board.attempts, 0.0) for p in players), default=0.0)
        minimum = max(1.0, math.ceil(most * QUALIFYING_SHARE))
    for player in players:
        box = player.box
        value = box.get(key)
        if value is None:
            continue
        detail = ""
        if board.attempts and board.made:
            attempts = player.stats.get(board.attempts, 0.0)
            if attempts < minimum:
                continue
            detail = vocabulary.tally(player.stats.get(board.made, 0.0), attempts)
        elif value <= 0:
            continue
        rows.append((value, player, detail))
    rows.sort(key=lambda r: (-r[0], r[1].name))
    standings: list[Standing] = []
    for i, (value, player, detail) in enumerate(rows[:limit]):
        rank = standings[-1].rank if standings and standings[-1].value == value else i + 1
        text = value_text(key, value)
        standings.append(Standing(rank, player.id, player.name, value, detail, text))
    return standings


# -- zones --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ZoneCell:
    """Makes and attempts in one zone."""

    zone: int
    fg: int
    fga: int

    @property
    def pct(self) -> float | None:
        return pct(self.fg, self.fga)


def zone_cells(shots: Iterable[ShotLike]) -> dict[int, ZoneCell]:
    """Makes and attempts per zone (1-14) by the game model's one tally (``zone_totals``)."""
    return cells_from_model({str(z): cell for z, cell in zone_totals(shots).items()})


def cells_from_model(chart: dict[str, dict[str, Any]]) -> dict[int, ZoneCell]:
    """The game model's zone chart (``"1".."14"``: fga, fg) as zone cells."""
    out = {}
    for zone in ZONES:
        cell = chart.get(str(zone)) or {}
        out[zone] = ZoneCell(zone, int(cell.get("fg", 0)), int(cell.get("fga", 0)))
    return out


@dataclass(frozen=True)
class ZoneComparison:
    """A zone now against the team's average over a range: the difference in points of %."""

    now: ZoneCell
    average: ZoneCell | None

    @property
    def diff(self) -> float | None:
        if self.average is None or self.now.pct is None or self.average.pct is None:
            return None
        return round(self.now.pct - self.average.pct, 1)


def compare_zones(
    now: dict[int, ZoneCell], average: dict[int, ZoneCell] | None
) -> dict[int, ZoneComparison]:
    """Each zone's cell next to the same zone's average (None when no range was loaded)."""
    return {
        zone: ZoneComparison(now[zone], average.get(zone) if average is not None else None)
        for zone in ZONES
    }


# -- trends across events -----------------------------------------------------------------

TREND_KEYS = ("PTS", "FG_PCT", "FG3_PCT", "FT_PCT", "REB", "AST", "DIST_M")


@dataclass(frozen=True)
class TrendPoint:
    """A team's numbers in one event of the range."""

    event_id: str
    name: str
    started_at: int
    values: dict[str, float | None]


def team_line(players: Iterable[PlayerTotals]) -> dict[str, int | float | None]:
    """A team's box score: its players' stats summed, percentages of the sums."""
    summed: dict[str, float] = {}
    for player in players:
        for key, value in player.stats.items():
            summed[key] = summed.get(key, 0.0) + value
    return box_score(summed)


def trend(events: Iterable[tuple[TeamEvent, Sequence[PlayerTotals]]]) -> list[TrendPoint]:
    """One point per event (oldest first) with the team's totals in it; empty events skipped."""
    points = []
    for event, players in sorted(events, key=lambda pair: pair[0].started_at):
        if not any(p.messages or p.stats for p in players):
            continue
        line = team_line(players)
        points.append(
            TrendPoint(
                event.id,
                event.name or "",
                event.started_at,
                {key: line.get(key) for key in TREND_KEYS},
            )
        )
    return points


# -- CSV ----------------------------------------------------------------------------------

PLAYER_COLUMNS = (
    ("Player", None), ("PTS", "PTS"), ("FGM", "FG"), ("FGA", "FGA"), ("FG%", "FG_PCT"),
    ("3PM", "FG3"), ("3PA", "FGA3"), ("3P%", "FG3_PCT"), ("FTM", "FT"), ("FTA", "FTA"),
    ("FT%", "FT_PCT"), ("REB", "REB"), ("OREB", "OFFENSIVE_REB"), ("DREB", "DEFENSIVE_REB"),
    ("AST", "AST"), ("STL", "STL"), ("TO", "TO"), ("Distance (m)", "DIST_M"),
)  # fmt: skip


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection):
# "=HYPERLINK(…)" in a player's name would run in Excel. Tab and CR start one too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted with ``'``.

    Numbers stay numbers (a negative number is not a formula); anything else that would
    start a formula gets the apostrophe spreadsheets themselves use for literal text.
    """
    if not text.startswith(FORMULA_STARTS):
        return text
    try:
        float(text)
    except ValueError:
        return "'" + text
    return text


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def player_csv_rows(players: Sequence[PlayerTotals]) -> list[list[str]]:
    """A header and one row per player, the team's totals last."""
    rows = [[title for title, _ in PLAYER_COLUMNS]]
    for player in players:
        box = player.box
        rows.append([player.name, *(_cell(box.get(key)) for _, key in PLAYER_COLUMNS[1:])])
    line = team_line(players)
    rows.append(["Team", *(_cell(line.get(key)) for _, key in PLAYER_COLUMNS[1:])])
    return rows


def trend_csv_rows(points: Sequence[TrendPoint]) -> list[list[str]]:
    """A header and one row per event: date (UTC), event, then the trend numbers."""
    titles = {key: title for title, key in PLAYER_COLUMNS if key}
    rows = [["Date (UTC)", "Event", *(titles[key] for key in TREND_KEYS)]]
    for point in points:
        day = datetime.fromtimestamp(point.started_at / 1000, UTC).strftime("%Y-%m-%d %H:%M")
        rows.append([day, point.name, *(_cell(point.values.get(key)) for key in TREND_KEYS)])
    return rows
