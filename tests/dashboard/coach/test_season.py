"""The season page: team endpoints over a chosen range, split, merged, and failures in words.

Most tests ask the real emulator (in-process, port 0, signed with the spec's mock
credentials); an httpx MockTransport stands in where a precise 422 or 5xx is needed.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from django.contrib.auth.models import Group, User

from dashboard import vocabulary
from dashboard.coach import teamdata
from dashboard.coach.analytics import ZoneCell
from dashboard.coach.views import average_key
from dashboard.models import CoachProfile
from dashboard.roles import COACH, ensure_role_groups
from shottracker.client import ShotTrackerClient
from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Credential, Emulator
from shottracker.errors import Unprocessable
from tests.dashboard.coach.personas import HAWKS

SCOUT = ("scout", "scout-secret")  # a credential that may read STATS but not SHOTS


def words(response) -> str:
    html = re.sub(r"<(script|title)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def day_ms(day: date, *, end: bool = False) -> int:
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return int(start.timestamp() * 1000) + (86_400_000 - 1 if end else 0)


def emulator(history_weeks: int) -> Emulator:
    return Emulator(port=0, ws_port=0, seed=7, games=0, autostart_games=False, loop_test=False,
                    history_weeks=history_weeks, insecure=False,
                    credentials={SCOUT[0]: Credential(SCOUT[1], frozenset({"STATS"}))})  # fmt: skip


@pytest.fixture
async def season_api(settings) -> AsyncIterator[Emulator]:
    """An emulator with six weeks of history, the API the views use."""
    async with emulator(6) as emu:
        settings.SHOTTRACKER_API_URL = emu.api_url
        yield emu


@pytest.fixture
def team(season_api) -> tuple[int, str]:
    first = season_api.league[1]
    return first.id, first.name


@pytest.fixture
def coach(async_client, team, transactional_db):
    ensure_role_groups()
    user = User.objects.create_user("season-coach", password="pw-courtside")
    user.groups.add(Group.objects.get(name=COACH))
    CoachProfile.objects.create(user=user, team_id=team[0], team_name=team[1])
    async_client.force_login(user)
    return async_client


def api_client(emu: Emulator) -> ShotTrackerClient:
    return ShotTrackerClient(emu.api_url, MOCK_USERNAME, MOCK_SECRET, timeout=60)


RANGE = {"from": (date.today() - timedelta(days=29)).isoformat(), "to": date.today().isoformat()}


async def test_leaders_are_the_api_totals_of_the_range(coach, season_api, team):
    response = await coach.get(f"/coach/teams/{team[0]}/season/leaders", RANGE)
    assert response.status_code == 200
    async with api_client(season_api) as api:
        stats = await api.game_stats(
            team[0], day_ms(date.fromisoformat(RANGE["from"])),
            day_ms(date.fromisoformat(RANGE["to"]), end=True))  # fmt: skip
    top = max(stats.player_stats, key=lambda p: p.stats.get("PTS", 0))
    name = f"{top.player_details.firstname} {top.player_details.lastname}"
    board = re.search(r'data-board="PTS">(.*?)</div>', response.content.decode(), re.S).group(1)
    first = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", board))
    assert f"1 {name} {int(top.stats['PTS'])}" in first
    team_points = sum(p.stats.get("PTS", 0) for p in stats.player_stats)
    assert f"Team {int(team_points)} " in words(response)
    # Each player's row reads as the console's box score: FG "made-attempted", one-decimal
    # percentages, distance in the console's units.
    row = re.search(rf'<th scope="row" class="c-name">{name}</th>(.*?)</tr>',
                    response.content.decode(), re.S).group(1)  # fmt: skip
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    box = top.stats
    fg_pct = f"{box['FG'] / box['FGA'] * 100:.1f}" if box.get("FGA") else vocabulary.DASH
    assert cells[1:3] == [f"{int(box['FG'])}-{int(box['FGA'])}", fg_pct]
    assert cells[-1].endswith((" m", " km"))


async def test_the_page_loads_each_section_by_itself(coach, team):
    response = await coach.get(f"/coach/teams/{team[0]}/season/", {**RANGE, "scope": "shooting"})
    html = response.content.decode()
    for section in ("leaders", "trends", "zones", "events"):
        assert f'hx-get="/coach/teams/{team[0]}/season/{section}?' in html
    assert 'hx-trigger="load"' in html
    assert 'value="shooting" checked' in html


async def test_trends_have_a_point_for_every_game_of_the_range(coach, season_api, team):
    response = await coach.get(f"/coach/teams/{team[0]}/season/trends", RANGE)
    async with api_client(season_api) as api:
        events = await api.team_events(
            team[0], day_ms(date.fromisoformat(RANGE["from"])),
            day_ms(date.fromisoformat(RANGE["to"]), end=True))  # fmt: skip
    games = [e for e in events.events if e.is_game_event]
    assert games
    chart = re.search(r'data-trend="PTS">(.*?)</figure>', response.content.decode(), re.S).group(1)
    assert chart.count('class="c-trend-dot"') == len(games)
    assert f"{len(games)} event" in words(response)


async def test_zones_over_the_range_can_be_shown_player_by_player(coach, team):
    response = await coach.get(f"/coach/teams/{team[0]}/season/zones", RANGE)
    html = response.content.decode()
    assert html.count('class="c-zone tone-') == 14
    player = re.search(r"zones\?[^\"]*&(?:amp;)?player=(\d+)", html).group(1)
    one = await coach.get(f"/coach/teams/{team[0]}/season/zones", {**RANGE, "player": player})
    assert 'class="c-chip is-on"' in one.content.decode()
    assert "whole team" not in words(one)


async def test_the_events_of_the_range_are_listed_newest_first(coach, team):
    response = await coach.get(
        f"/coach/teams/{team[0]}/season/events", {**RANGE, "scope": "practice"}
    )
    listed = re.findall(
        r'<li class="c-event"><span class="c-pill">(\w+)', response.content.decode()
    )
    assert listed and set(listed) == {"Practice"}


async def test_the_players_csv_has_every_player_and_the_team(coach, season_api, team):
    response = await coach.get(
        f"/coach/teams/{team[0]}/season.csv", {**RANGE, "scope": "practice", "table": "players"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    async with api_client(season_api) as api:
        stats = await api.practice_stats(
            team[0], day_ms(date.fromisoformat(RANGE["from"])),
            day_ms(date.fromisoformat(RANGE["to"]), end=True))  # fmt: skip
    assert rows[0][:3] == ["Player", "PTS", "FGM"]
    assert len(rows) == len(stats.player_stats) + 2
    assert rows[-1][0] == "Team"
    assert int(rows[-1][1]) == int(sum(p.stats.get("PTS", 0) for p in stats.player_stats))


async def test_the_trends_csv_has_a_row_per_game(coach, team):
    response = await coach.get(f"/coach/teams/{team[0]}/season.csv", {**RANGE, "table": "trends"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Date (UTC)", "Event", "PTS"]
    assert len(rows) > 1 and all(" vs " in row[1] for row in rows[1:])


async def test_the_csv_opens_in_excel_with_accents_and_without_formulas(coach, season_api, team):
    roster = next(t for t in season_api.league if t.id == team[0]).players
    roster[0].first_name, roster[0].last_name = '=HYPERLINK("http://evil.example")', "x"
    roster[0].display_name = f"{roster[0].first_name} {roster[0].last_name}"
    roster[1].first_name, roster[1].last_name = "José", "Müller"
    roster[1].display_name = "José Müller"
    response = await coach.get(
        f"/coach/teams/{team[0]}/season.csv", {**RANGE, "scope": "practice", "table": "players"}
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8's byte order mark
    text = response.content.decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(text))]
    assert any(name.startswith("'=HYPERLINK(") for name in names), names
    assert not any(name.startswith("=") for name in names)
    assert any("José" in name or "Müller" in name for name in names), names


async def test_no_access_to_shots_is_said_in_plain_words(coach, team, settings):
    settings.SHOTTRACKER_USERNAME, settings.SHOTTRACKER_SECRET = SCOUT
    zones = await coach.get(f"/coach/teams/{team[0]}/season/zones", RANGE)
    assert zones.status_code == 200
    assert "No access to shot data" in words(zones)
    assert "Your ShotTracker subscription does not include shot data" in words(zones)
    leaders = await coach.get(f"/coach/teams/{team[0]}/season/leaders", RANGE)
    assert "c-problem" not in leaders.content.decode()  # stats are still allowed


@pytest.mark.django_db(transaction=True)
async def test_a_range_longer_than_8_months_is_split_and_merged(async_client, settings):
    async with emulator(38) as emu:
        settings.SHOTTRACKER_API_URL = emu.api_url
        team_id = emu.league[1].id
        admin = await User.objects.acreate(username="boss", is_superuser=True)
        await async_client.aforce_login(admin)
        first, last = date.today() - timedelta(days=264), date.today()
        query = {"from": first.isoformat(), "to": last.isoformat(), "scope": "game"}
        page = await async_client.get(f"/coach/teams/{team_id}/season/", query)
        assert "fetched as 2 requests of up to 8 months" in words(page)
        response = await async_client.get(f"/coach/teams/{team_id}/season/leaders", query)
        async with api_client(emu) as api:
            with pytest.raises(Unprocessable):
                await api.game_stats(team_id, day_ms(first), day_ms(last, end=True))
            windows = teamdata.split_range(day_ms(first), day_ms(last, end=True))
            parts = [await api.game_stats(team_id, a, b) for a, b in windows]
    assert all(part.player_stats for part in parts)  # both windows hold games
    points = sum(p.stats.get("PTS", 0) for part in parts for p in part.player_stats)
    assert f"Team {int(points)} " in words(response)


# -- precise errors through a MockTransport -------------------------------------------------


@pytest.fixture
def hawks_season(coach_client):
    return f"/coach/teams/{HAWKS}/season"


def answer_with(monkeypatch, handler) -> list[httpx.Request]:
    """Make the views' client talk to ``handler``; the requests it got."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    def make_client() -> ShotTrackerClient:
        return ShotTrackerClient("http://shottracker.test", "u", "s", retries=0,
                                 transport=httpx.MockTransport(record))  # fmt: skip

    monkeypatch.setattr(teamdata, "make_client", make_client)
    return seen


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(status, json={"status": status, "message": message,
                                        "shottrackerRequestId": "req-1"})  # fmt: skip


