"""What the simulator emits, in the order things happen, and the live sessions it opens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Session:
    """One live session: a game half (``GAME_ROUND``) or a practice drill."""

    live_id: str
    type: str  # GAME_ROUND | SHOOTING | SCRIMMAGE
    name: str | None
    period: str  # "H1"/"H2" for games, the drill's label ("D1", "D2", ...) for practices
    started_at: int
    ended_at: int | None = None


@dataclass(slots=True)
class SessionStarted:
    session: Session


@dataclass(slots=True)
class FeedMessage:
    """One live-feed message on session ``live_id``: the spec's wire JSON, ``occurred_at`` set."""

    live_id: str
    message: dict


@dataclass(slots=True)
class PossessionRecord:
    """A finished possession (docs/wire.md): team_id, started_at, ended_at, period, points."""

    record: dict


@dataclass(slots=True)
class SessionEnded:
    session: Session


Emission = SessionStarted | FeedMessage | PossessionRecord | SessionEnded
