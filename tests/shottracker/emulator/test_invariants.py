"""The emulator's invariants while fast games run, for several seeds.

The test keeps its own fold of what the feed sent: it starts from a catch-up taken right
after connecting (frames already in it change nothing: stats apply by version, shots by
identity), then applies every received stats and shot frame in order. Meanwhile it
samples the REST views again and again; each sample must equal the test's fold at some
point of the frame sequence (the feed and the store move together), and after the game
the final catch-up must equal the final fold.
"""

from __future__ import annotations

import asyncio
import json
import math
from dataclasses import dataclass, field

import httpx
import pytest

from shottracker.court import is_three, zone_of
from shottracker.emulator.loop import LoopingScrimmage
from shottracker.emulator.simulator import FeedMessage, SessionStarted, make_teams

from .conftest import make_emulator, mock_auth, open_feed, subscribe

MAX_PLAYER_SPEED_MM_PER_MS = 10.0  # 10 m/s
SHOT_FIELDS = ("occurred_at", "is_make", "is_3point", "zone", "hoop_player_x", "hoop_player_y",
               "status")  # fmt: skip


@dataclass
class Fold:
    """The event as the feed told it: every stats message by version, every shot by identity."""

    rosters: list[dict]  # _subscribe's teams: id, name, players
    details: list[dict] = field(default_factory=list)
    shots: dict[tuple[int, int], dict] = field(default_factory=dict)

    @classmethod
    def from_catch_up(cls, rosters: list[dict], body: dict) -> Fold:
        fold = cls(rosters)
        fold.details = [dict(d) for d in body["details"]]
        fold.shots = {(s["player_id"], s["occurred_at"]): dict(s) for s in body["shots"]}
        return fold

    @property
    def version(self) -> int:
        return self.details[-1]["version"] if self.details else 0

    def apply(self, live_id: str, period: str, frame: dict) -> bool:
        """Apply one frame; True when it changed the fold."""
        data = frame.get("data", {})
        if frame["type"] == "stats" and data["version"] > self.version:
            self.details.append({**data, "period": period, "session_id": live_id})
            return True
        if frame["type"] == "shot":
            key = (data["player_id"], data["occurred_at"])
            where = self.shots.get(key, {"period": period, "session_id": live_id})
            self.shots[key] = {**data, "period": where["period"], "session_id": where["session_id"]}
            return True
        return False

    # The REST views, derived from the fold ------------------------------------------------

    def _players(self, team: dict, rows: dict[int, dict]) -> list[dict]:
        def details(p: dict) -> dict:
            return {"id": p["id"], "firstname": p["first_name"], "lastname": p["last_name"],
                    "profile_image_link": p["profile_image_link"]}  # fmt: skip

        return [
            {"id": p["id"], "player_details": details(p), **rows[p["id"]]}
            for p in team["players"]
            if p["id"] in rows and rows[p["id"]]["team_id"] == team["id"]
        ]

    def totals(self) -> dict[int, dict]:
        rows: dict[int, dict] = {}
        for d in self.details:
            row = rows.setdefault(d["player_id"], {"team_id": d["team_id"], "stats": {}})
            row["stats"].update(d["stats"])
            row["version"] = d["version"]
        return rows

    def team_stats(self) -> list[dict]:
        rows = self.totals()
        out = []
        for team in self.rosters:
            players = self._players(team, rows)
            for p in players:
                p.pop("team_id")
            out.append({"id": team["id"], "player_stats": players})
        return out

    def live_details(self, live_id: str) -> dict:
        """Increments as points in time order; a correction takes back from its event."""
        before: dict[int, dict[str, float]] = {}
        rows: dict[int, dict] = {}
        for d in self.details:
            prev = before.setdefault(d["player_id"], {})
            for key, value in d["stats"].items():
                change = value - prev.get(key, 0.0)
                prev[key] = value
                if change and d["session_id"] == live_id:
                    row = rows.setdefault(d["player_id"], {"team_id": d["team_id"], "stats": {}})
                    series = row["stats"].setdefault(key, [])
                    if change > 0:
                        series.append({"occurred_at": d["occurred_at"], "value": change})
                        series.sort(key=lambda point: point["occurred_at"])
                    else:
                        take_back(series, d["occurred_at"], -change)
                    if not series:
                        del row["stats"][key]
        rows = {pid: row for pid, row in rows.items() if row["stats"]}
        teams = []
        for team in self.rosters:
            players = self._players(team, rows)
            for p in players:
                p.pop("team_id")
            teams.append({"id": team["id"], "player_stats": players})
        return {"teams": teams}

    def live_shots(self, live_id: str) -> dict:
        rows: dict[int, dict] = {}
        for shot in self.shots.values():
            if shot["session_id"] == live_id:
                row = rows.setdefault(shot["player_id"], {"team_id": shot["team_id"], "shots": []})
                row["shots"].append({k: shot[k] for k in SHOT_FIELDS})
        teams = []
        for team in self.rosters:
            players = self._players(team, rows)
            for p in players:
                p.pop("team_id")
            teams.append({"id": team["id"], "player_shots": players})
        return {"teams": teams}

    def view(self, kind: str, live_id: str) -> dict:
        if kind == "stats":
            return {"teams": self.team_stats()}
        if kind == "details":
            return self.live_details(live_id)
        if kind == "shots":
            return self.live_shots(live_id)
        return {"stats": self.team_stats(), "details": self.details,
                "shots": list(self.shots.values())}  # fmt: skip


