"""A practice as drills: their timeline from sessions and markers, and what each drill added.

Pure: no Django, no I/O. A practice is one event whose drills are live sessions
(``SHOOTING`` or ``SCRIMMAGE``). The markers drive the timeline: ``DRILL_START`` starts a
drill (else its session's start does), ``DRILL_END`` ends it, ``DRILL_NEXT`` names the
next drill, ``PRACTICE_END`` ends the drill running and the practice; a drill that got no
end marker ends when the next one starts.

Stats messages carry running totals for the whole practice (docs/wire.md), so what a
player did in a drill is the sum of the increments of their plays in it. A play or shot
belongs to the drill running at its ``occurred_at``; a correction keeps the time of the
shot it corrects, so it lands in that shot's drill even when it arrives later.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dashboard.coach import charts
from dashboard.coach.analytics import (
    BOARD_KEYS,
    PlayerTotals,
    ZoneCell,
    compare_zones,
    leaderboard,
    zone_cells,
)
from shottracker.models import STAT_KEYS

DRILL_TYPES = {"SHOOTING": "Shooting", "SCRIMMAGE": "Scrimmage"}
# The leaderboards of a drill, by its type.
DRILL_BOARDS = {
    "SHOOTING": ("FG", "FG_PCT", "FG3_PCT"),
    "SCRIMMAGE": ("PTS", "REB", "AST", "FG_PCT"),
}


@dataclass(frozen=True)
class MarkerRow:
    """A stored practice marker: the session it came in, its type, time and named live id."""

    session_id: str
    type: str
    occurred_at: int
    next_live_id: str | None = None


@dataclass
class Drill:
    """One drill of a practice."""

    live_id: str
    number: int
    type: str | None
    name: str
    started_at: int | None
    ended_at: int | None = None
    next_live_id: str | None = None
    active: bool = False

    @property
    def kind(self) -> str:
        return DRILL_TYPES.get(self.type or "", "Drill")

    @property
    def boards(self) -> tuple[str, ...]:
        return DRILL_BOARDS.get(self.type or "", DRILL_BOARDS["SCRIMMAGE"])

    def duration_ms(self, now_ms: int) -> int | None:
        if self.started_at is None:
            return None
        end = self.ended_at if self.ended_at is not None else now_ms
        return max(0, end - self.started_at)


def drills(
    sessions: Sequence[Mapping[str, Any]], markers: Iterable[MarkerRow], *, final: bool
) -> list[Drill]:
    """The practice's drills in start order, from its sessions (snapshot) and markers."""
    by_session: dict[str, list[MarkerRow]] = {}
    ended_practice: int | None = None
    for m in sorted(markers, key=lambda m: m.occurred_at):
        by_session.setdefault(m.session_id, []).append(m)
        if m.type == "PRACTICE_END":
            ended_practice = m.occurred_at if ended_practice is None else ended_practice
    out: list[Drill] = []
    for session in sessions:
        live_id = str(session.get("live_id") or "")
        own = by_session.get(live_id, [])
        starts = [m.occurred_at for m in own if m.type == "DRILL_START"]
        ends = [m.occurred_at for m in own if m.type in ("DRILL_END", "PRACTICE_END")]
        nexts = [m.next_live_id for m in own if m.type == "DRILL_NEXT" and m.next_live_id]
        started = min(starts) if starts else session.get("started_at")
        kind = session.get("session_type") or None
        out.append(
            Drill(
                live_id=live_id,
                number=0,
                type=kind,
                name=str(session.get("name") or ""),
                started_at=started,
                ended_at=max(ends) if ends else None,
                next_live_id=nexts[-1] if nexts else None,
            )
        )
    out.sort(key=lambda d: (d.started_at is None, d.started_at or 0))
    for i, drill in enumerate(out):
        drill.number = i + 1
        drill.name = drill.name or f"{drill.kind} drill"
        later = out[i + 1] if i + 1 < len(out) else None
        if drill.ended_at is None and later is not None and later.started_at is not None:
            drill.ended_at = later.started_at
        if drill.ended_at is None and ended_practice is not None:
            drill.ended_at = ended_practice
        drill.active = drill.ended_at is None and not final
    return out


