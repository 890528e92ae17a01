"""The game simulator that drives the emulator: pure, no I/O, deterministic for a seed.

``EventSimulator`` plays one event (a game of two halves, or a practice of drills) and
hands out what happens, in order, as time advances::

    sim = EventSimulator(seed=7, teams=make_teams(7), start_ms=now)
    for emission in sim.advance(now + 1000): ...   # SessionStarted, FeedMessage, ...

Emissions: ``SessionStarted`` when a live session (a half, a drill) opens;
``FeedMessage`` for every live-feed message (stats, shot, location, marker) in the
spec's wire JSON; ``PossessionRecord`` when a possession ends (for the catch-up's
``possessions``, not sent on the feed); ``SessionEnded`` when a session closes.

A game: SessionStarted(H1), PLAY_START, LIVE at the tip, LIVE/PAUSED/FOUL as play
stops and starts (the clock runs only while LIVE: exactly ``half_minutes`` of LIVE
time per half), PAUSED at the buzzer, END_FIRST_HALF, PLAY_NEXT (the second half's
live id), SessionEnded(H1), SessionStarted(H2); after the half-time break (a tenth of a
half, at least 30 s) START_SECOND_HALF, ..., PAUSED at the buzzer, PLAY_END,
SessionEnded(H2); when the second half ends tied, PLAY_NEXT (the overtime's live id)
instead of PLAY_END, SessionEnded(H2), SessionStarted(OT1) and an overtime of a quarter
of a half (at least a minute; no start marker: the spec has none), then OT2… while tied,
PLAY_END after the last. A practice: one session per drill (SHOOTING or SCRIMMAGE, each
``half_minutes / 4`` long) with DRILL_START, LIVE ... PAUSED, DRILL_END, then DRILL_NEXT
(the next drill's live id) or, after the last drill, PRACTICE_END.

Stats carry the player's running totals for the event and one version counter per
event (docs/wire.md); a stats message sends only the keys its event changed.
``correction_rate`` is the expected number of manual corrections per second of event
time (the default gives about 75 in a game). They fix what the tracking got wrong, so
the final box score is the game as played: a ``DELETED_…`` correction takes back an
event counted twice (the double is sent 1 ms after the real one; a shot's double from
the same spot), an ``UPDATED_…`` one turns a make seen as a miss, or a miss seen as a
make, into what happened. Corrections cycle through every classification, so a whole
game at the default rate shows each; a correction carries the corrected event's
``occurred_at`` (as the spec's example does) and re-sends its shot with status
``DELETED`` or ``UPDATED``. Team points are always the sum of their players' PTS.

Positions: the ten players on court (tags at z = 1000 mm) and the ball (id ``BALL_ID``)
every ``1000 / location_hz`` ms in the court frame of ``shottracker.court``; nobody runs
faster than 7 m/s, passes travel at 11 m/s and shots arc above the rim. ``DISTANCE``
(cm run on court) is sent every 5 s per player who moved. Every shot's
``hoop_player_x/y`` is where its shooter stands, in the frame of the hoop he attacks,
and its zone is ``court.zone_of`` of that spot (for the ``court_spec`` in use).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from shottracker import court
from shottracker.emulator.sim.emissions import (
    Emission,
    FeedMessage,
    PossessionRecord,
    Session,
    SessionEnded,
    SessionStarted,
)
from shottracker.emulator.sim.motion import Path
from shottracker.emulator.sim.plays import PlayEngine, Side, Traits, starting_five
from shottracker.emulator.sim.practice import shooting_drill, split_team, table_spot
from shottracker.emulator.sim.rosters import Player, Team, make_live_id, make_teams
from shottracker.emulator.sim.timeline import BALL_ID, Timeline

__all__ = [
    "BALL_ID", "EventSimulator", "FeedMessage", "Player", "PossessionRecord", "Session",
    "SessionEnded", "SessionStarted", "Team", "make_live_id", "make_teams",
]  # fmt: skip

DEFAULT_FACILITY = {
    "facility_name": "Courtside Arena",
    "court_name": "Main Court",
    "location_id": "/6a1c2f9e-3b7d-4e0a-9c1f-2d8b5e7a4c10/0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b",
}
DRILLS = (
    ("SHOOTING", "Around the arc", (10, 11, 12, 13, 14)),
    ("SCRIMMAGE", "Scrimmage: first unit", ()),
    ("SHOOTING", "Mid-range", (5, 6, 7, 8, 9)),
    ("SCRIMMAGE", "Scrimmage: full court", ()),
)
DRILL_BREAK_MS = 30_000
MAX_OVERTIMES = 9  # a game tied after that many ends tied (never seen in a simulation)


def overtime_length_ms(half_ms: int) -> int:
    """An overtime's playing time: a quarter of a half (5 minutes to 20-minute halves)."""
    return max(60_000, half_ms // 4)


class EventSimulator:
    """One simulated event: a game between two teams, or one team's practice."""

    def __init__(
        self,
        *,
        seed: int,
        kind: str = "game",
        teams: list[Team],
        start_ms: int,
        half_minutes: float = 20.0,
        location_hz: int = 25,
        event_id: str | None = None,
        name: str | None = None,
        correction_rate: float = 0.02,
        facility: dict | None = None,
        court_spec: court.CourtSpec = court.NCAA,
    ) -> None:
        if kind not in ("game", "practice"):
            raise ValueError(f"kind must be 'game' or 'practice', not {kind!r}")
        if kind == "game" and len(teams) != 2:
            raise ValueError("a game needs two teams")
        if kind == "practice" and len(teams) != 1:
            raise ValueError("a practice needs one team")
        if not 0 <= location_hz <= 120:
            raise ValueError("location_hz must be between 0 and 120")
        if half_minutes <= 0:
            raise ValueError("half_minutes must be positive")
        self._rng = random.Random(f"event:{seed}")
        self.kind = kind
        self.teams = teams
        self.event_id = event_id or make_live_id(self._rng)
        if name is None:
            name = f"{teams[0].name} vs {teams[1].name}" if kind == "game" else (
                f"{teams[0].name} practice")  # fmt: skip
        self.name = name
        self.facility = dict(DEFAULT_FACILITY if facility is None else facility)
        self.court_spec = court_spec
        self.start_ms = start_ms
        self.half_minutes = half_minutes
        self.location_hz = location_hz
        self.sessions: list[Session] = []
        self.finished = False
        self.now_ms = start_ms
        sessions = 2 if kind == "game" else len(DRILLS)
        self._live_ids = [make_live_id(self._rng) for _ in range(sessions)]
        self._traits = {
            p.id: Traits(skill=round(r.gauss(0.0, 0.035), 3), usage=round(r.uniform(0.6, 1.6), 2))
            for team in teams
            for p in team.players
            for r in (random.Random(f"player:{seed}:{p.id}"),)
        }
        self._tl = Timeline(
            start_ms=start_ms, location_hz=location_hz, correction_rate=correction_rate,
            rng=random.Random(f"corrections:{seed}"),
        )  # fmt: skip
        for team in teams:
            for p in team.players:
                self._tl.team_of[p.id] = team.id
        self._gen = self._run_game() if kind == "game" else self._run_practice()
        self._next: tuple[int, Emission] | None = None

    def advance(self, until_ms: int) -> list[Emission]:
        """Everything that happens up to ``until_ms`` (inclusive) not handed out before."""
        out: list[Emission] = []
        while not self.finished:
            if self._next is None:
                self._next = next(self._gen, None)
                if self._next is None:
                    self.finished = True
                    break
            t, emission = self._next
            if t > until_ms:
                break
            self._next = None
            if isinstance(emission, SessionStarted):
                self.sessions.append(emission.session)
            out.append(emission)
            self.now_ms = max(self.now_ms, t)
        if not self.finished:
            self.now_ms = max(self.now_ms, until_ms)
        return out

    # --- hooks for fault tests ----------------------------------------------------------

    def extra_stat(
        self, team_id: int, player_id: int, classification: str, shot: dict | None = None
    ) -> None:
        """A real event of the game, just after now (e.g. by a player who just joined).

        It happens with the next emission already drawn (or just after now): versions
        stay in the order of sending.
        """
        self._tl.team_of[player_id] = team_id
        at = max(self.now_ms + 1, self._tl.flushed_to, self._next[0] if self._next else 0)
        self._tl.stat(at, team_id, player_id, classification, shot)

    # --- a game ---------------------------------------------------------------------------

    def _enter_five(self, engine: PlayEngine, side: int, t: int,
                    spots_hf: list[tuple[float, float]]) -> int:  # fmt: skip
        """The side's five walk to their spots and appear on the court; returns when."""
        ready = t
        for p, spot in zip(engine.sides[side].on, spots_hf, strict=True):
            x, y = engine.xy(side, *spot)
            path = self._tl.paths[p.id]
            ready = max(ready, path.arrive(path.t, x, y, 1.2))
        for p in engine.sides[side].on:
            self._tl.enter(ready, p.id)
        return ready

    def _paths(self, engine: PlayEngine, t: int) -> None:
        for i, side in enumerate(engine.sides):
            for p in side.roster:
                if p.id not in self._tl.paths:
                    self._tl.paths[p.id] = Path(t, *engine.table(i))

    def _tip(self, engine: PlayEngine, t: int, live_ms: int) -> int:
        """Both fives line up around the centre circle; the ball goes up; play to the buzzer."""
        rng = self._rng
        hc = self.court_spec.half_court_y
        around = [(0, hc - 2200), (3000, hc + 1500), (-3000, hc - 1200), (2800, hc - 2400),
                  (0, hc + 450)]  # fmt: skip
        ready = max(self._enter_five(engine, s, t, around) for s in (0, 1))
        self._tl.ball.hold_at(t, (0, 0, 1300))
        self._tl.ball_on(ready, True)
        tip = ready + rng.randint(4000, 8000)
        for s in (0, 1):
            for p in engine.sides[s].on:
                self._tl.paths[p.id].hold(tip)
        winner = rng.randrange(2)
        receiver = engine.sides[winner].on[0]
        self._tl.ball.fly_to(tip, tip + 1300, self._tl.paths[receiver.id], apex=4300)
        engine.holder = receiver
        engine.t = tip + 1300
        self._first_possession = 1 - winner  # the arrow points the other way after the tip
        return engine.play_period(tip, live_ms, winner, receiver)

    def _restart(
        self, engine: PlayEngine, t: int, live_ms: int, side: int, marker: str | None
    ) -> int:
        """A period that starts with ``side`` inbounding at half court (``marker`` then)."""
        rng = self._rng
        spots = [(0, 14500), (4500, 13500), (-4500, 12000), (3000, 9500), (-2000, 9000)]
        edge = self.court_spec.half_width - 50
        spots[1] = (edge, self.court_spec.half_court_y + 300)
        ready = self._enter_five(engine, side, t, spots)
        d_spots = [engine.guard_spot(s, 2500) for s in spots]
        d_spots = [(x, min(y, 8000)) for x, y in d_spots]
        ready = max(ready, self._enter_five(engine, 1 - side, t, d_spots))
        inbounder, receiver = engine.sides[side].on[1], engine.sides[side].on[0]
        start = ready + rng.randint(5000, 10000)
        self._tl.ball.hold_at(t, (*engine.xy(side, edge, self.court_spec.half_court_y), 1000))
        self._tl.ball_on(ready, True)
        self._tl.ball.fly_to(start - 2000, start - 1500, self._tl.paths[inbounder.id],
                             dribble=False)  # fmt: skip
        for s in (0, 1):
            for p in engine.sides[s].on:
                self._tl.paths[p.id].hold(start)
        if marker is not None:
            self._tl.marker(start, marker)
        engine.holder = inbounder
        engine.t = start
        catch = engine.pass_ball(start + rng.randint(500, 1500), receiver)
        return engine.play_period(catch, live_ms, side, receiver, start="backcourt")

    def _close(self, engine: PlayEngine, buzzer: int) -> int:
        """After the buzzer: everyone leaves the court; returns when the session can end."""
        end = max(buzzer, engine.t, self._tl.ball.busy_until) + 1500
        for side in engine.sides:
            for p in side.on:
                self._tl.leave(end, p.id)
        self._tl.ball_on(end, False)
        return end

    def _run_game(self) -> Iterator[tuple[int, Emission]]:
        rng, tl = self._rng, self._tl
        live_ms = round(self.half_minutes * 60_000)
        sides = [Side(team.id, team.players) for team in self.teams]
        engine = PlayEngine(tl, rng, self.court_spec, sides, self._traits, "H1")
        t = self.start_ms
        self._paths(engine, t)
        h1 = Session(self._live_ids[0], "GAME_ROUND", None, "H1", t)
        tl.start_session(h1)
        tl.marker(t + 1000, "PLAY_START")
        buzzer = self._tip(engine, t + 1000, live_ms)
        end = self._close(engine, buzzer)
        tl.marker(end, "END_FIRST_HALF")
        tl.marker(end, "PLAY_NEXT", self._live_ids[1])
        tl.end_session(end)
        yield from tl.flush(end)

        h2 = Session(self._live_ids[1], "GAME_ROUND", None, "H2", end)
        tl.start_session(h2)
        engine.period = "H2"
        engine.attack.reverse()
        for side in sides:
            side.fouls, side.timeouts = 0, 2
            side.on = starting_five(side.roster)
            side.energy = {k: min(1.0, v + 0.4) for k, v in side.energy.items()}
        half_time = max(30_000, live_ms // 10)
        buzzer = self._restart(
            engine, end + half_time - 15_000, live_ms, self._first_possession, "START_SECOND_HALF"
        )
        end = self._close(engine, buzzer)
        # Overtime while regulation (then each overtime) ends tied: the operator's corrections
        # of the period are in before the score is read.
        overtime_ms = overtime_length_ms(live_ms)
        for number in range(1, MAX_OVERTIMES + 1):
            tl.settle_session(end)
            yield from tl.flush(end)
            if not self._tied(sides):
                break
            live_id = make_live_id(self._rng)
            self._live_ids.append(live_id)
            tl.marker(end, "PLAY_NEXT", live_id)
            tl.end_session(end)
            yield from tl.flush(end)
            session = Session(live_id, "GAME_ROUND", None, f"OT{number}", end)
            tl.start_session(session)
            engine.period = session.period
            for side in sides:
                side.timeouts = 1
            side_first = (self._first_possession + number) % 2  # the arrow alternates
            buzzer = self._restart(
                engine, end + max(30_000, overtime_ms // 5), overtime_ms, side_first, None
            )
            end = self._close(engine, buzzer)
        tl.marker(end, "PLAY_END")
        tl.end_session(end)
        yield from tl.flush(end)

    def _tied(self, sides: list[Side]) -> bool:
        """Whether both sides have scored as many points (as sent so far)."""
        totals = self._tl.ledger.totals
        points = [sum(totals.get(p.id, {}).get("PTS", 0.0) for p in side.roster) for side in sides]
        return points[0] == points[1]

    # --- a practice -------------------------------------------------------------------------

    def _run_practice(self) -> Iterator[tuple[int, Emission]]:
        rng, tl = self._rng, self._tl
        team = self.teams[0]
        drill_ms = max(30_000, round(self.half_minutes * 60_000 / 4))
        t = self.start_ms
        for p in team.players:
            tl.paths[p.id] = Path(t, *table_spot(self.court_spec))
        for i, (kind, label, zones) in enumerate(DRILLS):
            session = Session(self._live_ids[i], kind, label, f"D{i + 1}", t)
            tl.start_session(session)
            start = t + (1000 if i == 0 else DRILL_BREAK_MS)
            tl.marker(start, "DRILL_START")
            if kind == "SHOOTING":
                end = shooting_drill(tl, rng, self.court_spec, team, self._traits, zones,
                                     start, drill_ms, session.period)  # fmt: skip
            else:
                sides = [Side(team.id, half) for half in split_team(team.players)]
                engine = PlayEngine(tl, rng, self.court_spec, sides, self._traits, session.period)
                self._paths(engine, start)
                buzzer = self._tip(engine, start, drill_ms)
                end = self._close(engine, buzzer)
            tl.marker(end, "DRILL_END")
            if i + 1 < len(DRILLS):
                tl.marker(end, "DRILL_NEXT", self._live_ids[i + 1])
            else:
                tl.marker(end, "PRACTICE_END")
            tl.end_session(end)
            yield from tl.flush(end)
            t = end