def take_back(series: list[dict], occurred_at: int, amount: float) -> None:
    """A correction: from the points of its event first, then from the latest ones."""
    for point in [p for p in reversed(series) if p["occurred_at"] == occurred_at] + [
        p for p in reversed(series) if p["occurred_at"] != occurred_at
    ]:
        cut = min(amount, point["value"])
        point["value"] -= cut
        amount -= cut
    series[:] = [p for p in series if p["value"] > 0]


def signature(kind: str, body: dict) -> tuple:
    """A cheap summary that two equal views share (to find candidate points quickly)."""
    if kind == "catch-up":
        versions = [d["version"] for d in body["details"]]
        corrected = sum(s["status"] != "RECORDED" for s in body["shots"])
        return (max(versions, default=0), len(body["shots"]), corrected)
    if kind == "stats":
        return (max((p["version"] for t in body["teams"] for p in t["player_stats"]), default=0),)
    if kind == "details":
        return (sum(len(v) for t in body["teams"] for p in t["player_stats"]
                    for v in p["stats"].values()),)  # fmt: skip
    shots = [s for t in body["teams"] for p in t["player_shots"] for s in p["shots"]]
    return (len(shots), sum(s["status"] != "RECORDED" for s in shots))


@dataclass
class Sample:
    kind: str
    live_id: str
    body: dict
    matched: bool = False


CATCH_UP = "/v1/data/stats/games/{}/stats,details,shots"