@pytest.mark.django_db
def test_a_422_is_said_in_plain_words(coach_client, hawks_season, monkeypatch):
    answer_with(monkeypatch, lambda r: error(422, "Request may not exceed more than 8 months"))
    response = coach_client.get(f"{hawks_season}/leaders", RANGE)
    assert response.status_code == 200
    text = words(response)
    assert "ShotTracker did not accept these dates" in text
    assert "Request may not exceed more than 8 months" in text
    download = coach_client.get(f"{hawks_season}.csv", RANGE)
    assert download.status_code == 422
    assert download.content.decode().startswith("ShotTracker did not accept these dates.")


@pytest.mark.django_db
def test_a_server_error_asks_to_try_again(coach_client, hawks_season, monkeypatch):
    answer_with(monkeypatch, lambda r: error(500, "General System Error"))
    text = words(coach_client.get(f"{hawks_season}/events", RANGE))
    assert "ShotTracker had an error" in text and "Try again in a minute." in text


@pytest.mark.django_db
def test_reversed_dates_are_refused_before_asking_shottracker(
    coach_client, hawks_season, monkeypatch
):
    seen = answer_with(monkeypatch, lambda r: error(500, "must not be called"))
    backwards = {"from": "2025-03-01", "to": "2025-02-01"}
    page = coach_client.get(f"{hawks_season}/", backwards)
    assert "The start is after the end" in words(page)
    assert 'hx-trigger="load"' not in page.content.decode()
    assert "The start is after the end" in words(
        coach_client.get(f"{hawks_season}/zones", backwards)
    )
    assert coach_client.get(f"{hawks_season}/leaders", {"from": "yesterday"}).status_code == 200
    assert seen == []


