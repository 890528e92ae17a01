"""The game log: apply a typed message, give it its identity and ``seq``, record its row, replay.

One object for the relay and for every web process. The relay hands it the SDK's typed
messages (parsed once, at the edge: ``shottracker.feed`` and ``shottracker.resources``);
the log applies each to the pure model and returns the row to store: the message's wire
form, written once, numbered ``seq`` when it changed the game. A web process or a restarted
relay replays the stored rows through the same object, parsing each row once, in the
order the relay applied them, and so arrives at exactly the state the relay published.

Catch-up re-sends everything at every reconnect: a message whose identity the log already
holds is that same message again and is not stored twice. A new one is stored even when it
changed nothing visible: it may still shape later plays (a late DISTANCE version enters the
player's history), and a replay must see it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from broadcast.game import Change, Game, PlayerInfo, RejectedMessage, TeamInfo
from shottracker.errors import MalformedMessage
from shottracker.models import Marker, Shot, Stats, parse_feed_message, to_wire
from shottracker.resources.catch_up import GameTotals

log = logging.getLogger(__name__)

FEED, CATCHUP = "feed", "catchup"  # where a row came from (FeedEvent.Source's values)

# What a refused message raises: the relay counts it, a replay skips it, as the relay did.
REFUSALS = (MalformedMessage, RejectedMessage, ValueError, KeyError, TypeError, OverflowError)


@dataclass(frozen=True, slots=True)
class PlayerTotals:
    """A player's running totals at a version, from REST (live stats): no play-by-play."""

    team_id: int
    player_id: int
    stats: dict[str, float]
    version: int


@dataclass(frozen=True, slots=True)
class Reading:
    """Catch-up's gameTotals and the event's version they are as of (its newest play).

    The model takes the reading's scores as the score from that version on, adding what
    the feed brings after it (a REST answer that lags the feed never steps the score back).
    """

    totals: GameTotals
    as_of_version: int


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A live session (a half, a drill) of the event is being relayed."""

    live_id: str
    session_type: str = ""
    period: str | None = None
    started_at: int | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Roster:
    """The teams and their players, home first (``_subscribe``)."""

    teams: tuple[TeamInfo, ...]


Entry = Stats | Shot | Marker | PlayerTotals | GameTotals | Reading | SessionInfo | Roster


@dataclass(slots=True)
class Row:
    """A row on its way to the log (and, with a ``seq``, to the browsers)."""

    kind: str
    live_id: str
    received_ms: int
    payload: dict[str, Any]
    source: str = FEED
    seq: int | None = None
    changes: list = field(default_factory=list)


# -- kinds, identities and wire forms ----------------------------------------------------------

_KINDS: dict[type, str] = {
    Stats: "stats",
    Shot: "shot",
    Marker: "marker",
    PlayerTotals: "totals",
    GameTotals: "game_totals",
    Reading: "game_totals",
    SessionInfo: "session",
    Roster: "roster",
}
FEED_KINDS = ("stats", "shot", "marker")


def kind_of(entry: Entry | dict) -> str:
    # A dict is a gameTotals reading as stored (``parse_row`` keeps it in the API's shape).
    return "game_totals" if type(entry) is dict else _KINDS[type(entry)]


def identity_of(entry: Entry) -> tuple | None:
    """What makes a message the same as another, for the messages catch-up repeats."""
    if type(entry) is Stats:
        return ("stats", entry.version)
    if type(entry) is PlayerTotals:
        return ("totals", entry.player_id, entry.version)
    if type(entry) is Shot:
        return ("shot", entry.player_id, entry.occurred_at, entry.status, entry.is_make)
    return None


def _score(score) -> dict[str, Any]:
    return {"teamId": score.team_id, "value": score.value}


def game_totals_wire(totals: GameTotals) -> dict[str, Any]:
    """gameTotals in the API's own shape (what the model reconciles with)."""
    return {
        "homeTeamScore": _score(totals.home),
        "awayTeamScore": _score(totals.away),
        "period": totals.period,
        "gameClock": totals.game_clock,
        "status": totals.status,
        "periodTotals": [
            {
                "homeTeamScore": _score(p.home),
                "awayTeamScore": _score(p.away),
                "period": p.period,
                "sessionId": p.session_id,
            }
            for p in totals.period_totals
        ],
    }