async def play_and_sample(seed: int) -> None:
    async with (
        make_emulator(seed=seed, speed=40, location_hz=10) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth()) as api,
    ):
        handle = emulator.start_game(seed=seed)
        catch_up = CATCH_UP.format(handle.event_id)
        sessions: list[tuple[str, str, list[dict]]] = []  # live id, period, frames
        samples: list[Sample] = []
        current: list[str] = []

        async def sample_forever() -> None:
            urls = {
                "stats": "/v1/data/live/{}/stats",
                "details": "/v1/data/live/{}/stats/details",
                "shots": "/v1/data/live/{}/shots",
                "catch-up": catch_up,
            }
            while True:
                for kind, url in urls.items():
                    live_id = current[-1]
                    body = (await api.get(url.format(live_id))).json()
                    samples.append(Sample(kind, live_id, body))

        async def read(socket, frames: list[dict], next_half: asyncio.Future) -> None:
            # The server closes the socket once the session has ended and all of it was sent.
            async for raw in socket:
                frame = json.loads(raw)
                frames.append(frame)
                if frame["type"] == "marker" and frame["data"]["type"] == "PLAY_NEXT":
                    next_half.set_result(frame["data"]["live_id"])
            assert socket.close_code == 1000 and socket.close_reason == "session ended"
            if not next_half.done():
                next_half.set_result(None)

        loop = asyncio.get_running_loop()
        tasks: list[asyncio.Task] = []
        live_id: str | None = handle.live_ids[0]
        base: Fold | None = None
        try:
            async with asyncio.timeout(120):
                while live_id is not None:
                    info = await subscribe(api, live_id)
                    socket = await open_feed(emulator, info["token"])
                    assert json.loads(await socket.recv())["type"] == "ack"
                    body = (await api.get(catch_up)).json()
                    frames: list[dict] = []
                    if base is None:
                        base = Fold.from_catch_up(info["teams"], body)
                    else:
                        # What the half sent before we connected (little or nothing: we
                        # connect at PLAY_NEXT) is in the catch-up: put it on the wire's
                        # record in order, ahead of what the socket gets.
                        frames.extend(missed(body, live_id))
                    sessions.append((live_id, f"H{len(sessions) + 1}", frames))
                    current.append(live_id)
                    if not tasks:
                        tasks.append(asyncio.create_task(sample_forever()))
                    next_half: asyncio.Future = loop.create_future()
                    tasks.append(asyncio.create_task(read(socket, frames, next_half)))
                    live_id = await next_half
                await asyncio.gather(*tasks[1:])
                await handle.finished.wait()
        finally:
            for task in tasks:
                task.cancel()
        final = (await api.get(catch_up)).json()

    assert base is not None and len(sessions) == 2
    check_samples_follow_the_feed(base, sessions, samples)
    # After the game, the catch-up is exactly the fold of the feed.
    fold = base
    for live_id, period, frames in sessions:
        for frame in frames:
            fold.apply(live_id, period, frame)
    assert final["details"] == fold.details
    assert final["stats"] == fold.team_stats()
    assert final["shots"] == list(fold.shots.values())
    assert [d["version"] for d in fold.details] == list(range(1, len(fold.details) + 1))
    check_score(final)
    for _, _, frames in sessions:
        check_shot_zones(frames)
        check_player_speeds(frames)


def missed(catch_up: dict, live_id: str) -> list[dict]:
    """Frames of ``live_id`` sent before we connected, rebuilt from a catch-up taken after.

    Only stats can be rebuilt exactly; a shot in that window would be a test too slow
    to follow the game, and is reported as such.
    """
    assert all(s["session_id"] != live_id for s in catch_up["shots"]), "connected too late"
    return [
        {"type": "stats", "data": {k: d[k] for k in ("occurred_at", "team_id", "player_id",
                                                     "stats", "classification", "version")}}
        for d in catch_up["details"]
        if d["session_id"] == live_id
    ]  # fmt: skip


def check_samples_follow_the_feed(base: Fold, sessions, samples: list[Sample]) -> None:
    """Every sampled REST view equals the feed's fold at some point of the frame sequence."""
    fold = Fold(base.rosters, list(base.details), dict(base.shots))
    pending = list(samples)

    def match() -> None:
        nonlocal pending
        left = []
        views: dict[tuple[str, str], dict] = {}
        for sample in pending:
            key = (sample.kind, sample.live_id)
            view = views[key] = views.get(key) or fold.view(*key)
            body = {k: v for k, v in sample.body.items() if k != "gameTotals"}
            if signature(sample.kind, body) == signature(sample.kind, view) and body == view:
                sample.matched = True
            else:
                left.append(sample)
        pending = left

    match()
    for live_id, period, frames in sessions:
        for frame in frames:
            if fold.apply(live_id, period, frame):
                match()
    assert len(samples) > 20, "the sampler should have sampled the game many times"
    unmatched = [(s.kind, s.live_id) for s in pending]
    assert not unmatched, (
        f"{len(unmatched)} REST samples match no point of the feed: {unmatched[:5]}"
    )
    for sample in samples:
        if sample.kind == "catch-up":
            check_score(sample.body)


