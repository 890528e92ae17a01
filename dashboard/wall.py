"""The multi-game wall: every live and recent game as a tile, and the alerts that stand out.

A tile is read from the game's row alone (the summary and health record the relay
writes every second), so one query serves twenty games and the wall costs the relay
nothing. ``Watch`` keeps what a wall needs to remember between two readings (who led,
when the feed reconnected) and turns readings into alerts:

- ``silent``: a live game's feed brought nothing for more than ``SILENT_MS``;
- ``mismatch``: ShotTracker's totals at the last catch-up (after which no stat came)
  disagree with our score;
- ``reconnects``: ``RECONNECTS`` or more feed reconnections within ``RECONNECT_WINDOW_MS``;
- ``unconfirmed``: the feed names players no roster lists: their stats are held off air;
- ``close``: a close game (``CLOSE_POINTS`` or fewer) in the last two minutes of a half;
- ``lead``: the lead changed hands (shown for ``LEAD_SHOWN_MS``).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from dashboard import vocabulary

SILENT_MS = 10_000
RECONNECTS = 3
RECONNECT_WINDOW_MS = 120_000
CLOSE_POINTS = 5
CLOSE_LEFT_MS = 120_000
LEAD_SHOWN_MS = 15_000
LIVE = ("live", "halftime")
ALERT_TEXT = {
    "silent": "Feed silent {seconds} s",
    "mismatch": "Score differs from ShotTracker ({theirs})",
    "reconnects": "{count} reconnects in 2 min",
    "unconfirmed": "{count} player(s) on no roster: held off air",
    "close": "Close game, {left} left",
    "lead": "Lead change: {team}",
}


def tile(row: dict[str, Any], now_ms: int, totals: dict[str, Any] | None = None) -> dict[str, Any]:
    """One game's tile from its row (``event_id, name, kind, status, summary, health``).

    ``totals`` is ShotTracker's ``gameTotals`` of the last catch-up when no stat came after
    it (so our score must equal it), else None.
    """
    summary = row.get("summary") or {}
    health = row.get("health") or {}
    teams = summary.get("teams") or [{"id": t.get("id"), "name": t.get("name"), "score": 0}
                                     for t in row.get("teams") or []]  # fmt: skip
    # A stalled feed may still answer pings: its silence is that of the game's data.
    last_ms = health.get("last_data_ms") or health.get("last_message_ms")
    kind = row.get("kind") or "game"
    status = row.get("status") or "scheduled"
    clock = _clock_now(summary, now_ms)
    connected = bool(health.get("connected"))
    # Every word and number as the console prints it: the one vocabulary, the teams' colours.
    identities = vocabulary.team_identities(
        [{"id": t.get("id"), "name": t.get("name")} for t in teams]
    )
    return {
        "id": row["event_id"],
        "name": row.get("name") or "",
        "kind": kind,
        "status": status,
        "period": summary.get("period"),
        "phase": (
            vocabulary.drill_label(summary.get("drill"))
            if kind == "practice" and status == "live"
            else vocabulary.phase_label(status, summary.get("period"), short=True)
        ),
        "play_state": (  # none before the first marker: no dash on a tile
            vocabulary.play_state_label(summary["play_state"])
            if status == "live" and summary.get("play_state")
            else ""
        ),
        "clock": vocabulary.clock_label(clock, kind) if clock else "",
        "teams": [_team(team, who) for team, who in zip(teams, identities, strict=True)],
        "left_ms": clock["remaining_ms"] if clock else None,
        "connected": connected,
        "feed": vocabulary.feed_state(connected),
        "age_ms": now_ms - last_ms if isinstance(last_ms, int) else None,
        "reconnects": int(health.get("reconnects") or 0),
        "unconfirmed": len(health.get("unconfirmed") or []),
        "theirs": _scores(totals) if totals else None,
    }


def _team(team: dict[str, Any], who: dict[str, Any]) -> dict[str, Any]:
    """A tile's team: its score, and its name, code and colours as every face shows them."""
    fields = ("name", "abbr", "colour", "ink")
    return {**{key: who[key] for key in fields}, "score": int(team.get("score") or 0)}