def _team_wire(team: TeamInfo) -> dict[str, Any]:
    return {
        "id": team.id,
        "name": team.name,
        "players": [
            {
                "id": p.id,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "display_name": p.display_name,
                "jersey_number": p.jersey_number,
                "position": p.position,
            }
            for p in team.players
        ],
    }


def wire_of(entry: Entry, period: str | None = None) -> dict[str, Any]:
    """The row payload of a message: its wire form (and the period catch-up stated for it)."""
    kind = type(entry)
    if kind is dict:  # a stored gameTotals reading, as it was stored
        return dict(entry)
    if kind in (Stats, Shot, Marker):
        payload = to_wire(entry)
        if period:
            payload["period"] = period
        return payload
    if kind is PlayerTotals:
        return {
            "team_id": entry.team_id,
            "player_id": entry.player_id,
            "stats": dict(entry.stats),
            "version": entry.version,
        }
    if kind is GameTotals:
        return game_totals_wire(entry)
    if kind is Reading:
        return {**game_totals_wire(entry.totals), "as_of_version": entry.as_of_version}
    if kind is SessionInfo:
        return {
            "live_id": entry.live_id,
            "session_type": entry.session_type,
            "period": entry.period,
            "started_at": entry.started_at,
            "name": entry.name,
        }
    return {"teams": [_team_wire(team) for team in entry.teams]}


def _whole_number(value: Any, what: str) -> int:
    """An id or count from a row: a whole number, or ValueError (never OverflowError)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{what} is not a number")
    try:
        number = int(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what}={value!r} is not a whole number") from None
    if isinstance(value, float) and number != value:
        raise ValueError(f"{what}={value!r} is not a whole number")
    return number


def team_infos(teams: Iterable[dict[str, Any]]) -> tuple[TeamInfo, ...]:
    """Rosters stored as JSON (home first) as the model's TeamInfo."""
    return tuple(
        TeamInfo(
            id=int(team["id"]),
            name=str(team.get("name") or ""),
            players=[
                PlayerInfo(
                    id=int(p["id"]),
                    first_name=str(p.get("first_name") or ""),
                    last_name=str(p.get("last_name") or ""),
                    display_name=str(p.get("display_name") or ""),
                    jersey_number=p.get("jersey_number"),
                    position=p.get("position"),
                )
                for p in team.get("players", [])
            ],
        )
        for team in teams
    )


def parse_row(kind: str, payload: dict[str, Any]) -> tuple[Entry | dict, str | None]:
    """A stored row as the message it was, and the period catch-up stated (else None).

    ``game_totals`` rows stay in the API's shape: the model reads gameTotals itself.
    Raises one of ``REFUSALS`` for a row that cannot be read.
    """
    if kind in FEED_KINDS:
        message = parse_feed_message(payload)  # refuses anything but an object first
        period = payload.get("period")
        return message, period if isinstance(period, str) and period else None
    if kind == "totals":
        return (
            PlayerTotals(
                _whole_number(payload["team_id"], "team_id"),
                _whole_number(payload["player_id"], "player_id"),
                dict(payload["stats"]),
                _whole_number(payload["version"], "version"),
            ),
            None,
        )
    if kind == "game_totals":
        return dict(payload), None
    if kind == "session":
        started_at = payload.get("started_at")
        return (
            SessionInfo(
                payload["live_id"],
                session_type=payload.get("session_type") or "",
                period=payload.get("period"),
                started_at=None if started_at is None else _whole_number(started_at, "started_at"),
                name=payload.get("name"),
            ),
            None,
        )
    if kind == "roster":
        return Roster(team_infos(payload["teams"])), None
    raise ValueError(f"unknown log row kind {kind!r}")


