"""After logging in each role lands on its own home, and a wrong page points the way back."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dashboard.models import CoachProfile
from dashboard.roles import COACH, OPERATOR, role_group
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-passphrase-2024"


@pytest.fixture
def operator() -> User:
    user = User.objects.create_user("olga", password=PASSWORD)
    user.groups.add(role_group(OPERATOR))
    return user


@pytest.fixture
def coach() -> User:
    user = User.objects.create_user("carl", password=PASSWORD)
    user.groups.add(role_group(COACH))
    CoachProfile.objects.create(user=user, team_id=101, team_name="Hawks")
    return user


@pytest.fixture
def staff() -> User:
    return User.objects.create_user("stan", password=PASSWORD, is_staff=True)


def log_in(username: str, next_page: str | None = None) -> tuple[Client, str]:
    """Log in through the form; the client and where the login sent it."""
    client = Client()
    data = {"username": username, "password": PASSWORD}
    if next_page is not None:
        data["next"] = next_page
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302, response.status_code
    return client, response["Location"]


def test_an_operator_lands_on_the_console(operator):
    assert log_in("olga")[1] == "/"


def test_a_coach_lands_on_the_coach_home(coach):
    assert log_in("carl")[1] == "/coach/"


def test_a_coach_sent_to_login_from_the_sites_address_lands_on_the_coach_home(coach):
    # Opening http://host/ sends an anonymous visitor to /accounts/login/?next=/
    client = Client()
    assert client.get("/")["Location"] == "/accounts/login/?next=/"
    assert log_in("carl", next_page="/")[1] == "/coach/"


def test_a_page_asked_for_still_wins_over_the_home(coach):
    assert log_in("carl", next_page="/coach/teams/101/")[1] == "/coach/teams/101/"


def test_staff_without_a_role_land_on_the_admin(staff):
    assert log_in("stan")[1] == "/admin/"


def test_staff_see_a_link_to_the_admin_and_operators_do_not(operator, staff):
    operator.is_staff = False
    operator.save()
    as_operator, _ = log_in("olga")
    assert parse(as_operator.get("/").content).find_all(href="/admin/") == []
    staff.groups.add(role_group(OPERATOR))
    as_staff, _ = log_in("stan")
    assert parse(as_staff.get("/").content).one(href="/admin/").text == "Admin"


def test_a_coach_on_the_console_gets_a_403_that_links_to_the_coach_home(coach):
    client, _ = log_in("carl")
    refused = client.get("/")
    assert refused.status_code == 403
    assert parse(refused.content).one(href="/coach/").text == "Go to your home page"
