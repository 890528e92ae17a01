"""The movement replay on air: frames frozen at Take, the same for every overlay, a late one too."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from broadcast import groups
from broadcast.models import FeedEvent
from courtside.asgi import application
from dashboard.overlay import control, graphics, replays
from dashboard.overlay.graphics import GraphicError
from dashboard.overlay.models import Output
from tests.dashboard.conftest import ANN, BO, T0

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")
# Bo Kim's miss at T0 + 15 s (the known game's last shot that stands): from 5.2 m straight
# out from the hoop. Bo stands there, facing the east hoop (court x 12725 - 5200); from the
# west hoop the same shot would be at x -7525.
BO_SPOT = [7525, 0]


def store_positions(game, first_s: int = 0, last_s: int = 17) -> None:
    """A position row a second, as the relay stores them: Ann runs east, Bo stands, ball flies."""
    for second in range(first_s, last_s + 1):
        messages = []
        for step in range(25):
            t = T0 + second * 1000 + step * 40
            run = (t - T0) // 4  # Ann: 25 cm a second... a quarter of a mm per ms
            messages += [
                {"occurred_at": t, "type": "PLAYER", "id": ANN, "x": -8000 + run, "y": 2000,
                 "z": 0},
                {"occurred_at": t, "type": "PLAYER", "id": BO, "x": BO_SPOT[0], "y": BO_SPOT[1],
                 "z": 0},
                {"occurred_at": t, "type": "BALL", "id": 1, "x": run, "y": -1000, "z": 1500},
            ]  # fmt: skip
        FeedEvent.objects.create(
            game=game, kind=FeedEvent.Kind.LOCATIONS, received_ms=T0 + second * 1000,
            payload={"messages": messages},
        )  # fmt: skip


@pytest.fixture
def output(known_game):
    return Output.objects.create(game=known_game, name="Program")


@pytest.fixture
def companion(output) -> Client:
    """A Stream Deck's HTTP module with the output's control token."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {output.control_token}")


def api(client: Client, output: Output, action: str, body: dict):
    return client.post(f"/api/outputs/{output.key}/{action}", json.dumps(body),
                       content_type="application/json")  # fmt: skip


# -- the clip ----------------------------------------------------------------------------------


def test_a_clip_places_the_shot_at_the_hoop_its_shooter_faced_and_says_how_it_ended(
    known_game, snapshot
):
    store_positions(known_game)
    options = graphics.check("replay", {"of": "shot", "seconds": "8"}, snapshot)
    clip = replays.freeze(known_game, options, snapshot)

    shot = clip["shot"]
    assert [shot["x"], shot["y"]] == BO_SPOT  # where Bo shot from, toward the east hoop
    assert (shot["make"], shot["result"], shot["points"]) == (False, "Missed", "2-pointer")
    assert (shot["jersey"], shot["side"]) == ("9", "away")
    # 8 s ending 1.5 s after the shot, at the live court's 25 frames a second.
    assert clip["to_t"] == T0 + 16_500 and clip["from_t"] == T0 + 8_500
    assert 190 <= len(clip["frames"]) <= 201
    last = clip["frames"][-1]
    assert last["players"][str(BO)] == BO_SPOT  # players in x, y; the ball keeps its height
    assert len(last["ball"]) == 3


def test_nothing_stored_is_a_clear_refusal_not_an_empty_graphic(companion, output, memory_layer):
    cued = api(companion, output, "cue", {"graphic": "replay", "options": {"of": "now"}})
    assert cued.status_code == 400
    assert cued.json()["error"] == "No positions are stored for this game yet: nothing to replay."
    taken = api(companion, output, "take", {"graphic": "replay", "options": {"of": "now"}})
    assert taken.status_code == 400
    output.refresh_from_db()
    assert output.program == {} and output.version == 0


def test_a_shot_older_than_the_stored_positions_is_refused_in_words(known_game, snapshot):
    store_positions(known_game, first_s=30, last_s=40)  # all after the last shot's seconds
    options = graphics.check("replay", {"of": "shot"}, snapshot)
    with pytest.raises(GraphicError, match="No positions were stored in those seconds"):
        replays.freeze(known_game, options, snapshot)


# -- take freezes; every overlay, a late one too, airs the same frames --------------------------