def check_score(body: dict) -> None:
    """Team points (the sum of the players' PTS) equal the score in gameTotals."""
    totals = body["gameTotals"]
    points = {str(t["id"]): sum(p["stats"].get("PTS", 0) for p in t["player_stats"])
              for t in body["stats"]}  # fmt: skip
    for side in ("homeTeamScore", "awayTeamScore"):
        assert points[totals[side]["teamId"]] == totals[side]["value"]


def check_shot_zones(frames: list[dict]) -> None:
    shots = [f["data"] for f in frames if f["type"] == "shot"]
    assert shots
    for shot in shots:
        x, y = shot["hoop_player_x"], shot["hoop_player_y"]
        assert shot["zone"] == zone_of(x, y), shot
        assert shot["is_3point"] == is_three(x, y), shot


def check_player_speeds(frames: list[dict]) -> None:
    last: dict[int, tuple[int, int, int]] = {}
    samples = 0
    for frame in frames:
        data = frame["data"]
        if frame["type"] != "location" or data["type"] != "PLAYER":
            continue
        before = last.get(data["id"])
        last[data["id"]] = (data["occurred_at"], data["x"], data["y"])
        if before is None or data["occurred_at"] <= before[0]:
            continue
        samples += 1
        distance = math.hypot(data["x"] - before[1], data["y"] - before[2])
        speed = distance / (data["occurred_at"] - before[0])
        assert speed <= MAX_PLAYER_SPEED_MM_PER_MS, (data, before, speed)
    assert samples > 100


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_rest_views_equal_what_the_feed_sent_at_every_moment(seed):
    await play_and_sample(seed)


def test_the_test_session_loops_for_ever_with_growing_versions_and_totals():
    team = make_teams(5, count=1)[0]
    source = LoopingScrimmage(team, seed=5, start_ms=0, location_hz=2, half_minutes=0.5)
    emissions = []
    after_first_game = 0
    while source.games < 4:  # three whole games and the start of a fourth
        emissions += source.advance(source.now_ms + 60_000)
        if source.games == 2 and not after_first_game:
            after_first_game = len([e for e in emissions if isinstance(e, FeedMessage)
                                    and e.message["type"] == "stats"])  # fmt: skip
    assert not source.finished
    assert [type(e) for e in emissions].count(SessionStarted) == 1
    messages = [e.message for e in emissions if isinstance(e, FeedMessage)]
    assert {e.live_id for e in emissions if isinstance(e, FeedMessage)} == {"test"}
    markers = [m["data"]["type"] for m in messages if m["type"] == "marker"]
    assert markers.count("DRILL_START") == 1 and markers[0] == "DRILL_START"
    assert set(markers) <= {"DRILL_START", "LIVE", "PAUSED", "FOUL"}
    stats = [m["data"] for m in messages if m["type"] == "stats"]
    assert [s["version"] for s in stats] == list(range(1, len(stats) + 1))
    assert {s["team_id"] for s in stats} == {team.id}
    totals: dict[int, dict[str, float]] = {}
    for s in stats:
        totals.setdefault(s["player_id"], {}).update(s["stats"])
        assert all(v >= 0 for v in s["stats"].values())
    # Totals keep adding up across the looped games: points are made of the shots.
    for t in totals.values():
        assert t.get("PTS", 0) == 2 * t.get("FG", 0) + t.get("FG3", 0) + t.get("FT", 0)
    # Distance is never corrected: it only grows, across the games too (no reset to zero).
    distance: dict[int, float] = {}
    crossed = False
    for i, s in enumerate(stats):
        if "DIST" in s["stats"]:
            assert s["stats"]["DIST"] > distance.get(s["player_id"], 0.0)
            crossed |= i >= after_first_game and s["player_id"] in distance
            distance[s["player_id"]] = s["stats"]["DIST"]
    assert crossed
    times = [m["data"]["occurred_at"] for m in messages if m["type"] == "location"]
    assert times == sorted(times)
    fresh = [
        m["data"] for m in messages if m["type"] == "shot" and m["data"]["status"] == "RECORDED"
    ]
    shot_keys = [(shot["player_id"], shot["occurred_at"]) for shot in fresh]
    assert len(shot_keys) == len(set(shot_keys))
