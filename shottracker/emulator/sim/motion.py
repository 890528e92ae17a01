"""Movement: players' piecewise-linear paths and the ball's track, sampled into positions.

Planning appends waypoints only at or after the last sampled time, so what has been sent
never changes. A path's speed is bounded by construction (``Path.move`` never asks a player
to outrun ``max_speed``), which keeps consecutive samples plausible at any sampling rate.
"""

from __future__ import annotations

import math
from bisect import bisect_right

PLAYER_TAG_Z = 1000  # mm: where a player's tag sits
HAND_DX = 200  # mm: where the ball is, beside the player holding it
HAND_Z = 1050


class Path:
    """A player's xy path: waypoints (t, x, y), linear in between, and the distance run."""

    __slots__ = ("_i", "cum", "stints", "ts", "xs", "ys")

    def __init__(self, t: int, x: float, y: float) -> None:
        self.ts = [t]
        self.xs = [float(x)]
        self.ys = [float(y)]
        self.cum = [0.0]  # mm run up to each waypoint
        self.stints: list[list] = []  # [t_in, t_out or -1, mm run off court before t_in]
        self._i = 0  # sampling cursor

    @property
    def t(self) -> int:
        return self.ts[-1]

    @property
    def pos(self) -> tuple[float, float]:
        """The last planned position."""
        return (self.xs[-1], self.ys[-1])

    def at(self, t: float) -> tuple[float, float]:
        """The position at time t (standing still after the last waypoint)."""
        ts = self.ts
        if t >= ts[-1]:
            return (self.xs[-1], self.ys[-1])
        if t <= ts[0]:
            return (self.xs[0], self.ys[0])
        i = bisect_right(ts, t) - 1
        f = (t - ts[i]) / (ts[i + 1] - ts[i])
        return (self.xs[i] + (self.xs[i + 1] - self.xs[i]) * f,
                self.ys[i] + (self.ys[i + 1] - self.ys[i]) * f)  # fmt: skip

    def sample(self, t: float) -> tuple[float, float]:
        """``at(t)`` for times that only grow: amortised constant time."""
        ts = self.ts
        i = self._i
        n = len(ts) - 1
        while i < n and ts[i + 1] <= t:
            i += 1
        self._i = i
        if i == n or t <= ts[i]:
            return (self.xs[i], self.ys[i])
        f = (t - ts[i]) / (ts[i + 1] - ts[i])
        return (self.xs[i] + (self.xs[i + 1] - self.xs[i]) * f,
                self.ys[i] + (self.ys[i + 1] - self.ys[i]) * f)  # fmt: skip

    def distance_at(self, t: float) -> float:
        """Millimetres run up to time t."""
        ts = self.ts
        if t >= ts[-1]:
            return self.cum[-1]
        if t <= ts[0]:
            return 0.0
        i = bisect_right(ts, t) - 1
        f = (t - ts[i]) / (ts[i + 1] - ts[i])
        return self.cum[i] + (self.cum[i + 1] - self.cum[i]) * f

    def hold(self, t: int) -> None:
        """Stand still until t."""
        if t > self.ts[-1]:
            self._append(t, self.xs[-1], self.ys[-1])

    def _append(self, t: int, x: float, y: float) -> None:
        d = math.hypot(x - self.xs[-1], y - self.ys[-1])
        if t <= self.ts[-1]:
            if d > 0.5:
                raise ValueError("a path cannot jump")
            return
        self.ts.append(t)
        self.xs.append(x)
        self.ys.append(y)
        self.cum.append(self.cum[-1] + d)

    def move(self, t0: int, t1: int, x: float, y: float, max_speed: float) -> bool:
        """Leave at t0 toward (x, y), get as far as ``max_speed`` (m/s) allows by t1.

        Returns whether the target was reached.
        """
        self.hold(t0)
        x0, y0 = self.xs[-1], self.ys[-1]
        d = math.hypot(x - x0, y - y0)
        if t1 <= self.ts[-1]:
            return d < 1.0
        reach = max_speed * (t1 - self.ts[-1])  # mm/ms == m/s
        if d <= reach:
            self._append(t1, x, y)
            return True
        f = reach / d
        self._append(t1, x0 + (x - x0) * f, y0 + (y - y0) * f)
        return False

    def arrive(self, t0: int, x: float, y: float, speed: float) -> int:
        """Go from t0 to (x, y) at ``speed`` (m/s); returns the arrival time."""
        self.hold(t0)
        d = math.hypot(x - self.xs[-1], y - self.ys[-1])
        t1 = self.ts[-1] + max(1, math.ceil(d / speed))
        self._append(t1, x, y)
        return t1

    def enter(self, t: int) -> None:
        """On court from t: distance run off court before is not counted from now on."""
        self.hold(t)
        if self.stints and self.stints[-1][1] >= 0:
            off = self.stints[-1][2] + self.distance_at(t) - self.distance_at(self.stints[-1][1])
        elif self.stints:
            return  # already on
        else:
            off = self.distance_at(t)
        self.stints.append([t, -1, off])

    def leave(self, t: int) -> None:
        self.hold(t)
        self.stints[-1][1] = t

    def on_court_distance(self, t: float) -> float:
        """Millimetres run on court up to time t."""
        for t_in, t_out, off in reversed(self.stints):
            if t >= t_in:
                return self.distance_at(t if t_out < 0 else min(t, t_out)) - off
        return 0.0


