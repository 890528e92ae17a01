"""The game simulator: deterministic events whose stats, shots, moves and markers add up."""

from __future__ import annotations

import itertools
import math
import re
import time
from collections import Counter, defaultdict
from functools import cache

import pytest

from shottracker import court
from shottracker.emulator.sim.ledger import CORRECTIONS
from shottracker.emulator.simulator import (
    BALL_ID,
    EventSimulator,
    FeedMessage,
    PossessionRecord,
    SessionEnded,
    SessionStarted,
    make_teams,
)
from shottracker.models import parse_feed_message

START = 1_700_000_000_000
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
SEEDS = (1, 2, 3)


@cache
def play(seed: int, kind: str = "game", hz: int = 0, half_minutes: float = 20.0):
    """A whole event, played once per test run: (simulator, emissions)."""
    teams = make_teams(seed, 2 if kind == "game" else 1)
    sim = EventSimulator(seed=seed, kind=kind, teams=teams, start_ms=START, location_hz=hz,
                         half_minutes=half_minutes)  # fmt: skip
    return sim, tuple(sim.advance(START + 10**10))


def messages(emissions, kind: str | None = None) -> list[dict]:
    feed = [e.message for e in emissions if isinstance(e, FeedMessage)]
    return [m for m in feed if kind is None or m["type"] == kind]


def markers(emissions) -> list[str]:
    return [m["data"]["type"] for m in messages(emissions, "marker")]


def short_game(seed: int):
    return play(seed, hz=25, half_minutes=3.0)


# --- determinism -----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_event():
    _, first = play(4, hz=25, half_minutes=2.0)
    teams = make_teams(4)
    again = EventSimulator(seed=4, teams=teams, start_ms=START, location_hz=25, half_minutes=2.0)
    assert tuple(again.advance(START + 10**10)) == first
    other = EventSimulator(seed=5, teams=teams, start_ms=START, location_hz=25, half_minutes=2.0)
    assert tuple(other.advance(START + 10**10)) != first


def test_advancing_in_small_steps_hands_out_what_one_big_step_does():
    sim, whole = play(4, hz=25, half_minutes=2.0)
    stepped = EventSimulator(seed=4, teams=make_teams(4), start_ms=START, location_hz=25,
                             half_minutes=2.0)  # fmt: skip
    out = []
    t = START
    while not stepped.finished:
        t += 777
        out.extend(stepped.advance(t))
        assert stepped.now_ms <= t
    assert tuple(out) == whole
    assert stepped.event_id == sim.event_id
    assert [s.live_id for s in stepped.sessions] == [s.live_id for s in sim.sessions]


def test_ids_are_uuid_shaped_and_rosters_are_real_sounding():
    sim, _ = play(1)
    assert UUID.match(sim.event_id)
    assert all(UUID.match(s.live_id) for s in sim.sessions)
    teams = make_teams(9, count=6)
    assert teams == make_teams(9, count=6)
    assert len({t.id for t in teams}) == 6
    players = [p for t in teams for p in t.players]
    assert len({p.id for p in players}) == len(players)
    for team in teams:
        assert 12 <= len(team.players) <= 13
        assert len({p.jersey_number for p in team.players}) == len(team.players)
        assert {p.position for p in team.players} == {"guard", "forward", "center"}
        for p in team.players:
            assert p.display_name == f"{p.first_name} {p.last_name}"


# --- stats -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_every_feed_message_is_one_the_spec_allows(seed):
    _, emissions = short_game(seed)
    for message in messages(emissions):
        parse_feed_message(message)


@pytest.mark.parametrize("seed", SEEDS)
def test_versions_grow_by_exactly_one_per_stats_message(seed):
    _, emissions = play(seed)
    versions = [m["data"]["version"] for m in messages(emissions, "stats")]
    assert versions == list(range(1, len(versions) + 1))


