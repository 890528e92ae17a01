"""The overlay, preview and panel sockets through the real ASGI app, on both channel layers."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from broadcast import groups
from broadcast.game import Change
from broadcast.game import Game as GameModel
from broadcast.log import apply_row
from broadcast.models import FeedEvent, Game, LiveSession
from broadcast.state import forget
from courtside.asgi import application
from dashboard import fanout
from dashboard.overlay import control, live, streams
from dashboard.overlay.models import Output
from tests.dashboard.conftest import (
    ANN,
    BO,
    HAWKS_ROSTER,
    KNOWN_ROWS,
    OWLS,
    OWLS_ROSTER,
    T0,
    shot_row,
    stats_row,
)

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://testserver")
FIRST_HALF = KNOWN_ROWS[:17]  # up to Ann's second basket, before its correction
CORRECTION = KNOWN_ROWS[17:19]  # v11 takes the basket back, the shot is deleted
HALFTIME_MARKER = {"type": "marker", "data": {"occurred_at": T0 + 13_900, "type": "END_FIRST_HALF"}}
HALFTIME = ("marker", HALFTIME_MARKER, "live-h1")


@pytest.fixture(params=["memory_layer", "redis_layer"])
def layer(request):
    """Each socket test runs on the in-memory layer and on real Redis."""
    return request.getfixturevalue(request.param)


class Relay:
    """Stores log rows and publishes their deltas, as the relay's writer does."""

    def __init__(self, game: Game, rows) -> None:
        self.game = game
        self.model = GameModel(game.event_id, name=game.name)
        self.seq = 0
        for row in rows:
            self._store(row)

    def _store(self, row) -> list:
        kind, payload, live_id = row
        changes = apply_row(self.model, kind, payload, live_id, T0)
        self.seq += 1
        FeedEvent.objects.create(
            game=self.game, live_id=live_id, kind=kind, received_ms=T0, payload=payload,
            seq=self.seq,
        )  # fmt: skip
        return changes

    async def play(self, *rows) -> None:
        for row in rows:
            changes = await sync_to_async(self._store)(row)
            payload = groups.delta_payload(self.game.event_id, self.seq, T0, changes)
            await groups.publish_delta(self.game.event_id, payload)


@pytest.fixture
def first_half(db):
    """The known game up to Ann's second basket (Hawks 4 - Owls 4), and its relay."""
    game = Game.objects.create(event_id="ev-half", name="Hawks vs Owls",
                               teams=[HAWKS_ROSTER, OWLS_ROSTER])  # fmt: skip
    LiveSession.objects.create(game=game, live_id="live-h1", session_type="GAME_ROUND", period="H1")
    forget(game.event_id)
    yield Relay(game, FIRST_HALF)
    forget(game.event_id)


@pytest.fixture
def output(first_half):
    return Output.objects.create(game=first_half.game, name="Program")


def socket(path: str, *headers) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, path, headers=[ORIGIN, *headers])


async def overlay(output: Output, suffix: str = "", *headers):
    """A connected overlay of the output and the state it got first."""
    ws = socket(f"/ws/overlay/{output.key}/{suffix}", *headers)
    ok, _ = await ws.connect()
    assert ok
    return ws, await ws.receive_json_from(timeout=5)


@pytest.fixture
def operator_cookie(client, operator):
    client.force_login(operator)
    return (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())


async def publish(output: Output) -> Output:
    await groups.publish_output_state(
        output.game.event_id, output.pk, output.version, output.program, output.cued
    )
    return output


async def take(output: Output, graphic: str, **options) -> Output:
    """Take a graphic straight to air, on its home layer."""
    game_id = output.game.event_id
    taken = await sync_to_async(control.take)(game_id, output.pk, None, graphic, options)
    return await publish(taken)


def on(message: dict, layer: str) -> str | None:
    """The graphic a bus's state shows on a layer."""
    entry = message["layers"][layer]
    return entry["graphic"] if entry else None


