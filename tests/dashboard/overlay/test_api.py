"""The control API a crew's automation drives: bearer token, JSON in and out, no CSRF."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from dashboard.overlay.models import Output
from tests.dashboard.conftest import ANN, HAWKS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def output(known_game):
    return Output.objects.create(game=known_game, name="Program")


@pytest.fixture
def companion(output, memory_layer) -> Client:
    """A Stream Deck's HTTP module: no session, no CSRF cookie, the output's control token."""
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {output.control_token}")


def post(client: Client, output: Output, action: str, body=None, **extra):
    data = "" if body is None else json.dumps(body)
    return client.post(
        f"/api/outputs/{output.key}/{action}", data, content_type="application/json", **extra
    )


def test_the_state_names_every_layers_program_and_cue(companion, output):
    response = companion.get(f"/api/outputs/{output.key}")
    assert response.status_code == 200
    assert response.json() == {
        "name": "Program",
        "game_id": "ev-known",
        "version": 0,
        "layers": {layer: {"program": None, "cued": None} for layer in ("bug", "lower", "full")},
        "delay_ms": 0,
    }


def test_cue_then_take_airs_the_cue_and_answers_the_new_state(companion, output):
    cued = post(companion, output, "cue", {"graphic": "lower_third", "options": {"player": ANN}})
    assert cued.status_code == 200
    lower = {"graphic": "lower_third", "options": {"player": ANN}}
    assert cued.json()["layers"]["lower"] == {"program": None, "cued": lower}
    taken = post(companion, output, "take")  # no body: every cued layer (H2R's Run)
    assert taken.status_code == 200
    assert taken.json()["layers"]["lower"] == {"program": lower, "cued": None}
    output.refresh_from_db()
    assert output.program == {"lower": lower} and output.version == 2


def test_a_graphic_can_be_taken_directly_and_one_layer_cleared(companion, output):
    post(companion, output, "take", {"graphic": "scorebug"})
    post(companion, output, "take", {"layer": "full", "graphic": "box_score",
                                     "options": {"team": HAWKS}})  # fmt: skip
    cleared = post(companion, output, "clear", {"layer": "full"})
    layers = cleared.json()["layers"]
    assert layers["bug"]["program"] == {"graphic": "scorebug", "options": {}}
    assert layers["full"]["program"] is None
    assert post(companion, output, "clear").json()["layers"]["bug"]["program"] is None


def test_no_token_or_a_wrong_one_is_refused_and_changes_nothing(output, memory_layer):
    anonymous = Client(enforce_csrf_checks=True)
    response = post(anonymous, output, "take", {"graphic": "scorebug"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["error"]
    # The overlay key reads; it does not drive.
    keyed = Client(HTTP_AUTHORIZATION=f"Bearer {output.key}")
    assert post(keyed, output, "take", {"graphic": "scorebug"}).status_code == 401
    assert keyed.get(f"/api/outputs/{output.key}").status_code == 401
    output.refresh_from_db()
    assert (output.program, output.version) == ({}, 0)


def test_a_renewed_token_stops_the_old_one(companion, output, operator_client):
    operator_client.post(f"/games/ev-known/graphics/{output.pk}/token")
    response = post(companion, output, "take", {"graphic": "scorebug"})
    assert (response.status_code, response.json()["error"]) == (
        401, "This control token does not drive this output (renewed?).",
    )  # fmt: skip


def test_unknown_and_revoked_outputs_are_404(companion, output):
    assert companion.get("/api/outputs/no-such-key").status_code == 404
    Output.objects.filter(pk=output.pk).update(revoked=True)
    response = post(companion, output, "take", {"graphic": "scorebug"})
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ("not json", 400, "The body is not JSON."),
        ([1, 2], 400, 'The body is a JSON object: {"layer", "graphic", "options"}.'),
        ({"graphic": "scorebug", "colour": "red"}, 400,
         "Unknown field colour (layer, graphic, options)."),
        ({"graphic": "fireworks"}, 400, "there is no graphic called 'fireworks'"),
        ({"graphic": "lower_third"}, 400, "Lower third needs a player"),
        ({"graphic": "scorebug", "layer": "full"}, 400, "Scorebug does not go on the full layer"),
        ({"layer": "side"}, 400, "there is no layer called 'side' (bug, lower or full)"),
        ({"graphic": "lower_third", "options": "x"}, 400, "options is a JSON object."),
    ],
)  # fmt: skip
def test_a_body_that_cannot_be_gets_a_clear_json_error(companion, output, body, status, error):
    raw = body if isinstance(body, str) else json.dumps(body)
    response = companion.post(
        f"/api/outputs/{output.key}/cue", raw, content_type="application/json"
    )
    assert (response.status_code, response.json()) == (status, {"error": error})


def test_taking_with_nothing_cued_is_a_conflict(companion, output):
    response = post(companion, output, "take", {"layer": "lower"})
    assert (response.status_code, response.json()) == (
        409, {"error": "nothing is cued on the lower layer"},
    )  # fmt: skip


def test_the_wrong_method_is_405_in_json(companion, output):
    assert companion.get(f"/api/outputs/{output.key}/take").status_code == 405
    assert companion.post(f"/api/outputs/{output.key}").status_code == 405


def test_a_json_body_sent_as_a_form_is_read_as_json(companion, output):
    # What ``curl -d '{"layer": "lower"}'`` sends: JSON labelled as a form.
    post(companion, output, "cue", {"graphic": "lower_third", "options": {"player": ANN}})
    response = companion.post(
        f"/api/outputs/{output.key}/take", '{"layer": "lower"}',
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.json()["layers"]["lower"]["program"]["graphic"] == "lower_third"
