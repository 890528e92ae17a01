"""Finding sessions: what is live (``_search``) and the courts, asked of the emulator."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from broadcast.models import Game, LiveSession
from shottracker.client import ShotTrackerClient
from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HX-Request": "true"}


@pytest.fixture
async def live_now(emulator):
    """What the emulator says is live, as the SDK reads it."""
    async with ShotTrackerClient(emulator.api_url, MOCK_USERNAME, MOCK_SECRET) as client:
        return (await client.search_live()).live


def session_ids(content: bytes) -> list[str]:
    return [e.text for e in parse(content).find_all(**{"class": "session-id mono"})]


async def test_live_now_lists_every_live_session_with_an_attach_button(
    operator_async_client, live_now
):
    response = await operator_async_client.get("/discover/live", headers=HTMX)
    assert response.status_code == 200
    assert sorted(session_ids(response.content)) == sorted(live.id for live in live_now)
    buttons = parse(response.content).find_all(name="live_id")
    assert sorted(b.attrs["value"] for b in buttons) == sorted(live.id for live in live_now)


async def test_a_relayed_session_links_to_its_game_instead(operator_async_client, live_now):
    game = await sync_to_async(Game.objects.create)(event_id="ev-t", name="Test")
    await sync_to_async(LiveSession.objects.create)(game=game, live_id="test")
    response = await operator_async_client.get("/discover/live", headers=HTMX)
    tree = parse(response.content)
    assert tree.find_all(href="/games/ev-t/")
    assert "test" not in [b.attrs["value"] for b in tree.find_all(name="live_id")]


async def test_live_now_narrows_to_one_court(operator_async_client, live_now):
    court = next(live for live in live_now if live.id == "test")
    response = await operator_async_client.get(
        "/discover/live", {"location": court.location_id}, headers=HTMX
    )
    assert session_ids(response.content) == ["test"]
    assert court.facility_name.encode() in response.content


async def test_the_courts_panel_lists_the_apis_locations(operator_async_client, emulator):
    async with ShotTrackerClient(emulator.api_url, MOCK_USERNAME, MOCK_SECRET) as client:
        locations = (await client.locations()).locations
    response = await operator_async_client.get("/discover/locations", headers=HTMX)
    radios = parse(response.content).find_all(name="location")
    assert [r.attrs["value"] for r in radios] == [loc.location_id for loc in locations]


async def test_courts_near_a_position_come_nearest_first(operator_async_client, emulator):
    response = await operator_async_client.get(
        "/discover/nearest",
        {"lat": "39.0", "lon": "-94.6", "radius": "20000", "unit": "KILOMETERS"},
        headers=HTMX,
    )
    assert response.status_code == 200
    distances = [float(e.text.split()[0]) for e in parse(response.content).find_all(
        **{"class": "court-dist"})]  # fmt: skip
    assert distances and distances == sorted(distances)
    assert b"Within 20000 kilometers of you" in response.content


@pytest.mark.parametrize(
    "query",
    [
        {"lat": "north", "lon": "1"},
        {"lat": "91", "lon": "1"},
        {"lat": "1", "lon": "1", "radius": "-5"},
        {"lat": "1", "lon": "1", "unit": "FURLONGS"},
    ],
)
async def test_an_unreadable_position_is_refused(operator_async_client, emulator, query):
    response = await operator_async_client.get("/discover/nearest", query, headers=HTMX)
    assert response.status_code == 422
    assert b"not readable" in response.content


async def test_an_unreachable_api_shows_as_a_message(operator_async_client, settings):
    settings.SHOTTRACKER_API_URL = "http://127.0.0.1:9"  # discard: nothing answers there
    response = await operator_async_client.get("/discover/live", headers=HTMX)
    assert response.status_code == 200
    assert b"ShotTracker did not list live sessions" in response.content