# -- the overlay -------------------------------------------------------------------------------


async def test_an_overlay_gets_the_on_air_state_first(layer, output):
    await sync_to_async(control.take)("ev-half", output.pk, None, "scorebug", {})
    ws, first = await overlay(output)
    assert first["type"] == "on_air"
    assert (on(first, "bug"), on(first, "lower"), first["version"]) == ("scorebug", None, 1)
    bug = first["layers"]["bug"]["data"]
    assert (bug["home"]["score"], bug["away"]["score"]) == ("4", "4")
    await ws.disconnect()


async def test_a_take_and_a_clear_reach_the_overlay(layer, output):
    ws, first = await overlay(output)
    assert first["layers"] == {"bug": None, "lower": None, "full": None}
    await take(output, "lower_third", player=ANN)
    shown = await ws.receive_json_from(timeout=5)
    assert (shown["type"], on(shown, "lower")) == ("on_air", "lower_third")
    assert shown["layers"]["lower"]["data"]["player"]["last_name"] == "Lee"
    await publish(await sync_to_async(control.clear)("ev-half", output.pk))
    cleared = await ws.receive_json_from(timeout=5)
    assert (on(cleared, "lower"), cleared["version"]) == (None, 2)
    await ws.disconnect()


async def test_a_delta_updates_only_the_graphic_on_air(layer, output, first_half):
    await take(output, "lower_third", player=BO)
    ws, _ = await overlay(output)
    # Ann's stats and a shot change nothing Bo's lower third shows.
    await first_half.play(
        ("stats", stats_row(20, ANN, 1, {"AST": 1}, "ASSIST"), "live-h1"),
        ("shot", shot_row(21, ANN, 1, False, False, 5, 3000, 500), "live-h1"),
    )
    assert await ws.receive_nothing(timeout=0.5)
    await first_half.play(("stats", stats_row(22, BO, OWLS, {"REB": 1}, "REBOUND"), "live-h1"))
    update = await ws.receive_json_from(timeout=5)
    assert update["type"] == "data" and update["seq"] == first_half.seq
    assert update["layer"] == "lower"
    assert update["data"]["line"][1] == {"label": "REB", "value": "1"}
    assert "changes" not in update  # an overlay never sees a raw delta
    await ws.disconnect()


async def test_outputs_of_a_game_follow_its_deltas_from_memory_not_the_database(layer, first_half):
    program = await Output.objects.acreate(game=first_half.game, name="Program")
    wall = await Output.objects.acreate(game=first_half.game, name="Wall")
    await take(program, "lower_third", player=BO)
    await take(wall, "box_score", team=OWLS)
    first, _ = await overlay(program)
    second, _ = await overlay(wall)
    # One live game and one receiver of the game's group serve both outputs.
    assert len(live.running()) == 1
    assert len([s for s in fanout.running() if s.game_id == "ev-half"]) == 1
    game = live.running()[0]
    for version in (20, 21, 22):
        await first_half.play(
            ("stats", stats_row(version, BO, OWLS, {"REB": version - 19}, "REBOUND"), "live-h1")
        )
        lower = await first.receive_json_from(timeout=5)
        box = await second.receive_json_from(timeout=5)
        assert lower["data"]["line"][1] == {"label": "REB", "value": str(version - 19)}
        assert lower["seq"] == box["seq"] == first_half.seq
    assert game.reads == 1  # the snapshot was read once, when the first output joined
    await first.disconnect()
    await second.disconnect()


async def test_a_lost_delta_makes_the_outputs_read_the_game_again(layer, output, first_half):
    await take(output, "lower_third", player=BO)
    ws, _ = await overlay(output)
    game = live.running()[0]
    # Stored but never published (lost between processes), then the next one arrives.
    await sync_to_async(first_half._store)(
        ("stats", stats_row(20, BO, OWLS, {"REB": 1}, "REBOUND"), "live-h1")
    )
    await first_half.play(
        ("stats", stats_row(21, BO, OWLS, {"REB": 1, "AST": 1}, "ASSIST"), "live-h1")
    )
    update = await ws.receive_json_from(timeout=5)
    assert update["data"]["line"][1:3] == [
        {"label": "REB", "value": "1"}, {"label": "AST", "value": "1"},
    ]  # fmt: skip
    assert (game.reads, game.seq) == (2, first_half.seq)
    await ws.disconnect()


