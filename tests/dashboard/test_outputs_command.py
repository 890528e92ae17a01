"""``manage.py outputs``: a crew sets its outputs up by script and reads back JSON."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from dashboard.overlay.models import Output

pytestmark = pytest.mark.django_db


def run(*args: str) -> object:
    out = io.StringIO()
    call_command("outputs", *args, stdout=out)
    return json.loads(out.getvalue())


def test_create_prints_the_key_token_and_urls_of_a_new_output(known_game, settings):
    settings.COURTSIDE_PUBLIC_URL = "https://gfx.example.org"
    created = run("create", "ev-known", "--name", "Program")
    output = Output.objects.get(name="Program")
    assert (created["key"], created["control_token"]) == (output.key, output.control_token)
    assert created["overlay_url"] == f"https://gfx.example.org/overlay/{output.key}/"
    assert created["template_url"] == f"https://gfx.example.org/overlay/{output.key}/template.html"
    assert created["vmix_game_url"].endswith(f"/overlay/{output.key}/vmix/game.json")


def test_list_prints_the_outputs_that_still_air(known_game):
    first = run("create", "ev-known", "--name", "Program", "--base-url", "http://10.0.0.5:8000/")
    run("create", "ev-known", "--name", "Stadium")
    Output.objects.filter(name="Stadium").update(revoked=True)
    listed = run("list", "ev-known", "--base-url", "http://10.0.0.5:8000/")
    assert [o["key"] for o in listed] == [first["key"]]
    assert listed[0]["overlay_url"] == f"http://10.0.0.5:8000/overlay/{first['key']}/"


def test_an_unknown_game_is_an_error_not_an_empty_list(db):
    with pytest.raises(CommandError, match="no game 'nope'"):
        run("list", "nope")
