"""One zone tally: the console, the coach's live view and the overlay count a game's zones alike."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User

from broadcast.game import zone_totals
from broadcast.game.shots import ShotRecord
from broadcast.models import Game
from broadcast.state import game_state
from dashboard import vocabulary
from dashboard.models import CoachProfile
from dashboard.overlay import graphics
from dashboard.roles import COACH, OPERATOR, ensure_role_groups
from tests.dashboard.coach.personas import HAWKS
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db
TITLE = re.compile(r": (\d+)/(\d+)")  # a zone's tooltip: "Restricted area: 2/2 (100%)"


def _user(username: str, role: str) -> User:
    ensure_role_groups()
    user = User.objects.create_user(username, password="pw-courtside-1")
    user.groups.add(Group.objects.get(name=role))
    return user


def _zones_of(svg) -> dict[int, tuple[int, int]]:
    """(made, attempted) per zone, read from each zone polygon's tooltip."""
    out = {}
    for polygon in (e for e in svg.elements() if e.tag == "polygon" and "data-zone" in e.attrs):
        made, attempted = TITLE.search(polygon.text).groups()
        out[int(polygon.attrs["data-zone"])] = (int(made), int(attempted))
    return out


def test_console_coach_and_overlay_show_the_same_zone_numbers(client, live_game):
    operator, coach = _user("olivia", OPERATOR), _user("carl", COACH)
    CoachProfile.objects.create(user=coach, team_id=HAWKS, team_name="Harbor Hawks")
    snapshot, _ = game_state(Game.objects.get(pk=live_game.pk))
    records = (ShotRecord(**{k: v for k, v in s.items() if k != "id"}) for s in snapshot["shots"])
    totals = zone_totals(records, team_id=HAWKS)
    expected = {zone: (cell["fg"], cell["fga"]) for zone, cell in totals.items()}
    assert expected[1] == (2, 2) and expected[12] == (0, 1)

    client.force_login(operator)
    console = parse(client.get(f"/games/{live_game.event_id}/").content.decode())
    chart = console.one(id="shotchart")
    assert chart.attrs["data-team"] == str(HAWKS)
    seen_console = _zones_of(chart)
    console_pct = {
        int(label.attrs["data-zone-label"]): label.first_class("zl-pct").text
        for label in chart.find_all(data_zone_label=None)
    }

    overlay = graphics.graphic_data("shot_chart", {"team": HAWKS}, snapshot)
    seen_overlay = {int(z): (cell["fg"], cell["fga"]) for z, cell in overlay["zones"].items()}

    client.force_login(coach)
    coach_page = parse(
        client.get(f"/coach/teams/{HAWKS}/games/{live_game.event_id}/").content.decode()
    )
    zone_chart = coach_page.first_class("c-zonechart")
    seen_coach = _zones_of(zone_chart)
    coach_pct = [text.text for text in zone_chart.by_class("c-zone-pct")]

    assert seen_console == expected
    assert seen_overlay == expected
    assert seen_coach == expected
    # And a zone's FG% reads the same on both charts (the vocabulary's zone_pct).
    assert console_pct[1] == vocabulary.zone_pct(totals[1]["pct"]) == "100%"
    assert "100%" in coach_pct and console_pct[12] == "0%" and "0%" in coach_pct
