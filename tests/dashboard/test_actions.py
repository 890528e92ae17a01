"""What an operator does: attach a live session, mark a video start (against the emulator)."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import sync_to_async

from broadcast import groups
from broadcast.models import Game, LiveSession

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HX-Request": "true"}


@pytest.fixture
def test_session_game():
    """A game whose session is the emulator's always-live ``test``."""
    game = Game.objects.create(event_id="ev-test", name="Practice", kind="practice")
    LiveSession.objects.create(game=game, live_id="test", session_type="SCRIMMAGE")
    return game


async def test_attaching_asks_the_relay_to_follow_the_session(memory_layer, operator_async_client):
    channel = await memory_layer.new_channel()
    await groups.join_control(channel)
    response = await operator_async_client.post(
        "/games/attach", {"live_id": "live-42"}, headers=HTMX
    )
    assert response.status_code == 200
    assert b"Attach requested for live-42" in response.content
    assert await memory_layer.receive(channel) == {"type": "relay.attach", "live_id": "live-42"}


async def test_a_malformed_live_id_is_refused_and_not_sent(memory_layer, operator_async_client):
    channel = await memory_layer.new_channel()
    await groups.join_control(channel)
    response = await operator_async_client.post(
        "/games/attach", {"live_id": "a b<script>"}, headers=HTMX
    )
    assert response.status_code == 422
    assert b"A live id is 1 to 64" in response.content
    await groups.request_attach("marker")  # the next request on the channel is this one
    assert (await memory_layer.receive(channel))["live_id"] == "marker"


async def test_a_plain_form_post_is_redirected_with_a_message(memory_layer, operator_async_client):
    response = await operator_async_client.post("/games/attach", {"live_id": "live-42"})
    assert response.status_code == 302 and response["Location"] == "/"
    page = await operator_async_client.get("/")
    assert b"Attach requested for live-42" in page.content


def test_actions_need_the_csrf_token(client, operator, known_game):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(operator)
    assert strict.post("/games/attach", {"live_id": "live-42"}).status_code == 403
    assert (
        strict.post("/games/ev-known/video", {"live_id": "live-h1", "video_id": "v"}).status_code
        == 403
    )
    assert strict.get("/games/attach").status_code == 405


async def test_marking_a_video_start_reaches_the_video_endpoint(
    emulator, operator_async_client, test_session_game
):
    clicked = int(time.time() * 1000) - 1500
    response = await operator_async_client.post(
        "/games/ev-test/video",
        {"live_id": "test", "video_id": "cam-1/take-3", "started_at": str(clicked)},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert b"Video cam-1/take-3 marked" in response.content
    assert emulator.store.sessions["test"].videos == [{"id": "cam-1/take-3", "started_at": clicked}]


async def test_a_video_mark_without_a_start_is_dated_by_the_api(
    emulator, operator_async_client, test_session_game
):
    before = int(time.time() * 1000)
    await operator_async_client.post(
        "/games/ev-test/video", {"live_id": "test", "video_id": "cam-2"}, headers=HTMX
    )
    (video,) = emulator.store.sessions["test"].videos
    assert video["id"] == "cam-2" and video["started_at"] >= before


@pytest.mark.parametrize(
    ("form", "says"),
    [
        ({"live_id": "other", "video_id": "v"}, b"Pick a session of this game"),
        ({"live_id": "test", "video_id": ""}, b"A video id is 1 to 255 bytes"),
        ({"live_id": "test", "video_id": "v" * 256}, b"A video id is 1 to 255 bytes"),
        ({"live_id": "test", "video_id": "v", "started_at": "12"}, b"not a time of today"),
    ],
)
async def test_a_bad_video_mark_is_refused_before_calling_the_api(
    emulator, operator_async_client, test_session_game, form, says
):
    response = await operator_async_client.post("/games/ev-test/video", form, headers=HTMX)
    assert response.status_code == 422
    assert says in response.content
    assert emulator.store.sessions["test"].videos == []


async def test_an_api_refusal_is_shown_to_the_operator(
    emulator, operator_async_client, test_session_game
):
    # A session the game lists but the API does not know.
    await sync_to_async(LiveSession.objects.create)(
        game=test_session_game, live_id="gone", session_type="SCRIMMAGE"
    )
    response = await operator_async_client.post(
        "/games/ev-test/video", {"live_id": "gone", "video_id": "v"}, headers=HTMX
    )
    assert response.status_code == 502
    assert b"ShotTracker refused the mark" in response.content


async def test_marking_a_video_of_an_unknown_game_is_404(emulator, operator_async_client):
    response = await operator_async_client.post(
        "/games/nope/video", {"live_id": "test", "video_id": "v"}, headers=HTMX
    )
    assert response.status_code == 404