def apply_entry(
    game: Game,
    entry: Entry | dict,
    live_id: str | None,
    received_ms: int,
    period: str | None = None,
) -> list[Change]:
    """Apply one message to the model; the changes it made (empty: nothing new)."""
    kind = type(entry)
    if kind in (Stats, Shot, Marker):
        return game.apply(entry, live_id=live_id or None, received_ms=received_ms, period=period)
    if kind is PlayerTotals:
        return game.apply_totals(entry.team_id, entry.player_id, entry.stats, entry.version)
    if kind is GameTotals:
        return game.reconcile(game_totals_wire(entry), received_ms=received_ms)
    if kind is Reading:
        wire = game_totals_wire(entry.totals)
        return game.reconcile(wire, received_ms=received_ms, as_of_version=entry.as_of_version)
    if kind is dict:  # a stored gameTotals reading (with its version since issue 15)
        version = entry.get("as_of_version")
        if version is not None:
            version = _whole_number(version, "as_of_version")
        return game.reconcile(entry, received_ms=received_ms, as_of_version=version)
    if kind is SessionInfo:
        return game.attach_session(
            entry.live_id,
            session_type=entry.session_type,
            period=entry.period,
            started_at=entry.started_at,
            name=entry.name,
        )
    if kind is Roster:
        return game.set_teams(list(entry.teams))
    raise TypeError(f"the game log applies no {kind.__name__}")


def apply_row(
    game: Game, kind: str, payload: dict[str, Any], live_id: str | None, received_ms: int
) -> list[Change]:
    """Apply one stored row to the model, parsing it once; raises one of ``REFUSALS``."""
    entry, period = parse_row(kind, payload)
    return apply_entry(game, entry, live_id, received_ms, period)


# -- the log -------------------------------------------------------------------------------------


class GameLog:
    """One game's model, the ``seq`` of its last change, and the identities its log holds."""

    def __init__(self, model: Game) -> None:
        self.model = model
        self.seq = 0
        self.last_id = 0  # the newest stored row replayed (web processes, restarts)
        self.identities: set[tuple] = set()
        self.refused = 0

    def record(
        self,
        entry: Entry,
        *,
        live_id: str,
        received_ms: int,
        period: str | None = None,
        source: str = FEED,
        wire: dict[str, Any] | None = None,
    ) -> Row | None:
        """Apply a new message; the row to store, or None when the log already holds it.

        A feed message is always stored (the log is the feed's record). A catch-up message
        that changed nothing is stored only when the log does not hold it yet, so a replay
        applies exactly the rows that could have mattered, in this order. ``wire`` is the
        message as it came (the feed frame's JSON), stored as it is; else its wire form.
        """
        try:
            changes = apply_entry(self.model, entry, live_id, received_ms, period)
        except REFUSALS as exc:
            self.refused += 1
            log.warning("game %s refused a %s: %s", self.model.game_id, kind_of(entry), exc)
            changes = []
        identity = identity_of(entry)
        if not changes and source != FEED and (identity is None or identity in self.identities):
            return None
        if identity is not None:
            self.identities.add(identity)
        row = Row(
            kind_of(entry),
            live_id,
            received_ms,
            wire if wire is not None else wire_of(entry, period),
            source,
        )
        if changes:
            self.seq += 1
            row.seq, row.changes = self.seq, changes
        return row

    def replay(self, rows: Iterable[tuple]) -> int:
        """Apply stored rows ``(id, kind, payload, live_id, received_ms, seq)`` in id order."""
        count = 0
        for row_id, kind, payload, live_id, received_ms, seq in rows:
            # A row the relay refused (and counted) changed nothing then, nor does it now.
            try:
                entry, period = parse_row(kind, payload)
            except REFUSALS:
                entry = None
            if entry is not None:
                with contextlib.suppress(*REFUSALS):
                    apply_entry(self.model, entry, live_id, received_ms, period)
                identity = None if isinstance(entry, dict) else identity_of(entry)
                if identity is not None:
                    self.identities.add(identity)
            self.last_id = row_id
            if seq is not None:
                self.seq = seq
            count += 1
        return count