def test_the_api_takes_a_cued_replay_with_its_frames_frozen_and_names_it_in_words(
    companion, output, memory_layer
):
    store_positions(output.game)
    cue = {"graphic": "replay", "options": {"of": "shot", "seconds": 8, "speed": "0.5"}}
    cued = api(companion, output, "cue", cue).json()["layers"]["full"]["cued"]
    assert cued == {
        "graphic": "replay",
        "options": {"of": "shot", "seconds": 8, "speed": "0.5"},
        "label": "Movement replay \u00b7 Last shot \u00b7 8 s \u00b7 \u00bd speed",
    }

    program = api(companion, output, "take", {}).json()["layers"]["full"]["program"]
    output.refresh_from_db()
    clip = output.program["full"]["clip"]
    assert program["clip"] == {"id": clip["id"], "frames": len(clip["frames"]),
                               "from_t": T0 + 8_500, "to_t": T0 + 16_500, "shot": True}  # fmt: skip
    assert program["label"] == cued["label"]
    assert "frames" not in json.dumps(output.cued)  # the cue was used up; it held no frames


async def overlay(output: Output):
    ws = WebsocketCommunicator(application, f"/ws/overlay/{output.key}/", headers=[ORIGIN])
    ok, _ = await ws.connect()
    assert ok
    return ws, await ws.receive_json_from(timeout=5)


async def test_a_late_overlay_plays_the_frames_frozen_at_take_not_new_ones(output, redis_layer):
    await sync_to_async(store_positions)(output.game)
    taken = await sync_to_async(control.take)(
        output.game.event_id, output.pk, None, "replay", {"of": "now", "seconds": 5}
    )
    await groups.publish_output_state(
        output.game.event_id, taken.pk, taken.version, taken.program, taken.cued
    )
    first, on_air = await overlay(output)
    aired = on_air["layers"]["full"]["data"]
    assert aired["caption"] == "Last seconds \u00b7 5 s \u00b7 Real speed"
    assert aired["clip"]["frames"][-1]["players"][str(BO)] == BO_SPOT

    # The game moves on: ten more seconds of positions. An OBS reload (a new overlay, after
    # the first one's stream has gone) still gets the clip that was taken, frame for frame.
    await sync_to_async(store_positions)(output.game, first_s=18, last_s=27)
    await first.disconnect()
    late, late_state = await overlay(output)
    assert late_state["layers"]["full"]["data"]["clip"] == aired["clip"]
    # A take of the same cue is a new clip (and the newest "last 5 s" it finds).
    again = await sync_to_async(control.take)(
        output.game.event_id, output.pk, None, "replay", {"of": "now", "seconds": 5}
    )
    assert again.program["full"]["clip"]["id"] != aired["clip"]["id"]
    assert again.program["full"]["clip"]["to_t"] > aired["clip"]["to_t"]
    await late.disconnect()


async def test_a_cued_replay_in_preview_says_it_freezes_at_take(output, memory_layer):
    await sync_to_async(store_positions)(output.game)
    cued = await sync_to_async(control.cue)(output.game.event_id, output.pk, "replay", {})
    payload = control.state_payload(cued, control.PREVIEW, await _snapshot(output))
    data = payload["layers"]["full"]["data"]
    assert data["clip"] is None
    assert data["caption"] == "Last shot \u00b7 8 s \u00b7 Real speed"


@sync_to_async
def _snapshot(output: Output) -> dict:
    from broadcast.state import game_state

    return game_state(output.game)[0]


async def test_a_casparcg_template_freezes_its_replay_when_asked_for_it(output, memory_layer):
    await sync_to_async(store_positions)(output.game)
    ws = WebsocketCommunicator(application, f"/ws/overlay/{output.key}/graphic/", headers=[ORIGIN])
    assert (await ws.connect())[0]
    await ws.receive_json_from(timeout=5)  # nothing asked for yet
    await ws.send_json_to({"graphic": "replay", "options": {"of": "now", "seconds": "3"}})
    state = await ws.receive_json_from(timeout=5)
    clip = state["layers"]["full"]["data"]["clip"]
    assert clip["to_t"] == T0 + 17_960 and len(clip["frames"]) >= 70
    await ws.send_json_to({"graphic": "replay", "options": {"seconds": "99"}})
    assert (await ws.receive_json_from(timeout=5))["error"].startswith("a replay lasts 3 to 30")
    await ws.disconnect()