class DrillIndex:
    """Finds the drill running at a time (the last one started at or before it)."""

    def __init__(self, drills: Sequence[Drill]) -> None:
        timed = [d for d in drills if d.started_at is not None]
        self._starts = [d.started_at for d in timed]
        self._drills = timed
        self._by_live_id = {d.live_id: d for d in drills}

    def at(self, occurred_at: int, live_id: str | None = None) -> Drill | None:
        i = bisect.bisect_right(self._starts, occurred_at)
        if i:
            return self._drills[i - 1]
        if live_id in self._by_live_id:
            return self._by_live_id[live_id]
        return self._drills[0] if self._drills else None


@dataclass
class DrillNumbers:
    """What each player did in one drill: stats added, and the shots taken."""

    players: dict[int, PlayerTotals] = field(default_factory=dict)
    shots: dict[int, list[Any]] = field(default_factory=dict)

    def zones(self, player_id: int | None = None) -> dict[int, ZoneCell]:
        """Makes and attempts per zone for one player, or for everyone."""
        if player_id is not None:
            return zone_cells(_Shot.wrap(self.shots.get(player_id, [])))
        return zone_cells(_Shot.wrap(s for shots in self.shots.values() for s in shots))


@dataclass(frozen=True)
class _Shot:
    occurred_at: int
    is_make: bool
    is_3point: bool
    zone: int
    status: str

    @classmethod
    def wrap(cls, shots: Iterable[Mapping[str, Any]]) -> list[_Shot]:
        return [
            cls(s["occurred_at"], s["is_make"], s["is_3point"], s["zone"], s["status"])
            for s in shots
        ]


def drill_numbers(
    drill_list: Sequence[Drill],
    plays: Iterable[Mapping[str, Any]],
    shots: Iterable[Mapping[str, Any]],
    names: Mapping[int, str],
    team_id: int | None = None,
) -> dict[str, DrillNumbers]:
    """Per drill (by live id): each player's stats added in it and their shots in it.

    ``plays`` and ``shots`` are the snapshot's (any order); ``names`` maps player ids to
    the names to show; ``team_id`` keeps one team's players only.
    """
    index = DrillIndex(drill_list)
    out = {d.live_id: DrillNumbers() for d in drill_list}
    before: dict[int, dict[str, float]] = {}
    for play in sorted(plays, key=lambda p: p["version"]):
        if team_id is not None and play["team_id"] != team_id:
            continue
        pid = play["player_id"]
        totals = {k: float(play["stats"].get(k, 0)) for k in STAT_KEYS}
        previous = before.get(pid, {})
        before[pid] = totals
        drill = index.at(play["occurred_at"], play.get("live_id"))
        if drill is None:
            continue
        numbers = out[drill.live_id]
        player = numbers.players.get(pid)
        if player is None:
            player = numbers.players[pid] = PlayerTotals(pid, names.get(pid, f"Player {pid}"))
        player.messages += 1
        for key, value in totals.items():
            added = value - previous.get(key, 0.0)
            if added:
                player.stats[key] = player.stats.get(key, 0.0) + added
    for shot in shots:
        if team_id is not None and shot["team_id"] != team_id:
            continue
        drill = index.at(shot["occurred_at"], shot.get("live_id"))
        if drill is not None:
            out[drill.live_id].shots.setdefault(shot["player_id"], []).append(shot)
    return out


# -- the practice page --------------------------------------------------------------------

ZONE_GROUPS = (
    ("Rim", (1,)),
    ("Paint", (2, 3, 4)),
    ("Mid-range", (5, 6, 7, 8, 9)),
    ("Corner 3", (10, 14)),
    ("Above-break 3", (11, 12, 13)),
)