async def test_position_frames_reach_only_a_mini_court(layer, output):
    await take(output, "scorebug")
    ws, _ = await overlay(output)
    frame = groups.frame_payload("ev-half", 1, T0, T0, {str(ANN): [100, 200, 0]}, [0, 0, 900])
    await groups.publish_frame("ev-half", frame)
    assert await ws.receive_nothing(timeout=0.3)
    await take(output, "mini_court")
    assert on(await ws.receive_json_from(timeout=5), "full") == "mini_court"
    await groups.publish_frame("ev-half", frame)
    assert await ws.receive_json_from(timeout=5) == frame
    await ws.disconnect()


async def test_overlays_of_one_output_share_one_stream(layer, output):
    first, _ = await overlay(output)
    second, _ = await overlay(output)
    assert len(streams.running()) == 1
    await take(output, "scorebug")
    assert on(await first.receive_json_from(timeout=5), "bug") == "scorebug"
    assert on(await second.receive_json_from(timeout=5), "bug") == "scorebug"
    await first.disconnect()
    await second.disconnect()


async def test_the_output_delay_holds_the_graphic_back(layer, output):
    await sync_to_async(Output.objects.filter(pk=output.pk).update)(delay_ms=1000)
    ws, _ = await overlay(output)
    started = time.monotonic()
    await take(output, "scorebug")
    assert await ws.receive_nothing(timeout=0.6)
    shown = await ws.receive_json_from(timeout=5)
    assert on(shown, "bug") == "scorebug"
    assert time.monotonic() - started >= 1.0
    await ws.disconnect()


async def test_a_revoked_key_is_refused(layer, output):
    await sync_to_async(Output.objects.filter(pk=output.pk).update)(revoked=True)
    ws = socket(f"/ws/overlay/{output.key}/")
    await ws.connect()
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}
    assert streams.running() == []


async def test_revoking_closes_the_overlays_on_air(layer, output):
    await take(output, "scorebug")
    ws, _ = await overlay(output)
    await sync_to_async(control.revoke)("ev-half", output.pk)
    await groups.publish_output_revoked("ev-half", output.pk)
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}
    await streams.settled()
    assert streams.running() == []


# -- the preview -------------------------------------------------------------------------------


async def test_the_preview_is_for_operators(layer, output, operator_cookie):
    await sync_to_async(control.cue)("ev-half", output.pk, "leaders", {})
    ws = socket(f"/ws/overlay/{output.key}/preview/")
    await ws.connect()
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    ws, first = await overlay(output, "preview/", operator_cookie)
    assert (first["bus"], on(first, "full")) == ("preview", "leaders")
    await ws.disconnect()


async def test_a_cue_shows_in_the_preview_and_not_on_air(layer, output, operator_cookie):
    program, _ = await overlay(output)
    preview, _ = await overlay(output, "preview/", operator_cookie)
    await take(output, "scorebug")
    assert on(await program.receive_json_from(timeout=5), "bug") == "scorebug"
    assert on(await preview.receive_json_from(timeout=5), "bug") == "scorebug"
    await publish(
        await sync_to_async(control.cue)("ev-half", output.pk, "box_score", {"team": OWLS})
    )
    cued = await preview.receive_json_from(timeout=5)
    box = cued["layers"]["full"]
    assert (box["graphic"], box["data"]["teams"][0]["team"]["name"]) == ("box_score", "Mesa Owls")
    # The preview is what Take would air: the cue over the program's other layers.
    assert on(cued, "bug") == "scorebug"
    unchanged = await program.receive_json_from(timeout=5)  # the new version, same layers
    assert (on(unchanged, "bug"), on(unchanged, "full")) == ("scorebug", None)
    await program.disconnect()
    await preview.disconnect()


