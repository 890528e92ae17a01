"""The SDK (ShotTrackerClient, LiveFeed) end to end against the emulator over real sockets."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from shottracker.client import ShotTrackerClient
from shottracker.court import court_points
from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Emulator
from shottracker.errors import BadRequest, NotFound, Unprocessable
from shottracker.feed import Connected, LiveFeed, Received
from shottracker.models import Location, Marker, Shot, Stats

from .conftest import make_emulator

DAY_MS = 24 * 3600 * 1000


@pytest.fixture
async def client(emulator: Emulator) -> AsyncIterator[ShotTrackerClient]:
    async with ShotTrackerClient(
        emulator.api_url, MOCK_USERNAME, MOCK_SECRET, backoff=0.01
    ) as client:
        yield client


async def test_every_live_method_parses_the_emulators_answers(client, emulator):
    handle = emulator.start_game(seed=31)
    live_id = handle.live_ids[0]
    search = await client.search_live()
    assert {s.id for s in search.live} >= {"test", live_id}
    info = await client.live_info(live_id)
    assert [t.id for t in info.teams] == [t.id for t in handle.simulator.teams]
    subscription = await client.subscribe(live_id, ["STATS", "SHOTS"])
    assert subscription.token_data_types == ("STATS", "SHOTS")
    court = await client.court(live_id)
    assert court.xne == court_points()["xne"] and len(court.hoops) == 2
    await asyncio.wait_for(handle.finished.wait(), 60)
    stats = await client.live_stats(live_id)
    details = await client.live_stats_details(live_id)
    shots = await client.live_shots(live_id)
    assert any(team.player_stats for team in stats.teams)
    assert any(team.player_stats for team in details.teams)
    assert any(team.player_shots for team in shots.teams)
    await client.mark_video(live_id, "camera-1")
    catch_up = await client.catch_up(handle.event_id)
    assert catch_up.game_totals.status == "FINAL"
    assert [d.version for d in catch_up.details] == list(range(1, len(catch_up.details) + 1))
    home = catch_up.game_totals.home
    points = sum(p.stats.get("PTS", 0) for t in catch_up.stats if str(t.id) == home.team_id
                 for p in t.player_stats)  # fmt: skip
    assert points == home.value
    assert catch_up.possessions


async def test_errors_arrive_as_typed_exceptions_with_the_request_id(client, emulator):
    with pytest.raises(NotFound) as unknown:
        await client.live_info("no-such-session")
    assert unknown.value.message == "Invalid id" and unknown.value.request_id
    handle = emulator.start_game(seed=32)
    await asyncio.wait_for(handle.finished.wait(), 60)
    with pytest.raises(BadRequest) as ended:
        await client.subscribe(handle.live_ids[0])
    assert ended.value.message == "The live id is no longer active"
    with pytest.raises(Unprocessable):
        await client.delete_notify("no-such-notify")


async def test_notify_locations_user_and_team_methods_parse(client, emulator):
    notify_id = await client.create_notify("http://127.0.0.1:9/hook")
    await client.enable_end_notify(notify_id)
    (notify,) = (await client.list_notifies()).notifications
    assert notify.id == notify_id and notify.end_notification is True
    await client.update_notify(notify_id, "http://127.0.0.1:9/other")
    await client.disable_end_notify(notify_id)
    await client.delete_notify(notify_id)
    assert (await client.list_notifies()).notifications == ()
    assert (await client.locations()).locations
    nearest = await client.nearest_locations(39.0997, -94.5786, 50, "MILES")
    assert nearest.locations[0].facility_name == "ShotTracker Lab"
    profile = await client.user_profile("a-user-token")
    assert profile.email.endswith("@shottracker.com")
    team = (await client.teams()).teams[1]
    now = int(time.time() * 1000)
    start = now - 14 * DAY_MS
    events = await client.team_events(team.id, start, now)
    assert any(e.is_game_event for e in events.events)
    assert any(e.is_practice_event for e in events.events)
    for method in (client.practice_stats, client.practice_scrimmage_stats,
                   client.practice_shooting_stats, client.game_stats):  # fmt: skip
        body = await method(team.id, start, now)
        assert body.id == team.id and body.player_stats
    for method in (client.practice_shots, client.practice_scrimmage_shots,
                   client.practice_shooting_shots, client.game_shots):  # fmt: skip
        body = await method(team.id, start, now)
        assert body.id == team.id and body.player_shots


async def test_the_client_retries_through_server_errors(client, emulator):
    emulator.fail_rest(2, status=503)
    assert (await client.teams()).teams


async def test_live_feed_streams_a_half_reconnects_after_a_drop_and_ends_with_the_session(
    client, emulator
):
    handle = emulator.start_game(seed=33)
    feed = LiveFeed(client, emulator.ws_url, handle.live_ids[0])
    connections: list[Connected] = []
    kinds: set[type] = set()
    versions: list[int] = []
    async with feed:
        async with asyncio.timeout(60):
            async for item in feed:
                if isinstance(item, Connected):
                    connections.append(item)
                    continue
                assert isinstance(item, Received)
                kinds.add(type(item.message))
                if isinstance(item.message, Stats):
                    versions.append(item.message.version)
                if len(connections) == 1 and len(versions) == 5:
                    assert emulator.drop_feed_connections() == 1
    # The first half ended: the feed closed and a new token was refused, so iteration ended.
    assert [c.attempt for c in connections] == [0, 1]
    assert connections[1].subscription.token != connections[0].subscription.token
    assert {Stats, Shot, Location, Marker} <= kinds
    assert versions == sorted(versions)
    assert feed.counters.malformed == 0 and feed.counters.reconnects >= 1


async def test_the_client_reaches_an_insecure_emulator_without_valid_credentials():
    async with (
        make_emulator(insecure=True) as emulator,
        ShotTrackerClient(emulator.api_url, "anyone", "anything") as client,
    ):
        assert "test" in {s.id for s in (await client.search_live()).live}