@pytest.mark.parametrize("seed", SEEDS)
def test_running_totals_add_up_and_team_points_are_the_players_points(seed):
    sim, emissions = play(seed)
    totals: dict[int, dict[str, float]] = defaultdict(dict)
    team_of = {p.id: t.id for t in sim.teams for p in t.players}
    for message in messages(emissions, "stats"):
        data = message["data"]
        assert team_of[data["player_id"]] == data["team_id"]
        assert all(v >= 0 for v in data["stats"].values())
        totals[data["player_id"]].update(data["stats"])
        s = totals[data["player_id"]]
        fg, fg3, ft = s.get("FG", 0), s.get("FG3", 0), s.get("FT", 0)
        assert s.get("PTS", 0) == 2 * (fg - fg3) + 3 * fg3 + ft
        assert fg <= s.get("FGA", 0) and fg3 <= s.get("FGA3", 0) and ft <= s.get("FTA", 0)
        assert s.get("REB", 0) == s.get("OFFENSIVE_REB", 0) + s.get("DEFENSIVE_REB", 0)
    points = {t.id: sum(totals[p.id].get("PTS", 0) for p in t.players) for t in sim.teams}
    assert all(40 <= p <= 130 for p in points.values()), points


def test_a_stats_message_sends_only_what_its_event_changed():
    _, emissions = play(1)
    keys = defaultdict(set)
    for message in messages(emissions, "stats"):
        keys[message["data"]["classification"]].add(frozenset(message["data"]["stats"]))
    assert keys["TWO_POINT_MAKE"] == {frozenset({"FGA", "FG", "PTS"})}
    assert keys["THREE_POINT_MAKE"] == {frozenset({"FGA", "FG", "FGA3", "FG3", "PTS"})}
    assert keys["THREE_POINT_MISS"] == {frozenset({"FGA", "FGA3"})}
    assert keys["FREE_THROW_MAKE"] == {frozenset({"FTA", "FT", "PTS"})}
    assert keys["OFFENSIVE_REBOUND"] == {frozenset({"REB", "OFFENSIVE_REB"})}
    assert keys["DEFENSIVE_REBOUND"] == {frozenset({"REB", "DEFENSIVE_REB"})}
    assert keys["DISTANCE"] == {frozenset({"DIST"})}
    for kind in ("ASSIST", "STEAL", "TURNOVER"):
        assert len(keys[kind]) == 1


def test_a_full_game_at_the_default_rate_shows_every_correction():
    _, emissions = play(1)
    seen = Counter(m["data"]["classification"] for m in messages(emissions, "stats"))
    assert set(CORRECTIONS) <= set(seen)
    corrected = sum(seen[k] for k in CORRECTIONS)
    events = sum(n for k, n in seen.items() if k != "DISTANCE" and k not in CORRECTIONS)
    assert corrected < 0.3 * events  # occasional, not the norm


def final_totals(emissions) -> dict[int, dict[str, float]]:
    totals: dict[int, dict[str, float]] = defaultdict(dict)
    for m in messages(emissions, "stats"):
        totals[m["data"]["player_id"]].update(m["data"]["stats"])
    return {pid: {k: v for k, v in s.items() if v} for pid, s in totals.items()}


def test_corrections_leave_the_box_score_as_the_game_was_played():
    _, corrected = play(2)
    clean = EventSimulator(seed=2, teams=make_teams(2), start_ms=START, location_hz=0,
                           correction_rate=0.0)  # fmt: skip
    emissions = clean.advance(START + 10**10)
    assert not any(m["data"]["classification"] in CORRECTIONS for m in messages(emissions, "stats"))
    assert final_totals(emissions) == final_totals(corrected)


def test_a_corrected_shot_is_sent_again_with_its_identity_and_new_status():
    _, emissions = play(2)
    shots = {}
    corrected = Counter()
    for message in messages(emissions, "shot"):
        data = message["data"]
        key = (data["player_id"], data["occurred_at"])
        if data["status"] == "RECORDED":
            assert key not in shots
            shots[key] = data
            continue
        original = shots[key]
        assert data["status"] in ("DELETED", "UPDATED")
        same = ("zone", "is_3point", "hoop_player_x", "hoop_player_y", "team_id")
        assert all(data[k] == original[k] for k in same)
        if data["status"] == "UPDATED":
            assert data["is_make"] != original["is_make"]
        corrected[data["status"]] += 1
    assert corrected["DELETED"] and corrected["UPDATED"]