def game_shots_answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/events"):
        return httpx.Response(200, json={"events": []})  # nothing live: the whole range counts
    shots = [
        {
            "occurred_at": 1000 + i,
            "is_make": i % 2 == 0,
            "is_3point": False,
            "zone": 1,
            "hoop_player_x": 0,
            "hoop_player_y": 300,
            "status": "RECORDED",
        }
        for i in range(4)
    ]
    return httpx.Response(200, json={"id": HAWKS, "player_shots": [{
        "id": 11, "player_details": {"id": 11, "firstname": "Ann", "lastname": "Lee"},
        "shots": shots}]})  # fmt: skip


@pytest.mark.django_db
def test_the_live_zone_average_over_a_year_is_split_and_then_compared(
    coach_client, live_game, monkeypatch
):
    seen = answer_with(monkeypatch, game_shots_answer)
    response = coach_client.get(f"/coach/teams/{HAWKS}/average", {"avg": 365})
    assert response["HX-Trigger"] == "coach-refresh"
    # 12 months go out as two requests of at most 8 months; each gave the same 4 shots.
    # (The team's events are asked first: a game still going on is left out.)
    seen = [r for r in seen if not r.url.path.endswith("/events")]
    assert [r.url.path for r in seen] == [f"/v1/data/teams/{HAWKS}/players/game/shots"] * 2
    froms = sorted(int(r.url.params["from"]) for r in seen)
    tos = sorted(int(r.url.params["to"]) for r in seen)
    assert froms[1] == tos[0] + 1
    from django.core.cache import cache

    average = cache.get(average_key(HAWKS, 365))
    assert average["cells"][1] == ZoneCell(1, 2, 4) and average["windows"] == 2
    panel = coach_client.get(f"/coach/teams/{HAWKS}/games/game-1/panel", {"avg": 365})
    assert "4 shots in games over the last 12 months (2 requests of up to 8 months)" in words(panel)
    assert "Restricted area: 2/2 (100%), +50 vs avg" in panel.content.decode()