# -- the panel, corrections and markers --------------------------------------------------------


async def test_the_panel_gets_the_outputs_and_every_change(layer, output, operator_cookie):
    ws = socket("/ws/games/ev-half/graphics/", operator_cookie)
    assert (await ws.connect())[0]
    first = await ws.receive_json_from(timeout=5)
    assert first["type"] == "outputs"
    assert [o["name"] for o in first["outputs"]] == ["Program"]
    await take(output, "leaders")
    changed = await ws.receive_json_from(timeout=5)
    layers = changed["outputs"][0]["layers"]
    assert layers["full"] == {"program": {"graphic": "leaders", "options": {}}, "cued": None}
    assert layers["bug"] == {"program": None, "cued": None}
    await ws.disconnect()


async def test_the_panel_is_for_operators(layer, output):
    ws = socket("/ws/games/ev-half/graphics/")
    await ws.connect()
    assert await ws.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_a_correction_on_air_updates_the_graphic_and_tells_the_operator(
    layer, output, first_half, operator_cookie
):
    await take(output, "lower_third", player=ANN)
    ws, first = await overlay(output)
    assert first["layers"]["lower"]["data"]["line"][0] == {"label": "PTS", "value": "4"}
    panel = socket("/ws/games/ev-half/graphics/", operator_cookie)
    await panel.connect()
    await panel.receive_json_from(timeout=5)
    await first_half.play(*CORRECTION)
    update = await ws.receive_json_from(timeout=5)
    assert update["data"]["line"][0] == {"label": "PTS", "value": "2"}
    note = await panel.receive_json_from(timeout=5)
    assert note["type"] == "changed" and note["bus"] == "program"
    assert note["changed"] == ["PTS 4 -> 2", "FG 2-3 -> 1-2"]
    await streams.settled()
    await ws.disconnect()
    await panel.disconnect()


async def test_halftime_takes_the_box_score_once_where_the_operator_enabled_it(
    layer, output, first_half
):
    await sync_to_async(Output.objects.filter(pk=output.pk).update)(
        auto_halftime=True, auto_clear=True
    )
    await take(output, "scorebug")
    ws, _ = await overlay(output)
    await first_half.play(HALFTIME)
    # The scorebug's clock stops (a data update), then the box score goes up over it.
    message = await ws.receive_json_from(timeout=5)
    while message["type"] == "data":
        message = await ws.receive_json_from(timeout=5)
    assert (message["type"], on(message, "full")) == ("on_air", "box_score")
    assert on(message, "bug") == "scorebug"  # automation works on the full layer only
    assert message["layers"]["full"]["data"]["title"] == "Halftime"
    await streams.settled()
    saved = await Output.objects.aget(pk=output.pk)
    assert (saved.program["full"]["graphic"], saved.marker_ms) == ("box_score", T0 + 13_900)
    # The same marker again (another process, a replay) acts no more.
    again = Change("marker", {"type": "END_FIRST_HALF", "occurred_at": T0 + 13_900})
    await groups.publish_delta("ev-half", groups.delta_payload("ev-half", 99, T0, [again]))
    assert await ws.receive_nothing(timeout=0.5)
    await streams.settled()
    assert (await Output.objects.aget(pk=output.pk)).version == saved.version
    await ws.disconnect()


async def test_without_automation_a_marker_changes_nothing_on_air(layer, output, first_half):
    await take(output, "leaders")
    ws, _ = await overlay(output)
    await first_half.play(HALFTIME)
    assert await ws.receive_nothing(timeout=0.5)
    await streams.settled()
    assert (await Output.objects.aget(pk=output.pk)).program["full"]["graphic"] == "leaders"
    await ws.disconnect()
