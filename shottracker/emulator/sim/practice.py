"""Practice drills: shooting around the arc, and splitting a team for scrimmages."""

from __future__ import annotations

import math
import random

from shottracker import court
from shottracker.emulator.sim.plays import JOG, PASS_SPEED, RUN, Traits, make_chance, shot_spot
from shottracker.emulator.sim.rosters import Player, Team
from shottracker.emulator.sim.timeline import Timeline

GROUP = 4  # a passer under the hoop and three shooters


def split_team(players: list[Player]) -> tuple[list[Player], list[Player]]:
    """Two scrimmage sides, each with guards, forwards and a center."""
    a: list[Player] = []
    b: list[Player] = []
    for position in ("guard", "forward", "center"):
        for i, p in enumerate(q for q in players if q.position == position):
            (a if i % 2 == 0 else b).append(p)
    return a, b


def table_spot(spec: court.CourtSpec) -> tuple[int, int]:
    """Where players wait off the court during a practice."""
    return (0, -spec.half_width + 150)


def shooting_drill(
    tl: Timeline,
    rng: random.Random,
    spec: court.CourtSpec,
    team: Team,
    traits: dict[int, Traits],
    zones: tuple[int, ...],
    start: int,
    length_ms: int,
    period: str,
) -> int:
    """Groups of four take turns at the east hoop: one passes, three shoot from ``zones``.

    The state is LIVE for ``length_ms``; returns when the drill ends (after PAUSED).
    """
    hoop = court.hoops(spec)[1]

    def xy(hx: float, hy: float) -> tuple[int, int]:
        x, y = court.from_hoop_frame(hx, hy, hoop)
        return (round(x), round(y))

    players = team.players
    table = table_spot(spec)
    tl.marker(start + 500, "LIVE")
    stop = start + 500 + length_ms
    t = start + 500
    group_ms = max(20_000, length_ms // max(1, len(players) // GROUP))
    first = 0
    ball_on = False
    while t < stop - 8000:
        group = [players[(first + k) % len(players)] for k in range(GROUP)]
        first += GROUP
        passer, shooters = group[0], group[1:]
        ready = t
        for p, spot in zip(group, [(0, 900)] + [shot_spot(rng, spec, z) for z in zones[:3]],
                           strict=False):  # fmt: skip
            ready = max(ready, tl.paths[p.id].arrive(t, *xy(*spot), RUN))
        for p in group:
            tl.enter(t, p.id)
        if not ball_on:  # the drill's ball appears in the passer's hands
            tl.ball.hold(ready, tl.paths[passer.id], dribble=False)
            tl.ball_on(ready, True)
            ball_on = True
        else:
            tl.ball.fly_to(max(ready - 800, tl.ball.busy_until), ready, tl.paths[passer.id],
                           apex=1500, dribble=False)  # fmt: skip
        t = ready
        group_end = min(t + group_ms, stop - 5000)
        k = 0
        while t < group_end:
            shooter = shooters[k % len(shooters)]
            zone = zones[(k // len(shooters) + k) % len(zones)]
            k += 1
            hx, hy = shot_spot(rng, spec, zone)
            x, y = xy(hx, hy)
            hx, hy = (round(v) for v in court.to_hoop_frame(x, y, hoop))
            sp = tl.paths[shooter.id]
            arrive = sp.arrive(max(t, sp.t), x, y, JOG)
            bx, by, _ = tl.ball.at(tl.ball.busy_until)
            flight = max(300, round(math.hypot(x - bx, y - by) / PASS_SPEED))
            thrown = max(arrive - flight, tl.ball.busy_until + 300)
            tl.ball.fly_to(thrown, thrown + flight, sp, apex=1400, dribble=False)
            release = tl.ball.busy_until + rng.randint(300, 700)
            rim = release + 800 + round(max(abs(hx), abs(hy)) / 12)
            sp.hold(rim + 200)
            tl.ball.fly(release, rim, (hoop.x, hoop.y, hoop.z + 100), apex=4300)
            made = rng.random() < make_chance(traits[shooter.id].skill + 0.08, spec, zone, hx, hy)
            kind = ("THREE_POINT_" if zone in court.THREE_ZONES else "TWO_POINT_") + (
                "MAKE" if made else "MISS")  # fmt: skip
            shot = {"is_make": made, "is_3point": court.is_three(hx, hy, spec), "zone": zone,
                    "hoop_player_x": hx, "hoop_player_y": hy}  # fmt: skip
            tl.stat(rim, team.id, shooter.id, kind, shot)
            pp = tl.paths[passer.id]
            px, py = xy(rng.randint(-900, 900), rng.randint(500, 1500))
            caught = rim + rng.randint(700, 1100)
            pp.move(max(rim - 500, pp.t), caught, px, py, RUN)
            tl.ball.fly_to(rim, caught, pp, apex=3600, dribble=False)
            t = caught
        # The ball is left under the hoop; the group walks off; the next one comes on.
        floor = (*xy(rng.randint(-600, 600), rng.randint(300, 900)), 150)
        tl.ball.fly(max(t, tl.ball.busy_until), max(t, tl.ball.busy_until) + 500, floor, apex=1200)
        for p in group:
            path = tl.paths[p.id]
            tl.leave(path.arrive(max(t, path.t), *table, JOG), p.id)
        t = max(tl.paths[p.id].t for p in group)
    end = max(stop, t, tl.ball.busy_until) + 500
    tl.marker(max(stop, t), "PAUSED")
    tl.ball_on(end, False)
    return end