def test_a_correction_carries_the_corrected_event_s_time():
    _, emissions = play(2)
    stats = messages(emissions, "stats")
    fresh_times = {m["data"]["occurred_at"] for m in stats if m["data"]["classification"]
                   not in CORRECTIONS}  # fmt: skip
    for m in stats:
        if m["data"]["classification"] in CORRECTIONS:
            assert m["data"]["occurred_at"] in fresh_times


def test_makes_go_in_at_realistic_rates():
    made: Counter = Counter()
    taken: Counter = Counter()
    free = Counter()
    for seed in range(10, 16):
        _, emissions = play(seed, half_minutes=20.0)
        for m in messages(emissions, "shot"):
            if m["data"]["status"] == "RECORDED":
                zone = m["data"]["zone"]
                group = "rim" if zone == 1 else "three" if zone >= 10 else "two"
                taken[group] += 1
                made[group] += m["data"]["is_make"]
        for m in messages(emissions, "stats"):
            free[m["data"]["classification"]] += 1
    assert made["rim"] / taken["rim"] == pytest.approx(0.60, abs=0.08)
    assert made["two"] / taken["two"] == pytest.approx(0.41, abs=0.07)
    assert made["three"] / taken["three"] == pytest.approx(0.35, abs=0.06)
    ft = free["FREE_THROW_MAKE"] / (free["FREE_THROW_MAKE"] + free["FREE_THROW_MISS"])
    assert ft == pytest.approx(0.72, abs=0.08)


def test_a_game_has_assists_steals_turnovers_and_both_kinds_of_rebounds():
    _, emissions = play(3)
    seen = Counter(m["data"]["classification"] for m in messages(emissions, "stats"))
    for kind in ("ASSIST", "STEAL", "TURNOVER", "OFFENSIVE_REBOUND", "DEFENSIVE_REBOUND",
                 "FREE_THROW_MAKE", "TWO_POINT_MAKE", "THREE_POINT_MISS"):  # fmt: skip
        assert seen[kind] > 0, kind
    assert seen["DEFENSIVE_REBOUND"] > seen["OFFENSIVE_REBOUND"]
    assert markers(emissions).count("FOUL") > 5


def test_possession_points_add_up_to_the_final_score():
    sim, emissions = play(3)
    records = [e.record for e in emissions if isinstance(e, PossessionRecord)]
    assert len(records) > 100
    totals = final_totals(emissions)
    score = {t.id: sum(totals.get(p.id, {}).get("PTS", 0) for p in t.players) for t in sim.teams}
    by_team = Counter()
    for r in records:
        assert r["started_at"] < r["ended_at"] and r["period"] in ("H1", "H2")
        by_team[r["team_id"]] += r["points"]
    assert by_team == score
    for a, b in itertools.pairwise(records):
        assert b["started_at"] >= a["ended_at"]
        assert b["team_id"] != a["team_id"] or b["period"] != a["period"]


# --- shots and movement ------------------------------------------------------------------------


def location_track(emissions) -> dict[tuple[str, int], list[tuple[int, int, int, int]]]:
    track = defaultdict(list)
    for m in messages(emissions, "location"):
        d = m["data"]
        track[(d["type"], d["id"])].append((d["occurred_at"], d["x"], d["y"], d["z"]))
    return track


@pytest.mark.parametrize("seed", SEEDS)
def test_every_shot_is_in_its_zone_and_where_its_shooter_stands(seed):
    _, emissions = short_game(seed)
    track = location_track(emissions)
    shots = [m["data"] for m in messages(emissions, "shot") if m["data"]["status"] == "RECORDED"]
    assert shots
    for shot in shots:
        hx, hy = shot["hoop_player_x"], shot["hoop_player_y"]
        assert court.zone_of(hx, hy) == shot["zone"]
        assert court.is_three(hx, hy) == shot["is_3point"]
        samples = track[("PLAYER", shot["player_id"])]
        t, x, y, _ = max((s for s in samples if s[0] <= shot["occurred_at"]), default=samples[0])
        assert shot["occurred_at"] - t <= 40
        assert (hx, hy) in [court.to_hoop_frame(x, y, hoop) for hoop in court.HOOPS]