@pytest.mark.django_db
def test_a_live_game_without_access_to_shot_history_says_so(coach_client, live_game, monkeypatch):
    answer_with(monkeypatch, lambda r: error(403, "No access to SHOTS data"))
    coach_client.get(f"/coach/teams/{HAWKS}/average", {"avg": 30})
    panel = words(coach_client.get(f"/coach/teams/{HAWKS}/games/game-1/panel", {"avg": 30}))
    assert "No comparison: no access to shot data." in panel


# -- season figures count finished games only (issue 15, rule 5) ------------------------------


@pytest.fixture
async def live_season_game(season_api, team):
    """The coach's team on court now (its first points scored), after six weeks of games."""
    handle = season_api.start_game(speed=60.0, half_minutes=10.0, location_hz=0)
    assert handle.event.teams[0].id == team[0]
    for _ in range(600):  # 30 s at most
        if handle.event.team_points(team[0]) >= 6:
            return handle
        await asyncio.sleep(0.05)
    raise AssertionError("the team scored nothing in its live game")


async def finished_game_stats(season_api, team_id: int, live_started_at: int):
    async with api_client(season_api) as api:
        return await api.game_stats(
            team_id, day_ms(date.fromisoformat(RANGE["from"])), live_started_at - 1
        )


async def test_the_game_on_court_is_left_out_of_the_leaders_and_shown_apart_as_live(
    coach, season_api, team, live_season_game
):
    response = await coach.get(f"/coach/teams/{team[0]}/season/leaders", RANGE)

    finished = await finished_game_stats(season_api, team[0], live_season_game.event.started_at)
    team_points = int(sum(p.stats.get("PTS", 0) for p in finished.player_stats))
    assert f"Team {team_points} " in words(response)
    apart = re.search(r"<p class=\"c-live-apart\"[^>]*>(.*?)</p>", response.content.decode())
    assert apart and live_season_game.event.name in apart.group(1)
    assert "not counted here until it ends" in words(response)


async def test_trend_averages_and_last_values_are_of_finished_games_only(
    coach, season_api, team, live_season_game
):
    response = await coach.get(f"/coach/teams/{team[0]}/season/trends", RANGE)

    async with api_client(season_api) as api:
        events = await api.team_events(
            team[0], day_ms(date.fromisoformat(RANGE["from"])),
            day_ms(date.fromisoformat(RANGE["to"]), end=True))  # fmt: skip
    finished = [e for e in events.events if e.is_game_event and e.ended_at is not None]
    assert len(finished) < len([e for e in events.events if e.is_game_event])  # one is live
    chart = re.search(r'data-trend="PTS">(.*?)</figure>', response.content.decode(), re.S).group(1)
    assert chart.count('class="c-trend-dot"') == len(finished)
    assert "Live" in words(response) and live_season_game.event.name in words(response)


async def test_the_events_list_counts_finished_games_and_marks_the_live_one(
    coach, team, live_season_game
):
    response = await coach.get(f"/coach/teams/{team[0]}/season/events", RANGE)

    listed = re.findall(r'<li class="c-event">.*?c-row-title">([^<]+)<', response.content.decode())
    assert live_season_game.event.name not in listed
    apart = re.search(r"<p class=\"c-live-apart\"[^>]*>(.*?)</p>", response.content.decode())
    assert apart and live_season_game.event.name in apart.group(1)


async def test_the_coach_home_lists_the_earlier_games_season_counts(coach, season_api, team):
    home = await coach.get(f"/coach/teams/{team[0]}/")
    earlier = re.search(r'hx-get="([^"]*/season/events\?scope=game)"', home.content.decode())
    assert earlier, "the team page does not load ShotTracker's earlier games"
    section = await coach.get(earlier.group(1).replace("&amp;", "&"))
    season = await coach.get(f"/coach/teams/{team[0]}/season/events", {"scope": "game"})

    assert "No earlier games" not in words(home)
    count = re.search(r"Events (\d+) finished", words(section))
    assert count and int(count.group(1)) > 0
    assert words(section) == words(season)  # the same earlier games, counted the same way