def clock_text(ms: int | None) -> str:
    """A duration as M:SS (or H:MM:SS past an hour)."""
    if ms is None:
        return ""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def zone_groups(cells: Mapping[int, ZoneCell]) -> list[dict[str, Any]]:
    """Makes and attempts in the five areas of the floor, from the 14 zones."""
    out = []
    for title, zones in ZONE_GROUPS:
        fg = sum(cells[z].fg for z in zones)
        fga = sum(cells[z].fga for z in zones)
        out.append({"title": title, "fg": fg, "fga": fga, "pct": ZoneCell(0, fg, fga).pct})
    return out


def shooting_rows(numbers: DrillNumbers, names: Mapping[int, str]) -> list[dict[str, Any]]:
    """Per player who shot in the drill: the five areas, then all shots; most attempts first."""
    rows = []
    for pid in numbers.shots:
        cells = numbers.zones(pid)
        total = ZoneCell(0, sum(c.fg for c in cells.values()), sum(c.fga for c in cells.values()))
        if not total.fga:
            continue
        rows.append(
            {
                "id": pid,
                "name": names.get(pid, f"Player {pid}"),
                "groups": zone_groups(cells),
                "fg": total.fg,
                "fga": total.fga,
                "pct": total.pct,
            }
        )
    rows.sort(key=lambda r: (-r["fga"], r["name"]))
    return rows


def practice_context(
    snapshot: Mapping[str, Any],
    team_id: int,
    markers: Iterable[MarkerRow],
    *,
    drill_id: str | None,
    player_id: int | None,
) -> dict[str, Any]:
    """The template context of the practice panel."""
    team = next((t for t in snapshot.get("teams") or [] if t["id"] == team_id), None)
    if team is None:
        raise LookupError(f"team {team_id} is not in practice {snapshot.get('game_id')}")
    names = {p["id"]: p["display_name"] or f"Player {p['id']}" for p in team["players"]}
    final = snapshot.get("status") == "final"
    drill_list = drills(snapshot.get("sessions") or [], markers, final=final)
    numbers = drill_numbers(
        drill_list, snapshot.get("plays") or [], snapshot.get("shots") or [], names, team_id
    )
    current = next((d for d in drill_list if d.active), None)
    by_id = {d.live_id: d for d in drill_list}
    chosen = by_id.get(drill_id or "") or current or (drill_list[-1] if drill_list else None)
    now_ms = (snapshot.get("clock") or {}).get("as_of_ms") or 0
    last = drill_list[-1] if drill_list else None
    upcoming = None
    if last is not None and not last.active and not final and last.next_live_id:
        upcoming = "the next drill"
    context: dict[str, Any] = {
        "team": {"id": team["id"], "name": team["name"]},
        "final": final,
        "status_words": "Practice over"
        if final
        else ("Drill running" if current else "Between drills"),
        "drills": [
            {"drill": d, "duration": clock_text(d.duration_ms(now_ms)), "chosen": d is chosen}
            for d in drill_list
        ],
        "current": current,
        "upcoming": upcoming,
        "chosen": chosen,
        "players": [{"id": pid, "name": name} for pid, name in names.items()],
        "half_court": charts.HALF_COURT,
    }
    if chosen is None:
        return context
    drill = numbers[chosen.live_id]
    players = list(drill.players.values())
    boards = [(BOARD_KEYS[key].title, key, leaderboard(players, key)) for key in chosen.boards]
    shooter = player_id if player_id in drill.shots else None
    cells = drill.zones(shooter)
    total = ZoneCell(0, sum(c.fg for c in cells.values()), sum(c.fga for c in cells.values()))
    context.update(
        {
            "chosen_duration": clock_text(chosen.duration_ms(now_ms)),
            "boards": boards,
            "shooter": {"id": shooter, "name": names.get(shooter, f"Player {shooter}")}
            if shooter is not None
            else None,
            "shooters": [
                {"id": pid, "name": names.get(pid, f"Player {pid}")} for pid in drill.shots
            ],
            "zones": charts.zone_chart(compare_zones(cells, None)),
            "zone_total": total,
            "rows": shooting_rows(drill, names),
        }
    )
    return context