@pytest.mark.parametrize(("seed", "hz"), [(1, 25), (2, 25), (3, 120)])
def test_nobody_runs_faster_than_ten_metres_a_second(seed, hz):
    _, emissions = play(seed, hz=hz, half_minutes=2.0 if hz > 25 else 3.0)
    for (kind, _), samples in location_track(emissions).items():
        for (t0, x0, y0, z0), (t1, x1, y1, z1) in itertools.pairwise(samples):
            assert t1 > t0
            if kind == "PLAYER":
                assert math.hypot(x1 - x0, y1 - y0) / (t1 - t0) <= 10.0
                assert z1 == 1000
            else:  # the ball: passes and shots, never a jump
                assert math.dist((x0, y0, z0), (x1, y1, z1)) / (t1 - t0) <= 20.0
                assert 0 <= z1 <= 4600


def test_ten_players_and_the_ball_are_sampled_at_the_location_rate():
    _, emissions = short_game(1)
    per_time = Counter()
    for m in messages(emissions, "location"):
        per_time[m["data"]["occurred_at"]] += 1
    full = [t for t, n in per_time.items() if n == 11]
    assert len(full) > 0.8 * len(per_time)
    full.sort()
    gaps = Counter(b - a for a, b in itertools.pairwise(full))
    assert gaps.most_common(1)[0][0] == 40
    ball = [m for m in messages(emissions, "location") if m["data"]["type"] == "BALL"]
    assert {m["data"]["id"] for m in ball} == {BALL_ID}
    assert max(m["data"]["z"] for m in ball) >= 3500  # shots arc above the rim


@pytest.mark.parametrize("seed", SEEDS)
def test_players_come_and_go_through_substitutions(seed):
    sim, emissions = play(seed)
    ran = {m["data"]["player_id"] for m in messages(emissions, "stats")
           if m["data"]["classification"] == "DISTANCE"}  # fmt: skip
    for team in sim.teams:
        assert 8 <= sum(p.id in ran for p in team.players) <= len(team.players)
    _, short = short_game(seed)
    track = location_track(short)
    for team in sim.teams:
        assert sum(("PLAYER", p.id) in track for p in team.players) > 5


@pytest.mark.parametrize("seed", SEEDS)
def test_distance_follows_the_movement(seed):
    _, emissions = short_game(seed)
    run = Counter()
    for (kind, pid), samples in location_track(emissions).items():
        if kind == "PLAYER":
            for (_, x0, y0, _), (_, x1, y1, _) in itertools.pairwise(samples):
                if math.hypot(x1 - x0, y1 - y0) < 2000:  # not across a spell on the bench
                    run[pid] += math.hypot(x1 - x0, y1 - y0) / 10
    last = {}
    for m in messages(emissions, "stats"):
        if m["data"]["classification"] == "DISTANCE":
            pid, dist = m["data"]["player_id"], m["data"]["stats"]["DIST"]
            assert dist > last.get(pid, 0)
            last[pid] = dist
    for pid, cm in run.items():
        if cm > 5000:
            assert last[pid] == pytest.approx(cm, rel=0.1)


def test_without_locations_a_whole_game_plays_in_well_under_a_second():
    teams = make_teams(21)
    began = time.process_time()
    sim = EventSimulator(seed=21, teams=teams, start_ms=START, location_hz=0)
    emissions = sim.advance(START + 10**10)
    assert time.process_time() - began < 0.5
    assert sim.finished
    assert not messages(emissions, "location")
    assert messages(emissions, "shot")


