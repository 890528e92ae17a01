"""Staff-set team identity feeds the one vocabulary: every face shows the same code and colour."""

from __future__ import annotations

import asyncio
import json

import pytest

from dashboard import identity, vocabulary
from dashboard.models import TeamIdentity
from tests.dashboard.conftest import HAWKS, OWLS
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db


def test_the_console_page_hands_the_browser_the_staff_set_identity(operator_client, known_game):
    TeamIdentity.objects.create(team_id=HAWKS, abbreviation="HWK", primary_colour="#123456")
    identity.refresh()
    page = parse(operator_client.get("/games/ev-known/").content.decode())
    teams = json.loads(page.find_all(id="vocabulary")[0].text)["teams"]
    hawks = next(team for team in teams if team["id"] == HAWKS)
    assert (hawks["abbr"], hawks["colour"]) == ("HWK", "#123456")
    owls = next(team for team in teams if team["id"] == OWLS)
    assert owls["abbr"] == "MES" and owls["colour"] != "#123456"


def test_a_default_colour_never_matches_the_colour_staff_gave_the_other_team(db):
    teams = [{"id": HAWKS, "name": "Harbor Hawks"}, {"id": OWLS, "name": "Mesa Owls"}]
    owls_default = vocabulary.team_identities(teams)[1]["colour"]
    TeamIdentity.objects.create(team_id=HAWKS, primary_colour=owls_default)
    identity.refresh()
    home, away = vocabulary.team_identities(teams)
    assert home["colour"] == owls_default and away["colour"] != owls_default


@pytest.mark.django_db(transaction=True)  # the read on a thread has its own connection
def test_inside_the_event_loop_what_was_read_last_is_used_and_a_read_starts_on_a_thread():
    TeamIdentity.objects.create(team_id=HAWKS, abbreviation="HWK")
    identity.forget()

    async def in_the_loop() -> tuple[dict, dict]:
        first = dict(identity.overrides())  # no database call here: nothing read yet
        await asyncio.gather(*identity._reading)
        return first, dict(identity.overrides())

    first, later = asyncio.run(in_the_loop())
    assert first == {} and later[HAWKS]["abbr"] == "HWK"
