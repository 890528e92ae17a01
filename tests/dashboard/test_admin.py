"""Staff link a coach to a team in Django's admin, picking the team from the games seen."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from broadcast.models import Game
from dashboard.models import CoachProfile
from dashboard.roles import COACH, has_role
from tests.dashboard.conftest import HAWKS, HAWKS_ROSTER, OWLS_ROSTER
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db

ADD = "/admin/dashboard/coachprofile/add/"


@pytest.fixture
def staff_client(client):
    root = User.objects.create_superuser("root", "root@example.com", "x")
    client.force_login(root)
    return client


@pytest.fixture
def seen_games():
    Game.objects.create(event_id="ev-1", teams=[HAWKS_ROSTER, OWLS_ROSTER])
    Game.objects.create(event_id="ev-2", teams=[OWLS_ROSTER, {"id": 7, "name": "Bay Foxes"}])


def test_the_team_is_picked_from_the_teams_of_the_games_seen(staff_client, seen_games):
    page = parse(staff_client.get(ADD).content)

    options = [o.text for o in page.one(name="team").find_all(value=None) if o.attrs["value"]]
    assert options == ["Bay Foxes (7)", "Harbor Hawks (1)", "Mesa Owls (2)"]


def test_linking_a_coach_names_the_team_and_gives_the_coach_role(staff_client, seen_games):
    coach = User.objects.create_user("hank")

    response = staff_client.post(ADD, {"user": coach.pk, "team": str(HAWKS), "team_name": ""})

    assert response.status_code == 302
    profile = CoachProfile.objects.get(user=coach)
    assert (profile.team_id, profile.team_name) == (HAWKS, "Harbor Hawks")
    assert has_role(coach, COACH)


def test_a_team_no_game_has_shown_is_given_by_its_id(staff_client, seen_games):
    coach = User.objects.create_user("gail")

    staff_client.post(ADD, {"user": coach.pk, "team": "", "team_id": "9001",
                            "team_name": "Ridge Rams"})  # fmt: skip

    profile = CoachProfile.objects.get(user=coach)
    assert (profile.team_id, profile.team_name) == (9001, "Ridge Rams")


def test_a_coach_without_a_team_is_refused_with_a_reason(staff_client, seen_games):
    coach = User.objects.create_user("ned")

    response = staff_client.post(ADD, {"user": coach.pk, "team": "", "team_id": "",
                                       "team_name": ""})  # fmt: skip

    assert response.status_code == 200
    assert "Pick the coach&#x27;s team, or give its ShotTracker id." in response.content.decode()
    assert not CoachProfile.objects.filter(user=coach).exists()
