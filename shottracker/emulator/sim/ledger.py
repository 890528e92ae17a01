"""The box-score ledger: running totals, the event's version counter and manual corrections.

Every stats message of an event goes through one ``Ledger``, in the order it is sent, so
versions grow by exactly 1 per message and totals are the player's totals after it
(docs/wire.md).

Corrections fix what the tracking got wrong, so the box score ends up as the game was
played: a ``DELETED_…`` correction takes back an event the system counted twice (the
double is sent 1 ms after the real one, the shot's double from the same spot), an
``UPDATED_…`` one turns a make the system saw as a miss (or a miss it saw as a make) into
what really happened. ``arm`` picks the next correction in a cycle through all of them;
the next event of the matching kind then goes wrong, and is put right a little later.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_FT = ("FTA", "FT", "PTS")
_TWO = ("FGA", "FG", "PTS")
_THREE = ("FGA", "FG", "FGA3", "FG3", "PTS")

# How the fresh events change the totals (their keys are what their message sends).
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
_KEYS = {"FREE_THROW": _FT, "TWO_POINT": _TWO, "THREE_POINT": _THREE}


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction classification: which real events it applies to and what it sends."""

    name: str
    truths: tuple[str, ...]  # the kinds of real event it attaches to
    recorded: str | None  # an UPDATED one: what the system wrongly records instead
    keys: tuple[str, ...] | None  # keys of the correction message (None: the event's own)


def _corrections() -> dict[str, Correction]:
    out = {}
    for shot in ("FREE_THROW", "TWO_POINT", "THREE_POINT"):
        for result in ("MISS", "MAKE"):
            kind = f"{shot}_{result}"
            out[f"DELETED_{kind}"] = Correction(f"DELETED_{kind}", (kind,), None, None)
        out[f"UPDATED_{shot}_MAKE_TO_MISS"] = Correction(
            f"UPDATED_{shot}_MAKE_TO_MISS", (f"{shot}_MISS",), f"{shot}_MAKE", _KEYS[shot]
        )
        out[f"UPDATED_{shot}_MISS_TO_MAKE"] = Correction(
            f"UPDATED_{shot}_MISS_TO_MAKE", (f"{shot}_MAKE",), f"{shot}_MISS", _KEYS[shot]
        )
    for kind in ("ASSIST", "TURNOVER", "STEAL", "OFFENSIVE_REBOUND", "DEFENSIVE_REBOUND"):
        out[f"DELETED_{kind}"] = Correction(f"DELETED_{kind}", (kind,), None, None)
    out["DELETED_REBOUND"] = Correction(
        "DELETED_REBOUND", ("OFFENSIVE_REBOUND", "DEFENSIVE_REBOUND"), None, None
    )
    return out


CORRECTIONS = _corrections()
CORRECTION_CYCLE = tuple(sorted(CORRECTIONS))


@dataclass(slots=True)
class Entry:
    """A recorded event that will be corrected: what was sent and what is true."""

    correction: Correction
    occurred_at: int
    session_id: str
    team_id: int
    player_id: int
    sent: str  # the classification it went out with
    truth: str  # what really happened
    shot: dict | None = None


