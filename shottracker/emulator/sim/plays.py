"""Basketball possession by possession: the engine behind games and scrimmage drills.

A period is played between two sides of five (two teams, or a team split in two). Each
possession is planned ahead on the ``Timeline``: where the ten players run, where the
ball goes, and the stats, shots and state markers it produces. The game clock runs only
while the state is LIVE, so a period holds exactly ``live_ms`` of LIVE time and a
consumer can derive the clock from the markers.

Positions are planned in the attacking side's hoop frame (``shottracker.court``) and
converted to the court frame; a shot's hoop-frame spot is exactly where its shooter
stands, so ``zone``/``is_3point`` always agree with ``court.zone_of``/``court.is_three``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from shottracker import court
from shottracker.emulator.sim.motion import HAND_DX, Path
from shottracker.emulator.sim.rosters import Player
from shottracker.emulator.sim.timeline import Timeline

# Speeds in m/s (== mm/ms). Nobody ever runs faster than SPRINT.
SPRINT = 7.0
RUN = 5.0
JOG = 3.2
WALK = 1.6
PASS_SPEED = 11.0  # m/s, the ball on a pass

# Offensive sets: hoop-frame spots for the slots [guard, guard, forward, forward, center].
SETS = (
    ((0, 7500), (5000, 5500), (-5000, 5500), (6900, 300), (-1900, 1500)),
    ((0, 7600), (-5000, 5500), (6900, 400), (-6900, 400), (1900, 1400)),
    ((0, 7800), (6900, 300), (-6900, 300), (1900, 4300), (-1900, 4300)),
    ((2200, 7300), (-5200, 5200), (6900, 600), (-1800, 1000), (0, 4600)),
    ((0, 7300), (5200, 5200), (-5200, 5200), (6900, 500), (-6900, 500)),
)
BRING_UP = ((0, 15500), (4800, 13500), (-4800, 13500), (3000, 10500), (-2500, 9500))

# Where shots come from, by position: shares of (rim, paint, mid-range, corner 3, above the break).
ZONE_GROUPS = ((1,), (2, 3, 4), (5, 6, 7, 8, 9), (10, 14), (11, 12, 13))
SHOT_MIX = {
    "guard": (0.22, 0.08, 0.20, 0.08, 0.42),
    "forward": (0.28, 0.14, 0.20, 0.10, 0.28),
    "center": (0.50, 0.28, 0.12, 0.02, 0.08),
}
# Shots fouled and missed are no attempt, so these sit a little under the rates a box score
# shows (layups ~60%, paint ~43%, mid-range ~40%, threes ~35%, free throws ~72%).
MAKE_RATE = {1: 0.55, 2: 0.40, 3: 0.40, 4: 0.40, 10: 0.37, 14: 0.37}
MID_RATE, THREE_RATE, FT_RATE = 0.39, 0.34, 0.71
FT_BY_POSITION = {"guard": 0.05, "forward": 0.0, "center": -0.06}
SHOOTING_FOUL = {1: 0.22, 2: 0.15, 3: 0.15, 4: 0.15}  # else 0.07 (two) / 0.03 (three)
REBOUND_WEIGHT = {"guard": 1.0, "forward": 2.2, "center": 3.2}


@dataclass(slots=True)
class Traits:
    """How a player plays (not on the wire): shooting touch and appetite for shots."""

    skill: float
    usage: float


@dataclass
class Side:
    """One side of a period: its team id for stats, its roster and its five on court."""

    team_id: int
    roster: list[Player]
    on: list[Player] = field(default_factory=list)  # slot order: G, G, F, F, C
    energy: dict[int, float] = field(default_factory=dict)
    fouls: int = 0
    timeouts: int = 2

    def __post_init__(self) -> None:
        self.energy = {p.id: 1.0 for p in self.roster}
        if not self.on:
            self.on = starting_five(self.roster)

    @property
    def bench(self) -> list[Player]:
        on = {p.id for p in self.on}
        return [p for p in self.roster if p.id not in on]


def starting_five(roster: list[Player]) -> list[Player]:
    """Two guards, two forwards and a center (the first listed), short of one falls back."""
    wanted = ("guard", "guard", "forward", "forward", "center")
    pool = list(roster)
    five = []
    for position in wanted:
        pick = next((p for p in pool if p.position == position), pool[0])
        pool.remove(pick)
        five.append(pick)
    return five


def shot_spot(rng: random.Random, spec: court.CourtSpec, zone: int) -> tuple[int, int]:
    """A hoop-frame spot (mm) in ``zone`` where players really shoot from."""
    ranges = {
        1: (0, 180, 150, spec.restricted_radius - 60),
        2: (0, 80, spec.restricted_radius + 80, 4200),
        3: (55, 125, spec.restricted_radius + 80, spec.free_throw_y),
        4: (100, 180, spec.restricted_radius + 80, 4200),
        5: (0, 36, 2000, spec.three_radius - 80),
        6: (36, 72, 2000, spec.three_radius - 80),
        7: (72, 108, 2000, spec.three_radius - 80),
        8: (108, 144, 2000, spec.three_radius - 80),
        9: (144, 180, 2000, spec.three_radius - 80),
        11: (12, 72, spec.three_radius + 150, spec.three_radius + 1300),
        12: (72, 108, spec.three_radius + 150, spec.three_radius + 1300),
        13: (108, 168, spec.three_radius + 150, spec.three_radius + 1300),
    }
    for _ in range(60):
        if zone in (10, 14):
            x = rng.uniform(spec.three_corner + 120, spec.half_width - 250)
            x, y = (x if zone == 10 else -x), rng.uniform(spec.baseline_y + 250, 1200)
        else:
            a0, a1, r0, r1 = ranges[zone]
            a, r = math.radians(rng.uniform(a0, a1)), rng.uniform(r0, r1)
            x, y = r * math.cos(a), r * math.sin(a)
        spot = (round(x), round(y))
        if (
            court.zone_of(*spot, spec) == zone
            and abs(spot[0]) < spec.half_width - 200
            and spot[1] > spec.baseline_y + 200
        ):
            return spot
    return court.zone_centre(zone, spec)


def make_chance(skill: float, spec: court.CourtSpec, zone: int, hx: float, hy: float) -> float:
    """How likely a shot from (hx, hy) in ``zone`` goes in, for a shooter of ``skill``."""
    base = MAKE_RATE.get(zone, THREE_RATE if zone in court.THREE_ZONES else MID_RATE)
    far = math.hypot(hx, hy) - spec.three_radius - 1500
    if far > 0:  # deep heaves
        base = max(0.02, base - far / 6000)
    return min(0.95, max(0.02, base + skill))


class PeriodOver(Exception):
    """The clock ran out while planning."""


class PlayEngine:
    """Plans periods of play between two sides on one court."""

    def __init__(
        self,
        tl: Timeline,
        rng: random.Random,
        spec: court.CourtSpec,
        sides: list[Side],
        traits: dict[int, Traits],
        possession_period: str,
    ) -> None:
        self.tl = tl
        self.rng = rng
        self.spec = spec
        self.sides = sides
        self.traits = traits
        self.period = possession_period
        self.hoops = court.hoops(spec)
        self.attack = [self.hoops[1], self.hoops[0]]  # side 0 attacks east first
        self.t = 0
        self.clock = 0
        self.live_since: int | None = None
        self.buzzer = 0
        self.media_marks: list[int] = []
        self.live_ms = 0
        self.sub_checked = 0  # when fatigue was last brought up to date
        self.holder: Player | None = None
        self.side_of = {p.id: i for i, s in enumerate(sides) for p in s.roster}
        self.scored = [0, 0]  # points in the current possession record
        self.poss_start = 0
        self.poss_side = 0
        self._xmax = spec.length // 2 - 250  # the ball in hand stays in bounds too
        self._ymax = spec.half_width - 100

    # --- frames and helpers --------------------------------------------------------

    def path(self, p: Player) -> Path:
        return self.tl.paths[p.id]

    def xy(self, side: int, hx: float, hy: float) -> tuple[int, int]:
        """A point of ``side``'s attacking hoop frame in the court frame, kept in bounds."""
        x, y = court.from_hoop_frame(hx, hy, self.attack[side])
        return (round(max(-self._xmax, min(self._xmax, x))),
                round(max(-self._ymax, min(self._ymax, y))))  # fmt: skip

    def hf(self, side: int, x: float, y: float) -> tuple[float, float]:
        return court.to_hoop_frame(x, y, self.attack[side])

    def jitter(self, spot: tuple[float, float], mm: float = 450) -> tuple[float, float]:
        return (spot[0] + self.rng.uniform(-mm, mm), spot[1] + self.rng.uniform(-mm, mm))

    def offence_spots(self, side: int) -> list[tuple[float, float]]:
        """A half-court set (hoop frame) for ``side``'s five, sometimes mirrored."""
        spots = list(self.rng.choice(SETS))
        if self.rng.random() < 0.5:
            spots = [(-x, y) for x, y in spots]
        if self.rng.random() < 0.4:
            spots[0], spots[1] = spots[1], spots[0]
        if self.rng.random() < 0.3:
            spots[2], spots[3] = spots[3], spots[2]
        return [self.jitter(s) for s in spots]

    @staticmethod
    def guard_spot(man: tuple[float, float], gap: float = 1100) -> tuple[float, float]:
        """Where a defender stands: between his man and the hoop, ``gap`` off his man."""
        x, y = man
        d = math.hypot(x, y)
        if d < 1:
            return (x, y)
        k = min(gap / d, 0.5)
        return (x * (1 - k), y * (1 - k))

    def move_side(
        self, side: int, t0: int, t1: int, spots_hf: list[tuple[float, float]], speed: float,
        skip: frozenset[int] = frozenset(),
    ) -> None:  # fmt: skip
        for p, spot in zip(self.sides[side].on, spots_hf, strict=True):
            if p.id not in skip:
                self.path(p).move(t0, t1, *self.xy(side, *spot), speed)

    def defend(
        self, o: int, t0: int, t1: int, man_spots_hf: list[tuple[float, float]], speed: float,
        gap: float = 1100, skip: frozenset[int] = frozenset(),
    ) -> None:  # fmt: skip
        """The defence (the other side) follows its men, in the offence's hoop frame."""
        d = 1 - o
        for p, man in zip(self.sides[d].on, man_spots_hf, strict=True):
            if p.id not in skip:
                self.path(p).move(t0, t1, *self.xy(o, *self.guard_spot(man, gap)), speed)

    def distance(self, p: Player, q: Player, t: int) -> float:
        (x0, y0), (x1, y1) = self.path(p).at(t), self.path(q).at(t)
        return math.hypot(x1 - x0, y1 - y0)

    # --- clock and state markers -----------------------------------------------------

    def go_live(self, t: int) -> None:
        self.tl.marker(t, "LIVE")
        self.live_since = t
        self.buzzer = t + self.clock

    def stop(self, t: int, kind: str = "PAUSED") -> None:
        assert self.live_since is not None and t <= self.buzzer
        self.tl.marker(t, kind)
        self.clock -= t - self.live_since
        self.live_since = None

    def left(self, t: int) -> int:
        """Live ms left on the clock at t (while LIVE)."""
        return self.buzzer - t

    # --- possessions --------------------------------------------------------------------

    def change_possession(self, side: int, t: int) -> None:
        """Close the current possession record at t; ``side`` has the ball from now on."""
        if t > self.poss_start:
            team_id = self.sides[self.poss_side].team_id
            points = self.scored[self.poss_side]
            self.tl.possession({"team_id": team_id, "started_at": self.poss_start, "ended_at": t,
                                "period": self.period, "points": points})  # fmt: skip
        self.poss_side = side
        self.poss_start = t
        self.scored = [0, 0]

    def stat(self, t: int, p: Player, classification: str, shot: dict | None = None) -> None:
        side = self.side_of[p.id]
        self.tl.stat(t, self.sides[side].team_id, p.id, classification, shot)
        if classification.endswith("_MAKE"):
            self.scored[side] += {"FREE": 1, "TWO": 2, "THREE": 3}[classification.split("_")[0]]

    def pass_ball(self, t0: int, receiver: Player, *, dribble: bool = True) -> int:
        """A pass from whoever has the ball at t0; returns the catch time."""
        t0 = max(t0, self.tl.ball.busy_until)
        x0, y0, _ = self.tl.ball.at(t0)
        flight = 600
        for _ in range(3):  # lead the receiver: aim where he will be
            x1, y1 = self.path(receiver).at(t0 + flight)
            flight = max(250, round(math.hypot(x1 + HAND_DX - x0, y1 - y0) / PASS_SPEED))
        # The receiver's path is settled up to the catch, so the pass goes where he is.
        self.path(receiver).hold(t0 + flight)
        self.tl.ball.fly_to(t0, t0 + flight, self.path(receiver), apex=1500, dribble=dribble)
        self.holder = receiver
        return t0 + flight

    def play_period(
        self, t: int, live_ms: int, first: int, holder: Player, start: str = "tip"
    ) -> int:
        """Play from a live ball at t (``holder`` of side ``first`` has it) until the buzzer.

        Returns the buzzer time; the PAUSED marker at the buzzer is planned.
        """
        self.t = t
        self.clock = self.live_ms = live_ms
        self.sub_checked = t
        self.media_marks = [round(live_ms * f) for f in (0.8, 0.6, 0.4, 0.2)]
        self.holder = holder
        self.poss_side, self.poss_start, self.scored = first, t, [0, 0]
        side = first
        self.go_live(t)
        try:
            while True:
                side, start = self.possession(side, start)
        except PeriodOver:
            pass
        buzzer = self.buzzer
        self.stop(buzzer)
        self.change_possession(self.poss_side, buzzer)
        return buzzer

    def possession(self, o: int, start: str) -> tuple[int, str]:
        """Plan one trip up the floor by side ``o``; returns who has the ball next and how."""
        rng = self.rng
        offence = self.sides[o]
        assert self.holder is not None
        if start == "steal" and rng.random() < 0.45:
            return self.shoot(o, self.holder, rng.choice((1, 1, 1, 2, 4)), fast=True)
        if start in ("make", "dreb", "steal", "tip", "backcourt"):
            self.bring_up(o)
        beats = rng.choice((1, 2, 2, 3, 3, 4)) if start != "oreb" else rng.choice((0, 1, 2))
        if start == "oreb" and rng.random() < 0.35 and self.left(self.t) > 4000:
            return self.shoot(o, self.holder, rng.choice((1, 1, 2, 3, 4)), putback=True)
        for _ in range(beats):
            if self.left(self.t) < 9000:
                break
            outcome = self.beat(o)
            if outcome is not None:
                return outcome
        if self.left(self.t) < 5000:
            return self.last_shot(o)
        if self.left(self.t) < 9000:  # the clock is running down: the ball handler goes
            return self.shoot(o, self.holder, self.pick_zone(self.holder))
        shooter = self.pick_shooter(offence)
        return self.shoot(o, shooter, self.pick_zone(shooter))

    def bring_up(self, o: int) -> None:
        """The ball comes up the floor: offence to midcourt, then into a set; defence gets back."""
        rng = self.rng
        offence = self.sides[o]
        t0 = max(self.t, self.tl.ball.busy_until)
        if self.left(t0) < 12000:
            return
        if self.holder not in offence.on[:2] and rng.random() < 0.8:
            t0 = self.pass_ball(t0 + rng.randint(300, 900), rng.choice(offence.on[:2]))
        dur = rng.randint(3500, 5500)
        spots = [self.jitter(s, 900) for s in BRING_UP]
        self.move_side(o, t0, t0 + dur, spots, RUN)
        self.defend(o, t0, t0 + dur, [(x * 0.7, min(y, 8000)) for x, y in spots], SPRINT, 2500)
        t1 = t0 + dur
        dur = rng.randint(2000, 3500)
        spots = self.offence_spots(o)
        self.move_side(o, t1, t1 + dur, spots, JOG)
        self.defend(o, t1, t1 + dur, spots, RUN)
        self.t = t1 + dur

    def beat(self, o: int) -> tuple[int, str] | None:
        """One beat of half-court offence: cuts and a pass, or a turnover or a foul."""
        rng = self.rng
        offence = self.sides[o]
        t0 = max(self.t, self.tl.ball.busy_until)
        dur = rng.randint(1500, 3000)
        spots = self.offence_spots(o)
        roll = rng.random()
        if roll < 0.025:
            return self.dead_ball_turnover(o, t0 + rng.randint(300, dur))
        if roll < 0.05:
            return self.steal(o, t0, dur, spots)
        if roll < 0.095:
            return self.foul(o, t0 + rng.randint(300, dur))
        if roll < 0.105:
            return self.out_of_bounds(o, t0 + rng.randint(300, dur))
        self.move_side(o, t0, t0 + dur, spots, RUN)
        self.defend(o, t0, t0 + dur, spots, RUN)
        if rng.random() < 0.8:
            receiver = rng.choice([p for p in offence.on if p is not self.holder])
            self.pass_ball(t0 + dur - 500, receiver)
        self.t = t0 + dur
        return None

    # --- shots ---------------------------------------------------------------------------

    def pick_shooter(self, side: Side) -> Player:
        weights = [self.traits[p.id].usage * (1.3 if p is self.holder else 1.0) for p in side.on]
        return self.rng.choices(side.on, weights)[0]

    def pick_zone(self, shooter: Player) -> int:
        group = self.rng.choices(ZONE_GROUPS, SHOT_MIX[shooter.position])[0]
        return self.rng.choice(group)

    def shot_spot(self, zone: int) -> tuple[int, int]:
        return shot_spot(self.rng, self.spec, zone)

    def make_chance(self, shooter: Player, zone: int, hx: int, hy: int) -> float:
        return make_chance(self.traits[shooter.id].skill, self.spec, zone, hx, hy)

    def shoot(
        self, o: int, shooter: Player, zone: int, *, fast: bool = False, putback: bool = False
    ) -> tuple[int, str]:
        """The shooter gets to a spot in ``zone`` (with the ball) and shoots."""
        rng = self.rng
        hx, hy = self.shot_spot(zone)
        x, y = self.xy(o, hx, hy)
        hx, hy = (round(v) for v in self.hf(o, x, y))  # exact: the spot is an int point
        zone = court.zone_of(hx, hy, self.spec)
        t0 = max(self.t, self.tl.ball.busy_until)
        sp = self.path(shooter)
        ta = sp.arrive(max(t0, sp.t), x, y, SPRINT if fast else RUN)
        catch = ta
        passer = self.holder
        if shooter is not self.holder:
            flight = max(300, round(math.hypot(*(a - b for a, b in zip(
                self.tl.ball.at(t0)[:2], (x, y), strict=True))) / PASS_SPEED))  # fmt: skip
            release_pass = max(t0, ta - flight)
            catch = self.pass_ball(release_pass, shooter, dribble=False)
        release = max(ta, catch) + (rng.randint(150, 450) if putback else rng.randint(300, 900))
        if self.left(release) < 300:
            release = self.buzzer - 300
            if release < max(ta, catch):
                raise PeriodOver
        dist = math.hypot(hx, hy)
        rim = release + 700 + round(dist / 12)
        sp.hold(rim + 200)
        # Everyone else: the offence spaces out, the defence closes out.
        others = frozenset({shooter.id})
        spots = self.offence_spots(o)
        spots[self.sides[o].on.index(shooter)] = (hx, hy)
        self.move_side(o, t0, release, spots, RUN, skip=others)
        self.defend(o, t0, release, spots, RUN, gap=900)
        hoop = self.attack[o]
        self.tl.ball.fly(release, rim, (hoop.x, hoop.y, hoop.z + 100), apex=max(3400, min(
            4500, 3048 + dist / 4)))  # fmt: skip
        three = court.is_three(hx, hy, self.spec)
        made = rng.random() < self.make_chance(shooter, zone, hx, hy)
        foul_p = SHOOTING_FOUL.get(zone, 0.03 if three else 0.07)
        fouled = not fast and self.left(rim) > 0 and rng.random() < foul_p
        shot = {"is_make": made, "is_3point": three, "zone": zone,
                "hoop_player_x": hx, "hoop_player_y": hy}  # fmt: skip
        kind = ("THREE_POINT_" if three else "TWO_POINT_") + ("MAKE" if made else "MISS")
        self.t = rim
        if fouled and not made:
            # A missed shot on a foul is no attempt: straight to the line.
            return self.shooting_foul(o, shooter, release, 3 if three else 2)
        self.stat(rim, shooter, kind, shot)
        assisted = passer is not None and passer is not shooter and passer in self.sides[o].on
        if made and assisted and rng.random() < 0.8 and catch >= release - 3000:
            self.stat(rim, passer, "ASSIST")
        if made:
            if fouled:
                return self.shooting_foul(o, shooter, rim, 1)
            return self.after_make(o, rim)
        return self.rebound(o, rim, long=three)

    def last_shot(self, o: int) -> tuple[int, str]:
        """Time is running out: whoever has the ball shoots from where he is, or it runs out."""
        t0 = max(self.t, self.tl.ball.busy_until)
        if self.left(t0) < 1500 or self.holder is None:
            raise PeriodOver
        shooter = self.holder
        sp = self.path(shooter)
        release = min(t0 + self.rng.randint(500, 1500), self.buzzer - 200)
        sp.hold(release)
        x, y = (round(v) for v in sp.at(release))
        hx, hy = (round(v) for v in self.hf(o, x, y))
        zone = court.zone_of(hx, hy, self.spec)
        dist = math.hypot(hx, hy)
        rim = release + 700 + round(dist / 12)
        sp.hold(rim + 200)
        hoop = self.attack[o]
        self.tl.ball.fly(release, rim, (hoop.x, hoop.y, hoop.z + 100), apex=4500)
        three = court.is_three(hx, hy, self.spec)
        made = self.rng.random() < self.make_chance(shooter, zone, hx, hy)
        shot = {"is_make": made, "is_3point": three, "zone": zone,
                "hoop_player_x": hx, "hoop_player_y": hy}  # fmt: skip
        kind = ("THREE_POINT_" if three else "TWO_POINT_") + ("MAKE" if made else "MISS")
        self.stat(rim, shooter, kind, shot)
        self.tl.ball.fly(rim, rim + 600, (hoop.x + 300, hoop.y, 150))
        self.t = rim + 600
        raise PeriodOver

    def after_make(self, o: int, rim: int) -> tuple[int, str]:
        """A made basket: the ball drops, the other side inbounds from the baseline."""
        rng = self.rng
        d = 1 - o
        hoop = self.attack[o]
        self.tl.ball.fly(rim, rim + 450, (hoop.x, hoop.y + rng.randint(-300, 300), 200))
        self.change_possession(d, rim)
        inbounder, receiver = self.sides[d].on[4 if rng.random() < 0.6 else 3], self.sides[d].on[0]
        side_x = rng.choice((-1, 1))
        ix, iy = self.xy(o, side_x * rng.randint(400, 1200), self.spec.baseline_y + 50)
        ready = self.path(inbounder).arrive(rim, ix, iy, JOG)
        ready = max(ready, rim + 1500)
        self.tl.ball.fly_to(ready - 500, ready, self.path(inbounder), apex=700, dribble=False)
        rx, ry = self.xy(o, -side_x * rng.randint(1500, 3500), rng.randint(1000, 3500))
        self.path(receiver).move(rim, ready + 300, rx, ry, RUN)
        # The scorers head back; the rest of the inbounding side starts up the floor.
        back = [self.jitter((x * 0.6, min(y, 7000)), 800) for x, y in BRING_UP]
        self.defend(d, rim + 300, ready + 1500, back, RUN, 2500)
        spots = [self.jitter(s, 900) for s in BRING_UP]
        skip = frozenset({inbounder.id, receiver.id})
        self.move_side(d, rim + 300, ready + 1500, spots, RUN, skip=skip)
        if self.live_since is not None and self.left(ready + 1500) < 2000:
            raise PeriodOver
        self.holder = inbounder
        self.t = self.pass_ball(ready + rng.randint(300, 900), receiver)
        if self.live_since is None:
            self.go_live(self.t)  # after a made free throw the clock starts on the inbound
        return d, "make"

    def rebound(self, o: int, rim: int, *, long: bool = False, ft: bool = False) -> tuple[int, str]:
        """A missed shot comes off the rim; someone from either side gets it."""
        rng = self.rng
        offensive = rng.random() < (0.12 if ft else 0.30)
        side = o if offensive else 1 - o
        candidates = self.sides[side].on
        weights = [REBOUND_WEIGHT[p.position] for p in candidates]
        rebounder = rng.choices(candidates, weights)[0]
        rp = self.path(rebounder)
        px, py = self.hf(o, *rp.at(rim))
        d = math.hypot(px, py) or 1.0
        reach = rng.uniform(2000, 4500) if long else rng.uniform(1000, 3000)
        spot = self.xy(o, px / d * reach, max(py / d * reach, self.spec.baseline_y + 300))
        catch = rim + rng.randint(600, 1100)
        rp.move(max(rim - 700, rp.t), catch, *spot, SPRINT)
        # Everyone else crashes the boards or gets back.
        for s in (0, 1):
            for p in self.sides[s].on:
                if p is rebounder:
                    continue
                x, y = self.hf(o, *self.path(p).at(rim))
                k = 0.6 if math.hypot(x, y) > 3500 else 0.9
                self.path(p).move(max(rim - 700, self.path(p).t), catch, *self.xy(o, x * k, y * k),
                                  JOG)  # fmt: skip
        self.tl.ball.fly_to(rim, catch, rp, apex=rng.randint(3500, 4200))
        self.holder = rebounder
        self.t = catch
        if self.live_since is None:
            self.go_live(catch)  # the clock starts when a free throw's rebound is touched
        if catch > self.buzzer:
            raise PeriodOver
        if offensive:
            self.stat(catch, rebounder, "OFFENSIVE_REBOUND")
            return o, "oreb"
        self.stat(catch, rebounder, "DEFENSIVE_REBOUND")
        self.change_possession(side, catch)
        return side, "dreb"

    # --- turnovers, fouls and dead balls -------------------------------------------------

    def steal(self, o: int, t0: int, dur: int, spots: list) -> tuple[int, str]:
        """A pass is picked off: turnover for the passer, steal for the defender."""
        rng = self.rng
        offence, defence = self.sides[o], self.sides[1 - o]
        receiver = rng.choice([p for p in offence.on if p is not self.holder])
        slot = offence.on.index(receiver)
        thief = defence.on[slot]
        passer = self.holder
        t1 = t0 + dur
        self.move_side(o, t0, t1, spots, RUN)
        self.defend(o, t0, t1, spots, RUN, skip=frozenset({thief.id}))
        rx, ry = spots[slot]
        bx, by = self.hf(o, *self.path(passer).at(t1 - 400))
        mid = (rx + (bx - rx) * 0.3, ry + (by - ry) * 0.3)
        self.path(thief).move(t0, t1, *self.xy(o, *mid), SPRINT)
        catch = self.pass_ball(t1 - 400, thief)
        self.t = catch
        if catch > self.buzzer:
            raise PeriodOver
        self.stat(catch, passer, "TURNOVER")
        self.stat(catch, thief, "STEAL")
        self.change_possession(1 - o, catch)
        return 1 - o, "steal"

    def dead_ball_turnover(self, o: int, t: int) -> tuple[int, str]:
        """A travel or a ball thrown away: turnover, the other side inbounds."""
        holder = self.holder
        assert holder is not None
        self.halt(o, t)
        self.stop(t)
        self.stat(t, holder, "TURNOVER")
        self.change_possession(1 - o, t)
        return self.inbound(1 - o, t)

    def out_of_bounds(self, o: int, t: int) -> tuple[int, str]:
        """A deflection out of bounds: same side inbounds from the sideline."""
        self.halt(o, t)
        self.stop(t)
        return self.inbound(o, t)

    def foul(self, o: int, t: int) -> tuple[int, str]:
        """A defensive foul away from the ball: an inbound, or free throws in the bonus."""
        d = self.sides[1 - o]
        self.halt(o, t)
        self.stop(t, "FOUL")
        d.fouls += 1
        if d.fouls >= 7:
            shooter = self.holder if self.holder in self.sides[o].on else self.sides[o].on[0]
            return self.free_throws(o, shooter, t, 2 if d.fouls >= 10 else 1, one_and_one=True)
        return self.inbound(o, t)

    def shooting_foul(self, o: int, shooter: Player, t: int, shots: int) -> tuple[int, str]:
        self.sides[1 - o].fouls += 1
        t = max(t, self.tl.ball.busy_until)
        if self.left(t) <= 0:
            raise PeriodOver
        self.stop(t, "FOUL")
        return self.free_throws(o, shooter, t, shots)

    def halt(self, o: int, t: int) -> None:
        """Play stops at t: everyone slows to a stop where they are."""
        self.t = max(t, self.tl.ball.busy_until)
        for s in self.sides:
            for p in s.on:
                self.path(p).hold(self.t)
        if self.t > self.buzzer:
            raise PeriodOver

    def dead_time(self, t: int) -> int:
        """Timeouts and substitutions during a dead ball; returns when play can resume."""
        rng = self.rng
        resume = t + rng.randint(6000, 12000)
        if self.media_marks and self.clock <= self.media_marks[0]:
            self.media_marks.pop(0)
            resume = self.timeout(t, self.pause_length(75_000))
        elif rng.random() < 0.03:
            side = rng.randrange(2)
            if self.sides[side].timeouts > 0:
                self.sides[side].timeouts -= 1
                resume = self.timeout(t, self.pause_length(55_000))
        return max(resume, self.substitutions(t))

    def pause_length(self, typical_ms: int) -> int:
        """A timeout's length: as in a 20-minute half, shorter in short test periods."""
        scale = min(1.0, self.live_ms / 1_200_000)
        return max(8_000, round(typical_ms * scale * self.rng.uniform(0.8, 1.2)))

    def timeout(self, t: int, length: int) -> int:
        """Both sides walk to their benches, huddle and come back."""
        for i, s in enumerate(self.sides):
            bench_x = (-1 if i == 0 else 1) * 3000
            for j, p in enumerate(s.on):
                spot = (bench_x + (j - 2) * 700, -self._ymax + 400 + (j % 2) * 500)
                self.path(p).move(t + 500, t + length // 2, *spot, WALK)
        return t + length

    def substitutions(self, t: int) -> int:
        """Tired players come out at the scorer's table, fresh ones go in there."""
        rng = self.rng
        ready = t
        # Fatigue is counted in shares of a period, so short test periods rotate too.
        played = max(0, t - self.sub_checked) / max(self.live_ms, 1)
        self.sub_checked = t
        for i, s in enumerate(self.sides):
            on_ids = {p.id for p in s.on}
            for p in s.roster:
                if p.id in on_ids:
                    s.energy[p.id] = max(0.0, s.energy[p.id] - 0.6 * played)
                else:
                    s.energy[p.id] = min(1.0, s.energy[p.id] + 1.6 * played)
            swaps = 0
            for slot, p in enumerate(list(s.on)):
                if swaps >= 2 or s.energy[p.id] > 0.55 + rng.random() * 0.15:
                    continue
                fresh = [q for q in s.bench if q.position == p.position and s.energy[q.id] > 0.8]
                if not fresh:
                    continue
                q = max(fresh, key=lambda c: s.energy[c.id])
                table = self.table(i)
                out_at = self.path(p).arrive(max(t, self.path(p).t), *table, JOG)
                self.tl.leave(out_at, p.id)
                qp = self.path(q)
                qp.arrive(qp.t, *table, 10.0)  # sat at the table since he last left it
                self.tl.enter(out_at, q.id)
                s.on[slot] = q
                ready = max(ready, out_at + 2500)
                swaps += 1
        return ready

    def table(self, side: int) -> tuple[int, int]:
        """Where a side's substitutes check in and out, at the scorer's table."""
        return ((-700 if side == 0 else 700), -self.spec.half_width + 150)

    def inbound(self, o: int, t: int) -> tuple[int, str]:
        """After a dead ball: timeouts and subs, then ``o`` inbounds from the nearer sideline.

        LIVE is marked on the catch.
        """
        rng = self.rng
        t = max(t, self.tl.ball.busy_until)
        bx, by, _ = self.tl.ball.at(t)
        resume = self.dead_time(t)
        offence = self.sides[o]
        inbounder = offence.on[rng.choice((1, 2, 3))]
        hx, hy = self.hf(o, bx, by)
        hy = max(self.spec.baseline_y + 1500, min(hy, self.spec.half_court_y + 3000))
        edge = self.spec.half_width - 50
        ix, iy = self.xy(o, edge if hx >= 0 else -edge, hy)
        # The ball goes to where it is put back in play; the inbounder fetches it there.
        self.tl.ball.fly(t + 100, t + 900, (ix, iy, 1000), apex=1200)
        ip = self.path(inbounder)
        ready = max(resume, ip.arrive(max(resume - 6000, ip.t, t), ix, iy, JOG) + 500)
        self.tl.ball.fly_to(ready - 300, ready, ip, apex=1100, dribble=False)
        spots = self.offence_spots(o)
        slot = offence.on.index(inbounder)
        spots[slot] = self.hf(o, ix, iy)
        for s in (o, 1 - o):
            for p in self.sides[s].on:
                self.path(p).hold(t)
        skip = frozenset({inbounder.id})
        self.move_side(o, max(resume - 6000, t), ready, spots, JOG, skip=skip)
        self.defend(o, max(resume - 6000, t), ready, spots, JOG)
        receiver = rng.choice([p for p in offence.on if p is not inbounder])
        self.holder = inbounder
        catch = self.pass_ball(ready + rng.randint(200, 800), receiver)
        self.go_live(catch)
        self.t = catch
        return o, "inbound" if hy < self.spec.half_court_y else "backcourt"

    def free_throws(
        self, o: int, shooter: Player, t: int, shots: int, *, one_and_one: bool = False
    ) -> tuple[int, str]:
        """Free throws from the line with the lane lined up; the clock stays stopped."""
        rng = self.rng
        t = max(t, self.tl.ball.busy_until)
        resume = self.dead_time(t)
        if shooter not in self.sides[o].on:  # subbed out meanwhile: a teammate shoots
            shooter = self.sides[o].on[0]
        spec = self.spec
        line = (0, spec.free_throw_y + 200)
        lane_x = spec.lane_width / 2 + 350
        lane = [(lane_x, 700), (-lane_x, 700), (lane_x, 2600), (-lane_x, 2600), (0, 8000),
                (lane_x, 1700), (-lane_x, 1700), (3000, 8200), (-3000, 8200)]  # fmt: skip
        start = max(resume - 7000, t)
        self.path(shooter).move(start, resume, *self.xy(o, *line), JOG)
        self.tl.ball.fly_to(max(start, resume - 1500), resume - 500, self.path(shooter),
                            apex=1500, dribble=False)  # fmt: skip
        others = [p for p in self.sides[1 - o].on] + [p for p in self.sides[o].on
                                                      if p is not shooter]  # fmt: skip
        for p, spot in zip(others, lane, strict=True):
            self.path(p).move(start, resume, *self.xy(o, *self.jitter(spot, 150)), JOG)
        hoop = self.attack[o]
        chance = (
            FT_RATE
            + self.traits[shooter.id].skill
            + (
                0.06
                if shooter.position == "guard"
                else -0.08
                if shooter.position == "center"
                else 0
            )
        )
        at = resume
        made = False
        for n in range(shots + (1 if one_and_one else 0)):
            release = at + rng.randint(1500, 3500)
            rim = release + 800
            self.tl.ball.fly(release, rim, (hoop.x, hoop.y, hoop.z + 100), apex=4000)
            made = rng.random() < chance
            self.stat(rim, shooter, "FREE_THROW_MAKE" if made else "FREE_THROW_MISS")
            last = n == shots + (1 if one_and_one else 0) - 1 or (one_and_one and not made)
            self.path(shooter).hold(rim)
            if last:
                self.t = rim
                if made:
                    return self.after_make(o, rim)
                return self.rebound(o, rim, ft=True)
            back = rim + rng.randint(1200, 2200)
            self.tl.ball.fly_to(rim + 200, back, self.path(shooter), apex=1500, dribble=False)
            at = back
        raise AssertionError("unreachable")
