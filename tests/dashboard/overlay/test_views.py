"""The overlay page, the operator's graphics actions and the data source, over HTTP."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from broadcast import groups
from broadcast.models import Game
from dashboard.overlay.models import Output
from tests.dashboard.conftest import ANN, HAWKS, KNOWN_ROWS, OWLS
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def output(known_game):
    return Output.objects.create(game=known_game, name="Program")


@pytest.fixture
def other_game(db):
    return Game.objects.create(event_id="ev-other", name="Other", teams=[])


def tagged(root, tag: str) -> list:
    """The elements of a parsed page with this tag name."""
    found = []
    for child in root.children:
        if not isinstance(child, str):
            found += [child] if child.tag == tag else []
            found += tagged(child, tag)
    return found


def actions_url(output: Output, action: str) -> str:
    return f"/games/{output.game.event_id}/graphics/{output.pk}/{action}"


async def listen(layer, output: Output) -> str:
    channel = await layer.new_channel()
    await layer.group_add(groups.output_group(output.pk), channel)
    return channel


# -- the output page ---------------------------------------------------------------------------


def test_an_output_page_is_a_transparent_browser_source_for_its_key(client, output):
    response = client.get(f"/overlay/{output.key}/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"  # the panel's monitors frame it
    assert response["Cache-Control"] == "no-store"
    page = parse(response.content.decode())
    config = json.loads(page.find_all(id="overlay-data")[0].text)
    assert config["ws_path"] == f"/ws/overlay/{output.key}/"
    assert config["bus"] == "program"
    assert len(config["zones"]) == 14
    assert page.find_all(id="stage")


def test_an_unknown_or_revoked_key_gets_a_blank_404(client, output):
    assert client.get("/overlay/not-a-key/").status_code == 404
    Output.objects.filter(pk=output.pk).update(revoked=True)
    response = client.get(f"/overlay/{output.key}/")
    assert response.status_code == 404
    # Whatever a broadcast machine shows of it airs: a transparent page and nothing on it.
    body = tagged(parse(response.content.decode()), "body")
    assert len(body) == 1 and body[0].children == []
    assert b"background:transparent" in response.content
    assert output.key.encode() not in response.content


def test_output_keys_are_long_and_unique(known_game):
    keys = {Output.objects.create(game=known_game, name=f"o{i}").key for i in range(20)}
    assert len(keys) == 20
    assert min(len(key) for key in keys) >= 32


def test_the_preview_page_is_for_operators(operator_client, output):
    response = Client().get(f"/overlay/{output.key}/preview/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = operator_client.get(f"/overlay/{output.key}/preview/")
    page = parse(response.content.decode())
    config = json.loads(page.find_all(id="overlay-data")[0].text)
    assert config["ws_path"] == f"/ws/overlay/{output.key}/preview/"


# -- the panel ---------------------------------------------------------------------------------


def test_the_panel_lists_the_outputs_with_their_monitors_and_graphics(operator_client, output):
    response = operator_client.get(f"/games/{output.game.event_id}/graphics/")
    page = parse(response.content.decode())
    panel = page.find_all(**{"data-output-id": str(output.pk)})[0]
    frames = [f.attrs["data-src"] for f in panel.find_all(data_src=None)]
    assert frames == [f"/overlay/{output.key}/preview/", f"http://testserver/overlay/{output.key}/"]
    buttons = [(b.attrs["data-graphic"], b.attrs["data-layer"])
               for b in panel.find_all(**{"data-graphic": None})]  # fmt: skip
    assert buttons[:2] == [("scorebug", "bug"), ("lower_third", "lower")]
    assert ("team_comparison", "full") in buttons and ("team_comparison", "lower") in buttons
    layers = [row.attrs["data-layer"] for row in panel.find_all(**{"class": "gp-layer"})]
    assert layers == ["bug", "lower", "full"]
    token = panel.find_all(**{"data-field": "control-token"})[0]
    assert token.attrs["value"] == output.control_token != output.key
    players = panel.find_all(value=str(ANN))
    assert players and "Ann Lee" in players[0].text


def test_the_console_game_page_includes_the_panel(operator_client, known_game):
    page = parse(operator_client.get("/games/ev-known/").content.decode())
    panel = page.find_all(id="graphics-panel")[0]
    assert panel.attrs["hx-get"] == "/games/ev-known/graphics/"


def test_a_new_output_gets_its_own_key_and_shows_in_the_panel(operator_client, known_game):
    response = operator_client.post("/games/ev-known/graphics/outputs", {"name": "Stadium"})
    assert response.status_code == 200
    output = Output.objects.get(name="Stadium")
    assert output.key in response.content.decode()


def test_a_game_has_at_most_twelve_outputs(operator_client, known_game):
    for i in range(12):
        Output.objects.create(game=known_game, name=f"feed {i}")
    response = operator_client.post("/games/ev-known/graphics/outputs", {"name": "one more"})
    assert response.status_code == 400
    assert b"at most 12 outputs" in response.content
    assert not Output.objects.filter(name="one more").exists()


def test_the_panel_and_its_actions_are_for_operators(client, coach, output):
    assert client.get("/games/ev-known/graphics/").status_code == 302
    client.force_login(coach)
    assert client.get("/games/ev-known/graphics/").status_code == 403
    assert client.post(actions_url(output, "take"), {"graphic": "scorebug"}).status_code == 403
    output.refresh_from_db()
    assert output.program == {}


def test_a_take_needs_the_csrf_token(operator, output):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(operator)
    assert strict.post(actions_url(output, "take"), {"graphic": "scorebug"}).status_code == 403
    output.refresh_from_db()
    assert output.program == {}


# -- take, clear, cue --------------------------------------------------------------------------


async def test_a_take_saves_the_graphic_and_publishes_it_to_the_output(
    memory_layer, operator_async_client, output
):
    channel = await listen(memory_layer, output)
    response = await operator_async_client.post(
        actions_url(output, "take"), {"graphic": "lower_third", "player": str(ANN), "team": ""}
    )
    assert response.status_code == 200
    lower = {"graphic": "lower_third", "options": {"player": ANN}}
    answer = response.json()
    assert (answer["version"], answer["layers"]["lower"]) == (1, {"program": lower, "cued": None})
    await output.arefresh_from_db()
    assert (output.program, output.version) == ({"lower": lower}, 1)
    assert output.taken_at is not None
    message = await memory_layer.receive(channel)
    assert message == {"type": "overlay.state", "version": 1, "program": {"lower": lower},
                       "cued": {}}  # fmt: skip


async def test_a_graphic_that_cannot_air_is_refused_and_nothing_changes(
    operator_async_client, output
):
    response = await operator_async_client.post(
        actions_url(output, "take"), {"graphic": "lower_third", "player": "999"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "player 999 is not in this game"
    await output.arefresh_from_db()
    assert (output.program, output.version) == ({}, 0)


async def test_clear_takes_one_layer_or_every_layer_off_air(
    memory_layer, operator_async_client, output
):
    take, clear = actions_url(output, "take"), actions_url(output, "clear")
    await operator_async_client.post(take, {"graphic": "scorebug"})
    await operator_async_client.post(take, {"graphic": "leaders"})
    response = await operator_async_client.post(clear, {"layer": "full"})
    assert response.json()["layers"]["full"]["program"] is None
    await output.arefresh_from_db()
    assert list(output.program) == ["bug"]  # the scorebug stays
    response = await operator_async_client.post(clear)
    assert response.json()["version"] == 4
    await output.arefresh_from_db()
    assert output.program == {}


async def test_a_cue_fills_the_preview_and_leaves_the_air_alone(
    memory_layer, operator_async_client, output
):
    await operator_async_client.post(actions_url(output, "take"), {"graphic": "scorebug"})
    response = await operator_async_client.post(
        actions_url(output, "cue"), {"graphic": "box_score", "team": str(OWLS)}
    )
    box = {"graphic": "box_score", "options": {"team": OWLS}}
    assert response.json()["layers"]["full"] == {"program": None, "cued": box}
    await output.arefresh_from_db()
    assert output.program == {"bug": {"graphic": "scorebug", "options": {}}}
    assert output.cued == {"full": box}


async def test_an_action_on_another_games_output_is_refused(operator_async_client, output):
    response = await operator_async_client.post(
        f"/games/ev-other/graphics/{output.pk}/take", {"graphic": "scorebug"}
    )
    assert response.status_code == 404


# -- settings and revoking ---------------------------------------------------------------------


def test_the_delay_is_zero_to_thirty_seconds(operator_client, output):
    response = operator_client.post(actions_url(output, "settings"), {"delay": "45"})
    assert response.status_code == 400
    assert b"0 to 30 seconds" in response.content
    response = operator_client.post(
        actions_url(output, "settings"), {"delay": "4", "auto_halftime": "1", "auto_clear": "1"}
    )
    assert response.status_code == 200
    output.refresh_from_db()
    assert output.delay_ms == 4000
    assert (output.auto_halftime, output.auto_final, output.auto_clear) == (True, False, True)
    # Markers from before the rules were on never act.
    assert output.marker_ms > 0


async def test_revoking_kills_the_key_and_tells_its_overlays(
    memory_layer, operator_async_client, output
):
    channel = await listen(memory_layer, output)
    response = await operator_async_client.post(actions_url(output, "revoke"))
    assert response.status_code == 200
    assert output.key not in response.content.decode()
    assert await memory_layer.receive(channel) == {"type": "overlay.revoked"}
    assert (await operator_async_client.get(f"/overlay/{output.key}/")).status_code == 404
    again = await operator_async_client.post(actions_url(output, "take"), {"graphic": "scorebug"})
    assert again.status_code == 404


# -- the data source ---------------------------------------------------------------------------


def test_the_data_source_answers_an_output_key_of_the_game(client, output):
    response = client.get(f"/api/games/ev-known/datasource.json?key={output.key}")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert (data["home_name"], data["home_score"], data["away_score"]) == ("Harbor Hawks", "2", "4")
    assert data["seq"] == str(len(KNOWN_ROWS))


def test_the_data_source_answers_an_operator_session(operator_client, known_game):
    response = operator_client.get("/api/games/ev-known/datasource.json")
    assert response.status_code == 200
    assert response.json()["away_name"] == "Mesa Owls"


def test_the_data_source_refuses_everyone_else_alike(client, output, other_game):
    assert client.get("/api/games/ev-known/datasource.json").status_code == 404
    assert client.get("/api/games/ev-known/datasource.json?key=guess").status_code == 404
    other = Output.objects.create(game=other_game, name="elsewhere")
    assert client.get(f"/api/games/ev-known/datasource.json?key={other.key}").status_code == 404
    Output.objects.filter(pk=output.pk).update(revoked=True)
    assert client.get(f"/api/games/ev-known/datasource.json?key={output.key}").status_code == 404


def test_box_score_of_a_team_is_taken_with_that_team(operator_client, output):
    response = operator_client.post(
        actions_url(output, "take"), {"graphic": "box_score", "team": str(HAWKS), "player": "x"}
    )
    assert response.status_code == 200  # a field the graphic does not take is ignored
    output.refresh_from_db()
    assert output.program["full"]["options"] == {"team": HAWKS}


# -- the cue is the one truth, layer by layer ---------------------------------------------------


def test_take_airs_exactly_the_stored_cue_whatever_the_browser_posts(operator_client, output):
    operator_client.post(actions_url(output, "cue"), {"graphic": "box_score"})
    # A stale form (another operator's, a reloaded page) cannot change what airs.
    response = operator_client.post(actions_url(output, "take"), {"team": str(HAWKS)})
    assert response.status_code == 200
    output.refresh_from_db()
    assert output.program == {"full": {"graphic": "box_score", "options": {}}}
    assert output.cued == {}  # the cue is used up


def test_a_new_graphic_cued_keeps_none_of_the_old_ones_options(operator_client, output):
    operator_client.post(actions_url(output, "cue"), {"graphic": "lower_third", "player": ANN})
    operator_client.post(actions_url(output, "cue"), {"graphic": "shot_chart", "team": HAWKS})
    output.refresh_from_db()
    assert output.cued == {
        "lower": {"graphic": "lower_third", "options": {"player": ANN}},
        "full": {"graphic": "shot_chart", "options": {"team": HAWKS}},
    }


def test_take_all_airs_every_cued_layer_at_once_and_one_layer_alone(operator_client, output):
    operator_client.post(actions_url(output, "cue"), {"graphic": "scorebug"})
    operator_client.post(actions_url(output, "cue"), {"graphic": "lower_third", "player": ANN})
    operator_client.post(actions_url(output, "cue"), {"graphic": "leaders"})
    operator_client.post(actions_url(output, "take"), {"layer": "lower"})
    output.refresh_from_db()
    assert list(output.program) == ["lower"] and sorted(output.cued) == ["bug", "full"]
    operator_client.post(actions_url(output, "take"))
    output.refresh_from_db()
    assert sorted(output.program) == ["bug", "full", "lower"] and output.cued == {}
    nothing = operator_client.post(actions_url(output, "take"))
    assert (nothing.status_code, nothing.json()) == (409, {"error": "nothing is cued on any layer"})


def test_a_graphic_goes_only_on_a_layer_that_takes_it(operator_client, output):
    response = operator_client.post(
        actions_url(output, "cue"), {"graphic": "scorebug", "layer": "full"}
    )
    assert (response.status_code, response.json()["error"]) == (
        400, "Scorebug does not go on the full layer",
    )  # fmt: skip
    strip = operator_client.post(
        actions_url(output, "cue"), {"graphic": "team_comparison", "layer": "lower"}
    )
    assert strip.json()["layers"]["lower"]["cued"]["graphic"] == "team_comparison"


def test_a_new_control_token_replaces_the_old_one(operator_client, output):
    old = output.control_token
    response = operator_client.post(actions_url(output, "token"))
    assert response.status_code == 200
    output.refresh_from_db()
    assert output.control_token != old and output.control_token in response.content.decode()


# -- vMix data sources -------------------------------------------------------------------------


def test_vmix_game_json_is_an_array_of_one_flat_row_of_strings(client, output):
    response = client.get(f"/overlay/{output.key}/vmix/game.json")
    assert response.status_code == 200
    rows = response.json()
    assert isinstance(rows, list) and len(rows) == 1
    row = rows[0]
    assert all(isinstance(v, str) for v in row.values())
    assert (row["home_name"], row["home_abbr"], row["home_score"]) == ("Harbor Hawks", "HAR", "2")
    assert (row["away_name"], row["away_score"], row["period_label"]) == ("Mesa Owls", "4", "2nd")
    assert row["home_colour"].startswith("#") and row["home_logo"] == ""
    assert row["away_fg"] == "1-2" and row["seq"] == str(len(KNOWN_ROWS))


def test_vmix_players_json_has_a_row_per_player_with_made_attempted_text(client, output):
    rows = client.get(f"/overlay/{output.key}/vmix/players.json").json()
    assert all(isinstance(v, str) for row in rows for v in row.values())
    ann = next(row for row in rows if row["id"] == str(ANN))
    assert (ann["team"], ann["jersey"], ann["name"]) == ("Harbor Hawks", "4", "Ann Lee")
    assert (ann["PTS"], ann["FG"], ann["3P"], ann["FT"]) == ("2", "1-2", "0-1", "0-0")
    assert ann["headshot"] == ""  # ShotTracker's roster has no photo
    assert [row["side"] for row in rows][:1] == ["home"] and rows[-1]["side"] == "away"


def test_vmix_data_sources_need_a_live_key(client, output):
    assert client.get("/overlay/guess/vmix/game.json").status_code == 404
    Output.objects.filter(pk=output.pk).update(revoked=True)
    assert client.get(f"/overlay/{output.key}/vmix/players.json").status_code == 404


# -- the CasparCG / SPX-GC template -------------------------------------------------------------


def test_the_template_names_its_server_and_key_and_defines_spx_fields(client, output):
    response = client.get(f"/overlay/{output.key}/template.html?download=1")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="courtside-program.html"'
    assert "X-Frame-Options" not in response  # SPX-GC plays it in an iframe of its own
    html = response.content.decode()
    start = html.index("window.SPXGCTemplateDefinition = ") + len(
        "window.SPXGCTemplateDefinition = "
    )
    definition = json.loads(html[start : html.index(";</script>", start)])
    fields = {f["field"]: f for f in definition["DataFields"]}
    assert fields["graphic"]["value"] == "scorebug"
    assert {"text": "Box score", "value": "box_score"} in fields["graphic"]["items"]
    assert {"text": "Mesa Owls", "value": str(OWLS)} in fields["team"]["items"]
    assert (definition["dataformat"], definition["out"]) == ("json", "manual")
    config = json.loads(parse(html).find_all(id="overlay-data")[0].text)
    assert config["ws_url"] == f"ws://testserver/ws/overlay/{output.key}/graphic/"
    assert 'src="http://testserver/static/' in html  # works from CasparCG's templates folder


# -- team identity -----------------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_staff_set_identity_reaches_the_graphics_and_vmix(admin_client, client, output):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dashboard import identity

    response = admin_client.post("/admin/dashboard/teamidentity/add/", {
        "team": str(HAWKS), "abbreviation": "hwk", "primary_colour": "#123456",
        "secondary_colour": "#FFCC00", "upload": SimpleUploadedFile("hawks.png", PNG),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    identity.forget()
    row = client.get(f"/overlay/{output.key}/vmix/game.json").json()[0]
    assert (row["home_abbr"], row["home_colour"], row["home_secondary"]) == (
        "HWK", "#123456", "#ffcc00",
    )  # fmt: skip
    assert row["home_logo"].startswith(f"http://testserver/teams/{HAWKS}/logo?v=")
    logo = client.get(row["home_logo"])
    assert (logo.status_code, logo["Content-Type"], logo.content) == (200, "image/png", PNG)
    assert row["away_abbr"] == "MES"  # a team nobody set keeps the defaults from its name


def test_an_abbreviation_is_three_or_four_letters_and_a_logo_an_image(admin_client, known_game):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post("/admin/dashboard/teamidentity/add/", {
        "team": str(HAWKS), "abbreviation": "HAWKS", "primary_colour": "red",
        "upload": SimpleUploadedFile("hawks.exe", b"MZ\x90\x00"),
    })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ensure this value has at most 4 characters" in page
    assert "A colour as #RRGGBB" in page
    assert "not a PNG, JPEG, WebP, GIF or SVG image" in page


def test_the_graphics_page_puts_the_panel_under_the_score_for_operators(
    operator_client, client, coach, known_game
):
    html = operator_client.get("/games/ev-known/on-air/").content.decode()
    page = parse(html)
    assert page.find_all(id="scoreboard") and len(page.find_all(id="graphics-panel")) == 1
    # Right under the scoreboard, before the court.
    assert (
        html.index('id="scoreboard"') < html.index('id="graphics-panel"') < html.index('id="court"')
    )
    assert "on-air-page" in tagged(page, "body")[0].attrs["class"]
    client.force_login(coach)
    assert client.get("/games/ev-known/on-air/").status_code == 403