# --- sessions, markers and the clock -----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_game_opens_and_closes_its_halves_in_order(seed):
    sim, emissions = play(seed)
    h1, h2 = sim.sessions
    assert (h1.type, h1.period, h2.period) == ("GAME_ROUND", "H1", "H2")
    kinds = [type(e).__name__ for e in emissions if not isinstance(e, FeedMessage)]
    assert [k for k in kinds if k.startswith("Session")] == [
        "SessionStarted", "SessionEnded", "SessionStarted", "SessionEnded"]  # fmt: skip
    game = [k for k in markers(emissions) if k not in ("LIVE", "PAUSED", "FOUL")]
    assert game == ["PLAY_START", "END_FIRST_HALF", "PLAY_NEXT", "START_SECOND_HALF", "PLAY_END"]
    on = {}
    session = None
    for e in emissions:
        if isinstance(e, SessionStarted):
            session = e.session.live_id
        elif isinstance(e, SessionEnded):
            assert e.session.live_id == session
            session = None
        else:
            assert session is not None
            if isinstance(e, FeedMessage):
                assert e.live_id == session
                on.setdefault(e.message["type"], set()).add(session)
    next_marker = next(m for m in messages(emissions, "marker") if m["data"]["type"] == "PLAY_NEXT")
    assert next_marker["data"]["live_id"] == h2.live_id
    assert h1.ended_at == h2.started_at and sim.finished


@pytest.mark.parametrize("half_minutes", [20.0, 1.5])
def test_the_clock_runs_half_minutes_of_live_time_per_half(half_minutes):
    _, emissions = play(5, half_minutes=half_minutes)
    live_ms = Counter()
    half, since = None, None
    for m in messages(emissions, "marker"):
        kind, t = m["data"]["type"], m["data"]["occurred_at"]
        if kind in ("PLAY_START", "START_SECOND_HALF"):
            half = kind
        elif kind == "LIVE":
            assert since is None, "LIVE twice"
            since = t
        elif kind in ("PAUSED", "FOUL"):
            assert since is not None, f"{kind} while not live"
            live_ms[half] += t - since
            since = None
        elif kind in ("END_FIRST_HALF", "PLAY_END"):
            assert since is None
    assert live_ms == {
        "PLAY_START": half_minutes * 60_000,
        "START_SECOND_HALF": half_minutes * 60_000,
    }


def test_everything_but_corrections_comes_in_time_order():
    _, emissions = short_game(2)

    def is_correction(m: dict) -> bool:
        return m["data"].get("classification") in CORRECTIONS or m["data"].get("status") in (
            "DELETED", "UPDATED")  # fmt: skip

    times = [m["data"]["occurred_at"] for m in messages(emissions) if not is_correction(m)]
    assert times == sorted(times)


def test_a_practice_chains_its_drills_and_ends():
    sim, emissions = play(6, kind="practice", hz=25, half_minutes=4.0)
    assert [s.type for s in sim.sessions] == ["SHOOTING", "SCRIMMAGE", "SHOOTING", "SCRIMMAGE"]
    drill = [k for k in markers(emissions) if k not in ("LIVE", "PAUSED", "FOUL")]
    assert drill == ["DRILL_START", "DRILL_END", "DRILL_NEXT"] * 3 + [
        "DRILL_START", "DRILL_END", "PRACTICE_END"]  # fmt: skip
    nexts = [m["data"]["live_id"] for m in messages(emissions, "marker")
             if m["data"]["type"] == "DRILL_NEXT"]  # fmt: skip
    assert nexts == [s.live_id for s in sim.sessions[1:]]
    team = sim.teams[0]
    ids = {p.id for p in team.players}
    for m in messages(emissions):
        data = m["data"]
        if m["type"] in ("stats", "shot"):
            assert data["team_id"] == team.id and data["player_id"] in ids
        if m["type"] == "location" and data["type"] == "PLAYER":
            assert data["id"] in ids
    shooting = {s.live_id for s in sim.sessions if s.type == "SHOOTING"}
    classes = {e.message["data"]["classification"] for e in emissions
               if isinstance(e, FeedMessage) and e.live_id in shooting
               and e.message["type"] == "stats"}  # fmt: skip
    assert classes & {"THREE_POINT_MAKE", "THREE_POINT_MISS"}
    assert sim.finished


def test_no_locations_are_sent_at_a_rate_of_zero():
    _, emissions = play(1)
    assert not messages(emissions, "location")
    assert messages(emissions, "stats")


