"""The box-score ledger: running totals, the event's version counter and manual corrections.

Every stats message of an event goes through one ``Ledger``, in the order it is sent, so
versions grow by exactly 1 per message and totals are the player's totals after it
(docs/wire.md). Corrections pick a recent event of the right kind and undo or flip it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Entry:
    """One correctable stats event (and its shot, for field goals)."""

    kind: str  # the classification it was sent with
    occurred_at: int
    session_id: str
    team_id: int
    player_id: int
    shot: dict | None = None
    corrected: bool = False


_FT = ("FTA", "FT", "PTS")
_TWO = ("FGA", "FG", "PTS")
_THREE = ("FGA", "FG", "FGA3", "FG3", "PTS")

# correction -> (kinds it may correct, stat deltas, keys sent, shot status, shot is_make)
CORRECTIONS: dict[str, tuple[tuple[str, ...], dict[str, float], tuple[str, ...], str | None,
                             bool | None]] = {
    "DELETED_FREE_THROW_MISS": (("FREE_THROW_MISS",), {"FTA": -1}, ("FTA",), None, None),
    "DELETED_FREE_THROW_MAKE": (("FREE_THROW_MAKE",), {"FTA": -1, "FT": -1, "PTS": -1}, _FT,
                                None, None),
    "UPDATED_FREE_THROW_MAKE_TO_MISS": (("FREE_THROW_MAKE",), {"FT": -1, "PTS": -1}, _FT,
                                        None, None),
    "UPDATED_FREE_THROW_MISS_TO_MAKE": (("FREE_THROW_MISS",), {"FT": 1, "PTS": 1}, _FT,
                                        None, None),
    "DELETED_TWO_POINT_MISS": (("TWO_POINT_MISS",), {"FGA": -1}, ("FGA",), "DELETED", False),
    "DELETED_TWO_POINT_MAKE": (("TWO_POINT_MAKE",), {"FGA": -1, "FG": -1, "PTS": -2}, _TWO,
                               "DELETED", True),
    "UPDATED_TWO_POINT_MAKE_TO_MISS": (("TWO_POINT_MAKE",), {"FG": -1, "PTS": -2}, _TWO,
                                       "UPDATED", False),
    "UPDATED_TWO_POINT_MISS_TO_MAKE": (("TWO_POINT_MISS",), {"FG": 1, "PTS": 2}, _TWO,
                                       "UPDATED", True),
    "DELETED_THREE_POINT_MISS": (("THREE_POINT_MISS",), {"FGA": -1, "FGA3": -1},
                                 ("FGA", "FGA3"), "DELETED", False),
    "DELETED_THREE_POINT_MAKE": (("THREE_POINT_MAKE",),
                                 {"FGA": -1, "FG": -1, "FGA3": -1, "FG3": -1, "PTS": -3},
                                 _THREE, "DELETED", True),
    "UPDATED_THREE_POINT_MAKE_TO_MISS": (("THREE_POINT_MAKE",), {"FG": -1, "FG3": -1, "PTS": -3},
                                         _THREE, "UPDATED", False),
    "UPDATED_THREE_POINT_MISS_TO_MAKE": (("THREE_POINT_MISS",), {"FG": 1, "FG3": 1, "PTS": 3},
                                         _THREE, "UPDATED", True),
    "DELETED_ASSIST": (("ASSIST",), {"AST": -1}, ("AST",), None, None),
    "DELETED_TURNOVER": (("TURNOVER",), {"TO": -1}, ("TO",), None, None),
    "DELETED_STEAL": (("STEAL",), {"STL": -1}, ("STL",), None, None),
    # A rebound is sent as REB with its kind, so deleting one takes both back.
    "DELETED_REBOUND": (("OFFENSIVE_REBOUND", "DEFENSIVE_REBOUND"), {"REB": -1}, ("REB",),
                        None, None),
    "DELETED_OFFENSIVE_REBOUND": (("OFFENSIVE_REBOUND",), {"REB": -1, "OFFENSIVE_REB": -1},
                                  ("REB", "OFFENSIVE_REB"), None, None),
    "DELETED_DEFENSIVE_REBOUND": (("DEFENSIVE_REBOUND",), {"REB": -1, "DEFENSIVE_REB": -1},
                                  ("REB", "DEFENSIVE_REB"), None, None),
}  # fmt: skip
CORRECTION_CYCLE = tuple(CORRECTIONS)

# How the fresh events change the totals, and which keys they send.
EVENTS: dict[str, dict[str, float]] = {
    "FREE_THROW_MISS": {"FTA": 1},
    "FREE_THROW_MAKE": {"FTA": 1, "FT": 1, "PTS": 1},
    "TWO_POINT_MISS": {"FGA": 1},
    "TWO_POINT_MAKE": {"FGA": 1, "FG": 1, "PTS": 2},
    "THREE_POINT_MISS": {"FGA": 1, "FGA3": 1},
    "THREE_POINT_MAKE": {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3},
    "ASSIST": {"AST": 1},
    "TURNOVER": {"TO": 1},
    "STEAL": {"STL": 1},
    "OFFENSIVE_REBOUND": {"REB": 1, "OFFENSIVE_REB": 1},
    "DEFENSIVE_REBOUND": {"REB": 1, "DEFENSIVE_REB": 1},
}

# A correction only touches an event old enough for an operator to have seen it.
CORRECTION_DELAY_MS = 4000


class Ledger:
    """Running totals and versions of one event; builds the stats (and shot) wire messages."""

    def __init__(self) -> None:
        self.version = 0
        self.totals: dict[int, dict[str, float]] = {}
        self.entries: list[Entry] = []
        self._next_correction = 0

    def player_totals(self, player_id: int) -> dict[str, float]:
        return self.totals.setdefault(player_id, {})

    def _message(
        self, occurred_at: int, team_id: int, player_id: int, classification: str, keys
    ) -> dict:
        self.version += 1
        totals = self.player_totals(player_id)
        return {"type": "stats", "data": {
            "occurred_at": occurred_at, "team_id": team_id, "player_id": player_id,
            "stats": {key: float(totals.get(key, 0.0)) for key in keys},
            "classification": classification, "version": self.version}}  # fmt: skip

    def record(
        self,
        occurred_at: int,
        session_id: str,
        team_id: int,
        player_id: int,
        classification: str,
        shot: dict | None = None,
    ) -> list[dict]:
        """A fresh event: its stats message, then its shot message when it is a field goal."""
        deltas = EVENTS[classification]
        totals = self.player_totals(player_id)
        for key, delta in deltas.items():
            totals[key] = totals.get(key, 0.0) + delta
        out = [self._message(occurred_at, team_id, player_id, classification, deltas)]
        if shot is not None:
            shot = {"occurred_at": occurred_at, "team_id": team_id, "player_id": player_id,
                    **shot, "status": "RECORDED"}  # fmt: skip
            out.append({"type": "shot", "data": shot})
        self.entries.append(
            Entry(classification, occurred_at, session_id, team_id, player_id, shot)
        )
        return out

    def distance(self, occurred_at: int, team_id: int, player_id: int, cm: int) -> list[dict]:
        """A DISTANCE message when the player's running distance (cm) has grown."""
        totals = self.player_totals(player_id)
        if cm <= totals.get("DIST", 0.0):
            return []
        totals["DIST"] = float(cm)
        return [self._message(occurred_at, team_id, player_id, "DISTANCE", ("DIST",))]

    def correct(self, now_ms: int, session_id: str) -> list[dict]:
        """The next manual correction in the cycle that has an event to correct, if any.

        Corrections cycle through every ``DELETED_…``/``UPDATED_…`` classification so
        a game shows them all; each takes the most recent uncorrected event of its kind
        in the current session and re-sends the player's corrected totals (and the shot,
        with status DELETED or UPDATED) with the original event's ``occurred_at``.
        """
        for step in range(len(CORRECTION_CYCLE)):
            name = CORRECTION_CYCLE[(self._next_correction + step) % len(CORRECTION_CYCLE)]
            kinds, deltas, keys, status, is_make = CORRECTIONS[name]
            entry = next(
                (
                    e
                    for e in reversed(self.entries)
                    if not e.corrected
                    and e.kind in kinds
                    and e.session_id == session_id
                    and e.occurred_at <= now_ms - CORRECTION_DELAY_MS
                ),
                None,
            )
            if entry is None:
                continue
            self._next_correction = (self._next_correction + step + 1) % len(CORRECTION_CYCLE)
            entry.corrected = True
            totals = self.player_totals(entry.player_id)
            deltas = dict(deltas)
            if name == "DELETED_REBOUND":
                side = "OFFENSIVE_REB" if entry.kind == "OFFENSIVE_REBOUND" else "DEFENSIVE_REB"
                deltas[side] = -1
                keys = ("REB", side)
            for key, delta in deltas.items():
                totals[key] = totals.get(key, 0.0) + delta
            out = [self._message(entry.occurred_at, entry.team_id, entry.player_id, name, keys)]
            if status is not None and entry.shot is not None:
                shot = dict(entry.shot, status=status, is_make=is_make)
                out.append({"type": "shot", "data": shot})
            return out
        return []