def _clock_now(summary: dict[str, Any], now_ms: int) -> dict[str, int] | None:
    """The summary's clock as it reads now: run on since the summary while it was running."""
    clock = summary.get("clock")
    if not isinstance(clock, dict) or not isinstance(clock.get("remaining_ms"), int | float):
        return None
    since = summary.get("summary_ms")
    ran = max(now_ms - since, 0) if clock.get("running") and isinstance(since, int) else 0
    return {
        "remaining_ms": max(int(clock["remaining_ms"]) - ran, 0),
        "elapsed_ms": int(clock.get("elapsed_ms") or 0) + ran,
    }


def _scores(totals: dict[str, Any]) -> list[int] | None:
    try:
        return [int(totals["homeTeamScore"]["value"]), int(totals["awayTeamScore"]["value"])]
    except (KeyError, TypeError, ValueError):
        return None


@dataclass
class _Memory:
    leader: int | None = None  # 0 home, 1 away: the last side ahead
    lead_change: tuple[int, str] | None = None  # (when, team that took the lead)
    reconnects: deque = field(default_factory=deque)  # (when, count) readings
    last_count: int | None = None


class Watch:
    """Alerts for a wall's tiles, remembering across readings (one per wall socket)."""

    def __init__(self) -> None:
        self._games: dict[str, _Memory] = {}

    def alerts(self, tile: dict[str, Any], now_ms: int) -> list[dict[str, str]]:
        """The alerts of one tile now, most urgent first: ``{"kind", "text"}`` each."""
        memory = self._games.setdefault(tile["id"], _Memory())
        live = tile["status"] in LIVE
        out: list[dict[str, str]] = []
        age = tile["age_ms"]
        if live and age is not None and age > SILENT_MS:
            out.append(_alert("silent", seconds=age // 1000))
        scores = [t["score"] for t in tile["teams"][:2]]
        theirs = tile.get("theirs")
        if theirs is not None and len(scores) == 2 and theirs != scores:
            out.append(_alert("mismatch", theirs=f"{theirs[0]}-{theirs[1]}"))
        recent = self._reconnects(memory, tile["reconnects"], now_ms)
        if recent >= RECONNECTS:
            out.append(_alert("reconnects", count=recent))
        if tile.get("unconfirmed"):
            out.append(_alert("unconfirmed", count=tile["unconfirmed"]))
        left = tile["left_ms"]
        if (live and len(scores) == 2 and left is not None and left <= CLOSE_LEFT_MS
                and abs(scores[0] - scores[1]) <= CLOSE_POINTS and tile["period"]):  # fmt: skip
            out.append(_alert("close", left=vocabulary.clock_text(left)))
        self._lead(memory, tile, scores, now_ms)
        if memory.lead_change is not None and now_ms - memory.lead_change[0] <= LEAD_SHOWN_MS:
            out.append(_alert("lead", team=memory.lead_change[1]))
        return out

    @staticmethod
    def _reconnects(memory: _Memory, count: int, now_ms: int) -> int:
        """Reconnections within the window, from the running count the health record keeps."""
        if memory.last_count is not None and count > memory.last_count:
            memory.reconnects.append((now_ms, count - memory.last_count))
        memory.last_count = count
        while memory.reconnects and now_ms - memory.reconnects[0][0] > RECONNECT_WINDOW_MS:
            memory.reconnects.popleft()
        return sum(n for _, n in memory.reconnects)

    @staticmethod
    def _lead(memory: _Memory, tile: dict[str, Any], scores: list[int], now_ms: int) -> None:
        if len(scores) != 2 or scores[0] == scores[1]:
            return
        leader = 0 if scores[0] > scores[1] else 1
        if memory.leader is not None and leader != memory.leader:
            memory.lead_change = (now_ms, tile["teams"][leader]["name"])
        memory.leader = leader


def _alert(kind: str, **values: Any) -> dict[str, str]:
    return {"kind": kind, "text": ALERT_TEXT[kind].format(**values)}