class Ball:
    """The ball's track: held by a player (dribbling or not), resting, or in flight.

    A flight starts wherever the ball is when it leaves and, on a pass, ends in the
    catcher's hands wherever he is then: both ends are looked up when sampled, so the
    track is continuous however the players' paths were planned.
    """

    __slots__ = ("_i", "segments", "starts")

    def __init__(self) -> None:
        # (t0, t1, kind, data); "hold": (path, dribble, since), "rest": (point,),
        # "fly": (index of the segment it leaves from, end point or catcher's Path, apex)
        self.segments: list[tuple[int, int, str, tuple]] = []
        self.starts: list[int] = []
        self._i = 0

    def _add(self, t0: int, t1: int, kind: str, data: tuple) -> None:
        if self.segments:
            prev = self.segments[-1]
            if t0 < prev[0] or (prev[2] == "fly" and t0 < prev[1]):
                raise ValueError("ball segments must be in time order")
            self.segments[-1] = (prev[0], t0, prev[2], prev[3])
        self.segments.append((t0, t1, kind, data))
        self.starts.append(t0)

    def hold(self, t: int, path: Path, *, dribble: bool = True) -> None:
        """From t on, the ball is with the player on ``path``."""
        self._add(t, 2**62, "hold", (path, dribble, t))

    def hold_at(self, t: int, point: tuple[float, float, float]) -> None:
        """From t on the ball stays at ``point`` (on the floor, in a referee's hands)."""
        self._add(t, 2**62, "rest", (point,))

    def _leave(self, t0: int) -> None:
        # Whoever lets the ball go stands where he is at t0 from now on in the plan, so
        # the flight leaves from a place that later planning cannot move.
        if self.segments and self.segments[-1][2] == "hold":
            self.segments[-1][3][0].hold(t0)

    def fly(self, t0: int, t1: int, end: tuple[float, float, float], apex: float = 0.0) -> None:
        """From t0 to t1 the ball flies from where it is to ``end`` (xyz), peaking near apex."""
        self._leave(t0)
        self._add(t0, t1, "fly", (len(self.segments) - 1, end, apex))
        self.hold_at(t1, end)

    def fly_to(self, t0: int, t1: int, path: Path, apex: float = 0.0, dribble: bool = True) -> None:
        """A pass (or rebound) from t0 that the player on ``path`` catches at t1."""
        self._leave(t0)
        path.hold(t1)  # and the catcher's whereabouts up to the catch are settled too
        self._add(t0, t1, "fly", (len(self.segments) - 1, path, apex))
        self.hold(t1, path, dribble=dribble)

    @property
    def busy_until(self) -> int:
        """When the ball's current flight lands (new segments may not start before)."""
        if self.segments and self.segments[-1][2] == "fly":
            return self.segments[-1][1]
        return self.segments[-1][0] if self.segments else 0

    def at(self, t: float) -> tuple[float, float, float]:
        i = max(0, bisect_right(self.starts, t) - 1)
        return self._eval(i, t)

    def sample(self, t: float) -> tuple[float, float, float]:
        """``at(t)`` for times that only grow."""
        segs = self.segments
        i = self._i
        n = len(segs) - 1
        while i < n and segs[i + 1][0] <= t:
            i += 1
        self._i = i
        return self._eval(i, t)

    def _eval(self, i: int, t: float) -> tuple[float, float, float]:
        t0, t1, kind, data = self.segments[i]
        if kind == "hold":
            path, dribble, since = data
            x, y = path.at(t)
            if not dribble:
                return (x + HAND_DX, y, HAND_Z)
            # Dribbling: bounce every 0.6 s, from the hand to the floor and back.
            z = 150.0 + (HAND_Z - 150.0) * abs(math.cos(math.pi * (t - since) / 600.0))
            return (x + HAND_DX, y, z)
        if kind == "rest":
            return data[0]
        before, end, apex = data
        x0, y0, z0 = self._eval(before, t0) if before >= 0 else end
        if isinstance(end, Path):
            x1, y1 = end.at(t1)
            x1, z1 = x1 + HAND_DX, HAND_Z
        else:
            x1, y1, z1 = end
        f = min(1.0, max(0.0, (t - t0) / (t1 - t0))) if t1 > t0 else 1.0
        rise = max(0.0, apex - max(z0, z1))
        return (x0 + (x1 - x0) * f, y0 + (y1 - y0) * f, z0 + (z1 - z0) * f + 4 * rise * f * (1 - f))