def test_a_game_on_a_fiba_court_shoots_by_fiba_lines():
    teams = make_teams(8)
    sim = EventSimulator(seed=8, teams=teams, start_ms=START, location_hz=5, half_minutes=3.0,
                         court_spec=court.FIBA)  # fmt: skip
    emissions = sim.advance(START + 10**10)
    shots = [m["data"] for m in messages(emissions, "shot")]
    assert shots
    for shot in shots:
        hx, hy = shot["hoop_player_x"], shot["hoop_player_y"]
        assert court.zone_of(hx, hy, court.FIBA) == shot["zone"]
        assert court.is_three(hx, hy, court.FIBA) == shot["is_3point"]
    for m in messages(emissions, "location"):
        assert abs(m["data"]["x"]) <= 14000 and abs(m["data"]["y"]) <= 7500


def test_bad_arguments_are_refused():
    teams = make_teams(1)
    with pytest.raises(ValueError):
        EventSimulator(seed=1, teams=teams[:1], start_ms=START)
    with pytest.raises(ValueError):
        EventSimulator(seed=1, kind="practice", teams=teams, start_ms=START)
    with pytest.raises(ValueError):
        EventSimulator(seed=1, teams=teams, start_ms=START, location_hz=500)


# --- overtime --------------------------------------------------------------------------------

TIED_AFTER_REGULATION = 12  # with make_teams(12) and 1.25-minute halves: one overtime


def points_by_team(emissions, until: int | None = None) -> dict[int, float]:
    """Each team's points as the stats messages say (up to the index ``until``)."""
    latest: dict[int, tuple[int, float]] = {}
    for emission in emissions[:until]:
        if isinstance(emission, FeedMessage) and emission.message["type"] == "stats":
            data = emission.message["data"]
            if "PTS" in data["stats"]:
                latest[data["player_id"]] = (data["team_id"], data["stats"]["PTS"])
    out: dict[int, float] = defaultdict(float)
    for team_id, points in latest.values():
        out[team_id] += points
    return dict(out)


def test_a_game_tied_after_regulation_plays_overtime_until_it_is_decided():
    sim, emissions = play(TIED_AFTER_REGULATION, half_minutes=1.25)

    assert [s.period for s in sim.sessions] == ["H1", "H2", "OT1"]
    ends = [i for i, e in enumerate(emissions) if isinstance(e, SessionEnded)]
    regulation = points_by_team(emissions, ends[1])
    final = points_by_team(emissions)
    assert len(set(regulation.values())) == 1 and len(regulation) == 2  # tied, both scored
    assert len(set(final.values())) == 2  # decided in overtime
    game_markers = [m for m in markers(emissions) if m not in ("LIVE", "PAUSED", "FOUL")]
    assert game_markers == ["PLAY_START", "END_FIRST_HALF", "PLAY_NEXT", "START_SECOND_HALF",
                            "PLAY_NEXT", "PLAY_END"]  # fmt: skip
    next_ids = [m["data"]["live_id"] for m in messages(emissions, "marker")
                if m["data"]["type"] == "PLAY_NEXT"]  # fmt: skip
    assert next_ids == [s.live_id for s in sim.sessions[1:]]


def test_an_overtime_is_a_quarter_of_a_half_of_live_play():
    sim, emissions = play(TIED_AFTER_REGULATION, half_minutes=1.25)
    overtime = sim.sessions[2]
    live, since = 0, None
    for message in messages(emissions, "marker"):
        data = message["data"]
        if not overtime.started_at <= data["occurred_at"] <= overtime.ended_at:
            continue
        if data["type"] == "LIVE" and since is None:
            since = data["occurred_at"]
        elif data["type"] in ("PAUSED", "FOUL") and since is not None:
            live, since = live + data["occurred_at"] - since, None
    assert live == 60_000  # a quarter of 75 s, but at least a minute


def test_a_game_decided_in_regulation_has_no_overtime():
    sim, emissions = play(1, half_minutes=1.25)
    final = points_by_team(emissions)
    assert len(set(final.values())) == 2
    assert [s.period for s in sim.sessions] == ["H1", "H2"]