class Ledger:
    """Running totals and versions of one event; builds the stats (and shot) wire messages."""

    def __init__(self, rng: random.Random) -> None:
        self.version = 0
        self.totals: dict[int, dict[str, float]] = {}
        self.armed: list[Correction] = []
        self._rng = rng
        self._cycle = 0

    def _message(
        self, occurred_at: int, team_id: int, player_id: int, classification: str, keys
    ) -> dict:
        self.version += 1
        totals = self.totals.setdefault(player_id, {})
        return {"type": "stats", "data": {
            "occurred_at": occurred_at, "team_id": team_id, "player_id": player_id,
            "stats": {key: float(totals.get(key, 0.0)) for key in keys},
            "classification": classification, "version": self.version}}  # fmt: skip

    def _apply(self, player_id: int, deltas: dict[str, float], sign: int = 1) -> None:
        totals = self.totals.setdefault(player_id, {})
        for key, delta in deltas.items():
            totals[key] = totals.get(key, 0.0) + sign * delta

    @staticmethod
    def _shot(occurred_at: int, team_id: int, player_id: int, shot: dict, made: bool) -> dict:
        return {"type": "shot", "data": {
            "occurred_at": occurred_at, "team_id": team_id, "player_id": player_id,
            **shot, "is_make": made, "status": "RECORDED"}}  # fmt: skip

    def arm(self) -> None:
        """The next correction in the cycle waits for an event to go wrong."""
        self.armed.append(CORRECTIONS[CORRECTION_CYCLE[self._cycle]])
        self._cycle = (self._cycle + 1) % len(CORRECTION_CYCLE)

    def record(
        self,
        occurred_at: int,
        session_id: str,
        team_id: int,
        player_id: int,
        classification: str,
        shot: dict | None = None,
    ) -> tuple[list[dict], Entry | None]:
        """A fresh event's stats message (then its shot's), and the entry to correct, if any.

        A ``DELETED_…`` entry still has to be counted twice (``double``); an ``UPDATED_…``
        one went out wrong already.
        """
        armed = next((c for c in self.armed if classification in c.truths), None)
        sent = classification
        entry = None
        if armed is not None:
            self.armed.remove(armed)
            if armed.recorded is not None:
                sent = armed.recorded
            entry = Entry(armed, occurred_at, session_id, team_id, player_id, sent,
                          classification, shot)  # fmt: skip
        self._apply(player_id, EVENTS[sent])
        out = [self._message(occurred_at, team_id, player_id, sent, EVENTS[sent])]
        if shot is not None:
            out.append(self._shot(occurred_at, team_id, player_id, shot, sent.endswith("MAKE")))
        return out, entry

    def double(self, entry: Entry) -> list[dict]:
        """The system counts a real event a second time, 1 ms later (to be deleted)."""
        entry.occurred_at += 1
        self._apply(entry.player_id, EVENTS[entry.sent])
        out = [self._message(entry.occurred_at, entry.team_id, entry.player_id, entry.sent,
                             EVENTS[entry.sent])]  # fmt: skip
        if entry.shot is not None:
            out.append(self._shot(entry.occurred_at, entry.team_id, entry.player_id, entry.shot,
                                  entry.sent.endswith("MAKE")))  # fmt: skip
        return out

    def correct(self, entry: Entry) -> list[dict]:
        """The operator's correction: the player's corrected totals, and the shot again."""
        c = entry.correction
        if c.recorded is None:  # a double: take it back
            self._apply(entry.player_id, EVENTS[entry.sent], -1)
            keys = EVENTS[entry.sent]  # DELETED_REBOUND too takes back REB and its kind
            status, made = "DELETED", entry.sent.endswith("MAKE")
        else:  # a wrong result: swap what was counted for what happened
            self._apply(entry.player_id, EVENTS[entry.sent], -1)
            self._apply(entry.player_id, EVENTS[entry.truth])
            keys = c.keys or ()
            status, made = "UPDATED", entry.truth.endswith("MAKE")
        out = [self._message(entry.occurred_at, entry.team_id, entry.player_id, c.name, keys)]
        if entry.shot is not None:
            shot = self._shot(entry.occurred_at, entry.team_id, entry.player_id, entry.shot, made)
            shot["data"]["status"] = status
            out.append(shot)
        return out

    def distance(self, occurred_at: int, team_id: int, player_id: int, cm: int) -> list[dict]:
        """A DISTANCE message when the player's running distance (cm) has grown."""
        totals = self.totals.setdefault(player_id, {})
        if cm <= totals.get("DIST", 0.0):
            return []
        totals["DIST"] = float(cm)
        return [self._message(occurred_at, team_id, player_id, "DISTANCE", ("DIST",))]

    def delay(self) -> int:
        """How long an operator takes to notice and correct (ms)."""
        return self._rng.randint(5_000, 40_000)
