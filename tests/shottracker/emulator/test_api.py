"""Every REST endpoint of the emulator over real HTTP, signed as the spec says."""

from __future__ import annotations

import asyncio
import time
import uuid

import httpx
import pytest

from shottracker.court import court_points
from shottracker.emulator import Emulator
from shottracker.emulator.simulator import FeedMessage, Session, SessionStarted, make_teams
from shottracker.emulator.store import EventLog
from shottracker.emulator.views import game_totals

from .conftest import subscribe

DAY_MS = 24 * 3600 * 1000
UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def assert_error(response: httpx.Response, status: int, message: str | None = None) -> None:
    """The spec's error body: status, message and a fresh uuid request id."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"status", "message", "shottrackerRequestId"}
    assert body["status"] == status
    uuid.UUID(body["shottrackerRequestId"])
    if message is not None:
        assert body["message"] == message


@pytest.fixture
async def game(emulator: Emulator):
    """A game that is playing its first half."""
    return emulator.start_game(seed=11)


# Live ----------------------------------------------------------------------------------------


async def test_search_lists_the_active_sessions_in_the_wire_md_shape(api, emulator, game):
    body = (await api.get("/v1/data/live/_search")).json()
    by_id = {entry["id"]: entry for entry in body["live"]}
    assert {"test", game.live_ids[0]} <= set(by_id)
    entry = by_id[game.live_ids[0]]
    assert set(entry) == {
        "id", "type", "name", "started_at", "facility_name", "court_name", "location_id",
        "is_practice_event", "is_game_event", "event", "teams",
    }  # fmt: skip
    assert entry["type"] == "GAME_ROUND" and entry["is_game_event"] is True
    assert entry["event"]["id"] == game.event_id
    assert [t["id"] for t in entry["teams"]] == [t.id for t in game.simulator.teams]
    assert by_id["test"]["type"] == "SCRIMMAGE" and by_id["test"]["is_practice_event"] is True


async def test_live_info_lists_both_teams_with_the_same_live_object(api, game):
    body = (await api.get(f"/v1/data/live/{game.live_ids[0]}")).json()
    assert [t["id"] for t in body["teams"]] == [t.id for t in game.simulator.teams]
    live = body["teams"][0]["live"]
    assert live == body["teams"][1]["live"]
    assert list(live) == ["started_at", "id", "type", "name", "facility_name", "court_name",
                          "location_id", "is_practice_event", "is_game_event", "event"]  # fmt: skip
    assert live["id"] == game.live_ids[0]
    assert live["event"]["id"] == game.event_id
    assert live["location_id"].count("/") == 2


async def test_an_unknown_live_id_is_404_invalid_id(api):
    for path in ("", "/_subscribe", "/court", "/stats", "/stats/details", "/shots"):
        assert_error(await api.get(f"/v1/data/live/nope{path}"), 404, "Invalid id")


async def test_an_ended_session_is_no_longer_active_but_its_numbers_still_answer(api, emulator):
    handle = emulator.start_game(seed=5)
    await asyncio.wait_for(handle.finished.wait(), 60)
    first = handle.live_ids[0]
    for path in ("", "/_subscribe", "/court"):
        assert_error(await api.get(f"/v1/data/live/{first}{path}"), 400,
                     "The live id is no longer active")  # fmt: skip
    stats = (await api.get(f"/v1/data/live/{first}/stats")).json()
    assert any(team["player_stats"] for team in stats["teams"])
    shots = (await api.get(f"/v1/data/live/{first}/shots")).json()
    assert any(team["player_shots"] for team in shots["teams"])
    assert first not in {e["id"] for e in (await api.get("/v1/data/live/_search")).json()["live"]}


async def test_subscribe_gives_a_token_for_every_data_type_by_default(api, emulator, game):
    body = await subscribe(api, game.live_ids[0])
    uuid.UUID(body["token"])
    assert body["token_data_types"] == ["STATS", "SHOTS", "LOCATIONS"]
    assert body["active_state"] in ("LIVE", "PAUSED", "FOUL")
    assert [t["id"] for t in body["teams"]] == [t.id for t in game.simulator.teams]
    player = body["teams"][0]["players"][0]
    assert set(player) == {"id", "first_name", "last_name", "display_name", "jersey_number",
                           "position", "profile_image_link"}  # fmt: skip
    assert body["_stats"] == f"{emulator.api_url}/v1/data/live/{game.live_ids[0]}/stats"
    assert body["_stats_details"].endswith("/stats/details")
    assert body["_shots"].endswith("/shots")
    assert body["event_completed_results"] == []


async def test_subscribe_binds_the_token_to_the_data_types_asked_for(api, game):
    body = await subscribe(api, game.live_ids[0], ["SHOTS", "STATS"])
    assert body["token_data_types"] == ["STATS", "SHOTS"]
    response = await api.get(f"/v1/data/live/{game.live_ids[0]}/_subscribe", params={"dt": "GOALS"})
    assert_error(response, 400)
    assert "GOALS" in response.json()["message"]


async def test_the_second_half_lists_the_first_as_completed(api, emulator):
    handle = emulator.start_game(seed=3)
    second = await asyncio.wait_for(handle.live_id(1), 30)
    body = await subscribe(api, second)
    (completed,) = body["event_completed_results"]
    assert completed["id"] == handle.live_ids[0] and completed["type"] == "GAME_ROUND"
    assert completed["_shots"].endswith(f"/v1/data/live/{handle.live_ids[0]}/shots")


async def test_court_gives_the_court_points_of_shottracker_court(api, game):
    assert (await api.get(f"/v1/data/live/{game.live_ids[0]}/court")).json() == court_points()


async def test_stats_details_and_shots_have_the_spec_shapes(api, emulator):
    handle = emulator.start_game(seed=9)
    await asyncio.wait_for(handle.finished.wait(), 60)
    live_id = handle.live_ids[0]
    stats = (await api.get(f"/v1/data/live/{live_id}/stats")).json()
    entry = stats["teams"][0]["player_stats"][0]
    assert set(entry) == {"id", "player_details", "version", "stats"}
    assert set(entry["player_details"]) == {"id", "firstname", "lastname", "profile_image_link"}
    details = (await api.get(f"/v1/data/live/{live_id}/stats/details")).json()
    entry = details["teams"][0]["player_stats"][0]
    for series in entry["stats"].values():
        assert all(set(point) == {"occurred_at", "value"} for point in series)
    shots = (await api.get(f"/v1/data/live/{live_id}/shots")).json()
    shot = next(s for t in shots["teams"] for p in t["player_shots"] for s in p["shots"])
    assert set(shot) == {"occurred_at", "is_make", "is_3point", "zone", "hoop_player_x",
                         "hoop_player_y", "status"}  # fmt: skip


async def test_details_add_up_to_the_stats_of_a_whole_game(api, emulator):
    handle = emulator.start_game(seed=21)
    await asyncio.wait_for(handle.finished.wait(), 60)
    summed: dict[tuple[int, str], float] = {}
    for live_id in handle.live_ids:
        details = (await api.get(f"/v1/data/live/{live_id}/stats/details")).json()
        for team in details["teams"]:
            for player in team["player_stats"]:
                for key, series in player["stats"].items():
                    total = summed.get((player["id"], key), 0.0)
                    summed[(player["id"], key)] = total + sum(p["value"] for p in series)
    final = (await api.get(f"/v1/data/live/{handle.live_ids[-1]}/stats")).json()
    for team in final["teams"]:
        for player in team["player_stats"]:
            for key, value in player["stats"].items():
                assert summed.get((player["id"], key), 0.0) == pytest.approx(value)


async def test_video_is_recorded_with_its_start(api, emulator, game):
    live_id = game.live_ids[0]
    before = int(time.time() * 1000)
    response = await api.put(f"/v1/data/live/{live_id}/video", params={"id": "cam-1"})
    assert response.status_code == 204
    response = await api.put(
        f"/v1/data/live/{live_id}/video", params={"id": "x" * 255, "started_at": 1500571319432}
    )
    assert response.status_code == 204
    videos = emulator.store.sessions[live_id].videos
    assert videos[0]["id"] == "cam-1" and videos[0]["started_at"] >= before
    assert videos[1] == {"id": "x" * 255, "started_at": 1500571319432}


async def test_video_needs_an_id_of_at_most_255_bytes(api, game):
    live_id = game.live_ids[0]
    assert_error(await api.put(f"/v1/data/live/{live_id}/video"), 400)
    too_long = "é" * 128  # 256 bytes in UTF-8
    assert_error(await api.put(f"/v1/data/live/{live_id}/video", params={"id": too_long}), 400)


# Catch-up --------------------------------------------------------------------------------


async def test_catch_up_answers_each_resource_once_with_game_totals(api, emulator):
    handle = emulator.start_game(seed=13)
    await asyncio.wait_for(handle.finished.wait(), 60)
    url = f"/v1/data/stats/games/{handle.event_id}/shots,details,shots,stats,possessions"
    body = (await api.get(url)).json()
    assert set(body) == {"shots", "details", "stats", "possessions", "gameTotals"}
    assert [d["version"] for d in body["details"]] == list(range(1, len(body["details"]) + 1))
    assert {d["session_id"] for d in body["details"]} == set(handle.live_ids)
    assert {d["period"] for d in body["details"]} == {"H1", "H2"}
    keys = {(s["player_id"], s["occurred_at"]) for s in body["shots"]}
    assert len(keys) == len(body["shots"])
    possession = {"team_id", "started_at", "ended_at", "period", "points"}
    assert body["possessions"] and set(body["possessions"][0]) >= possession
    totals = body["gameTotals"]
    assert totals["status"] == "FINAL" and totals["period"] == "H2"
    assert totals["gameClock"] == "00:00:00"
    assert totals["homeTeamScore"]["teamId"] == str(handle.simulator.teams[0].id)
    assert [p["period"] for p in totals["periodTotals"]] == ["H2", "H1"]
    assert [p["sessionId"] for p in totals["periodTotals"]] == handle.live_ids[::-1]
    for side in ("homeTeamScore", "awayTeamScore"):
        assert totals[side]["value"] == sum(p[side]["value"] for p in totals["periodTotals"])


async def test_catch_up_of_a_running_game_shows_the_clock_of_the_half(api, game):
    body = (await api.get(f"/v1/data/stats/games/{game.event_id}/stats")).json()
    totals = body["gameTotals"]
    assert set(body) == {"stats", "gameTotals"}
    assert totals["status"] == "ACTIVE" and totals["period"] == "H1"
    hours, minutes, seconds = map(int, totals["gameClock"].split(":"))
    assert hours == 0 and 0 <= minutes * 60 + seconds <= 60


async def test_catch_up_names_an_unknown_resource(api, game):
    response = await api.get(f"/v1/data/stats/games/{game.event_id}/stats,boxscore")
    assert_error(response, 400)
    assert "boxscore" in response.json()["message"]


async def test_catch_up_of_an_unknown_event_is_404(api):
    assert_error(await api.get(f"/v1/data/stats/games/{uuid.uuid4()}/stats"), 404, "Invalid id")


# Notify ----------------------------------------------------------------------------------


async def test_notifies_can_be_created_listed_changed_and_deleted(api):
    assert (await api.get("/v1/data/live/notify")).json() == {"notifications": []}
    created = await api.put("/v1/data/live/notify", params={"url": "http://hooks.test/a"})
    assert created.status_code == 204
    notify_id = created.headers["X-ShotTracker-Notify-Id"]
    listed = (await api.get("/v1/data/live/notify")).json()["notifications"]
    assert listed == [{"id": notify_id, "action": "LIVE", "url": "http://hooks.test/a",
                       "end_notification": False}]  # fmt: skip
    base = f"/v1/data/live/notify/{notify_id}"
    assert (await api.put(base, params={"url": "http://hooks.test/b"})).status_code == 204
    assert (await api.put(f"{base}/_enableEndNotify")).status_code == 204
    (notify,) = (await api.get("/v1/data/live/notify")).json()["notifications"]
    assert notify["url"] == "http://hooks.test/b" and notify["end_notification"] is True
    assert (await api.put(f"{base}/_disableEndNotify")).status_code == 204
    (notify,) = (await api.get("/v1/data/live/notify")).json()["notifications"]
    assert notify["end_notification"] is False
    assert (await api.delete(base)).status_code == 204
    assert (await api.get("/v1/data/live/notify")).json() == {"notifications": []}


async def test_an_unknown_notify_id_is_422(api):
    base = "/v1/data/live/notify/nope"
    for response in (
        await api.put(base, params={"url": "http://hooks.test/"}),
        await api.put(f"{base}/_enableEndNotify"),
        await api.put(f"{base}/_disableEndNotify"),
        await api.delete(base),
    ):
        assert_error(response, 422, "Notify id not found")


async def test_a_notify_needs_an_http_url(api):
    assert_error(await api.put("/v1/data/live/notify"), 400)
    assert_error(await api.put("/v1/data/live/notify", params={"url": "ftp://x/"}), 400)


# Locations, user, teams --------------------------------------------------------------------


async def test_locations_lists_the_facilities(api):
    body = (await api.get("/v1/data/locations")).json()
    assert body["locations"]
    assert set(body["locations"][0]) == {"facility_name", "court_name", "location_id"}


async def test_nearest_locations_measure_great_circle_distances(api):
    # From downtown Kansas City: the ShotTracker Lab (Merriam, KS) is about 9 miles away,
    # Allen Fieldhouse (Lawrence, KS) about 36 miles.
    url = "/v1/data/locations/nearest/latlong/39.0997/-94.5786"
    miles = (await api.get(url, params={"radius": 50, "unit": "MILES"})).json()["locations"]
    names = [loc["facility_name"] for loc in miles]
    assert names == ["ShotTracker Lab", "Allen Fieldhouse"]
    assert miles[0]["distance"]["unit"] == "MILES"
    assert 8 < miles[0]["distance"]["value"] < 10
    assert 33 < miles[1]["distance"]["value"] < 39
    km = (await api.get(url, params={"radius": 50, "unit": "KILOMETERS"})).json()["locations"]
    assert [loc["facility_name"] for loc in km] == ["ShotTracker Lab"]
    assert km[0]["distance"]["value"] == pytest.approx(miles[0]["distance"]["value"] * 1.609, 0.01)


async def test_nearest_locations_refuse_a_bad_unit_or_number(api):
    url = "/v1/data/locations/nearest/latlong/39.1/-94.6"
    assert_error(await api.get(url, params={"radius": 5, "unit": "FEET"}), 400)
    assert_error(await api.get(url, params={"radius": "far", "unit": "MILES"}), 400)
    assert_error(await api.get(url, params={"unit": "MILES"}), 400)
    bad = "/v1/data/locations/nearest/latlong/north/-94.6"
    assert_error(await api.get(bad, params={"radius": 5, "unit": "MILES"}), 400)


async def test_the_user_profile_needs_a_bearer_token(emulator):
    async with httpx.AsyncClient(base_url=emulator.api_url) as client:
        response = await client.get("/v1/data/user/profile", headers={"Authorization": "Bearer t1"})
        again = await client.get("/v1/data/user/profile", headers={"Authorization": "Bearer t1"})
        assert_error(await client.get("/v1/data/user/profile"), 401)
    profile = response.json()
    assert set(profile) == {"id", "first_name", "last_name", "email"}
    assert again.json() == profile


async def test_teams_lists_every_team_of_the_league(api, emulator):
    body = (await api.get("/v1/data/teams")).json()
    assert body["teams"] == [{"id": t.id, "name": t.name} for t in emulator.league]


def past_range(weeks: int) -> dict:
    now = int(time.time() * 1000)
    return {"from": now - weeks * 7 * DAY_MS, "to": now}


async def test_team_events_list_past_games_and_practices_with_their_results(api, emulator):
    team = emulator.league[1]
    body = (await api.get(f"/v1/data/teams/{team.id}/events", params=past_range(2))).json()
    kinds = {(e["is_game_event"], e["is_practice_event"]) for e in body["events"]}
    assert kinds == {(True, False), (False, True)}
    starts = [e["started_at"] for e in body["events"]]
    assert starts == sorted(starts)
    game = next(e for e in body["events"] if e["is_game_event"])
    # Two halves, and an overtime or more when regulation ended tied.
    rounds = [r["type"] for r in game["results"]]
    assert len(rounds) >= 2 and set(rounds) == {"GAME_ROUND"}
    assert game["ended_at"] == game["results"][-1]["ended_at"]
    practice = next(e for e in body["events"] if e["is_practice_event"])
    assert {r["type"] for r in practice["results"]} == {"SHOOTING", "SCRIMMAGE"}
    # The result links answer, as the spec's event_completed_results do.
    link = game["results"][0]["_stats"]
    stats = (await api.get(httpx.URL(link).path)).json()
    assert any(t["player_stats"] for t in stats["teams"])


async def test_a_live_game_is_among_its_teams_events(api, emulator, game):
    home = game.simulator.teams[0]
    now = int(time.time() * 1000)
    params = {"from": now - DAY_MS, "to": now + DAY_MS}
    body = (await api.get(f"/v1/data/teams/{home.id}/events", params=params)).json()
    assert game.event_id in {e["id"] for e in body["events"]}


async def test_team_ranges_follow_the_spec_422_rules(api, emulator):
    team = emulator.league[1]
    now = int(time.time() * 1000)
    cases = [
        ({"from": 0, "to": now}, "Both from and to must be greater than 0"),
        ({"to": now}, "Both from and to must be greater than 0"),
        ({"from": now, "to": now - 1}, "from timestamp must be less than to timestamp"),
        ({"from": now - 250 * DAY_MS, "to": now}, "Request may not exceed more than 8 months"),
    ]
    for params, message in cases:
        for path in ("events", "players/game/stats", "players/practice/shots"):
            response = await api.get(f"/v1/data/teams/{team.id}/{path}", params=params)
            assert_error(response, 422, message)


async def test_an_unknown_team_is_404(api):
    params = past_range(1)
    assert_error(await api.get("/v1/data/teams/1/events", params=params), 404, "Invalid id")
    assert_error(await api.get("/v1/data/teams/x/players/game/stats", params=params), 404)


async def test_practice_numbers_are_scrimmage_plus_shooting(api, emulator):
    team = emulator.league[2]
    base = f"/v1/data/teams/{team.id}/players"
    params = past_range(2)

    async def totals(scope: str) -> dict[tuple[int, str], float]:
        body = (await api.get(f"{base}/{scope}/stats", params=params)).json()
        assert body["id"] == team.id
        return {(p["id"], k): v for p in body["player_stats"] for k, v in p["stats"].items()}

    practice = await totals("practice")
    scrimmage = await totals("practice/scrimmage")
    shooting = await totals("practice/shooting")
    assert practice and scrimmage and shooting
    for key, value in practice.items():
        assert value == pytest.approx(scrimmage.get(key, 0.0) + shooting.get(key, 0.0))

    async def shots(scope: str) -> int:
        body = (await api.get(f"{base}/{scope}/shots", params=params)).json()
        return sum(len(p["shots"]) for p in body["player_shots"])

    assert await shots("practice") == await shots("practice/scrimmage") + await shots(
        "practice/shooting"
    )


async def test_game_numbers_sum_the_teams_games(api, emulator):
    team = emulator.league[1]
    params = past_range(3)
    events = (await api.get(f"/v1/data/teams/{team.id}/events", params=params)).json()["events"]
    games = [e for e in events if e["is_game_event"]]
    assert games
    expected: dict[tuple[int, str], float] = {}
    for event in games:
        body = (await api.get(f"/v1/data/stats/games/{event['id']}/stats")).json()
        for side in body["stats"]:
            if side["id"] != team.id:
                continue
            for player in side["player_stats"]:
                for key, value in player["stats"].items():
                    expected[(player["id"], key)] = expected.get((player["id"], key), 0) + value
    body = (await api.get(f"/v1/data/teams/{team.id}/players/game/stats", params=params)).json()
    got = {(p["id"], k): v for p in body["player_stats"] for k, v in p["stats"].items()}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value)
    shots = (await api.get(f"/v1/data/teams/{team.id}/players/game/shots", params=params)).json()
    assert all(s["zone"] in range(1, 15) for p in shots["player_shots"] for s in p["shots"])


# Routing and robustness --------------------------------------------------------------------


async def test_an_unknown_path_is_404_and_a_wrong_method_405(api):
    assert_error(await api.get("/v1/data/nothing/here"), 404)
    response = await api.post("/v1/data/live/_search")
    assert_error(response, 405)
    assert response.headers["Allow"] == "GET"


async def test_a_malformed_request_gets_400_and_the_server_keeps_serving(api, emulator):
    reader, writer = await asyncio.open_connection(emulator.host, emulator.port)
    writer.write(b"THIS IS NOT HTTP\r\n\x00\x01\r\n\r\n")
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(), 5)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 400")
    reader, writer = await asyncio.open_connection(emulator.host, emulator.port)
    writer.write(b"GET /v1/data/teams HTTP/1.1\r\nContent-Length: 5\r\n\r\nab")
    await writer.drain()
    writer.close()  # a body cut short
    assert (await api.get("/v1/data/live/_search")).status_code == 200


def test_the_clock_of_the_never_ending_test_session_starts_again():
    team = make_teams(1, count=1)[0]
    event = EventLog(event_id="e", name="Practice", kind="practice", teams=[team],
                     facility={}, period_ms=60_000, scheduled_at=0)  # fmt: skip
    event.clock_repeats = True
    event.apply(SessionStarted(Session("test", "SCRIMMAGE", "Scrimmage", "Scrimmage", 0)))
    event.apply(FeedMessage("test", {"type": "marker", "data": {"occurred_at": 0, "type": "LIVE"}}))
    event.now_ms = 45_000
    assert game_totals(event)["gameClock"] == "00:00:15"
    event.now_ms = 75_000
    assert game_totals(event)["gameClock"] == "00:00:45"
