"""Personas for the coach view tests: coaches, an operator, a live game and a practice."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User

from broadcast.state import forget
from dashboard.models import CoachProfile
from dashboard.roles import COACH, OPERATOR, ensure_role_groups
from tests.dashboard.coach.personas import HAWKS, OWLS, make_practice


def _user(username: str, role: str | None, team: tuple[int, str] | None = None) -> User:
    ensure_role_groups()
    user = User.objects.create_user(username, password="pw-courtside")
    if role:
        user.groups.add(Group.objects.get(name=role))
    if team:
        CoachProfile.objects.create(user=user, team_id=team[0], team_name=team[1])
    return user


@pytest.fixture(autouse=True)
def coach_urls(settings):
    settings.ROOT_URLCONF = "tests.dashboard.coach.urls"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def hawks_coach(db) -> User:
    return _user("hawks-coach", COACH, (HAWKS, "Harbor Hawks"))


@pytest.fixture
def owls_coach(db) -> User:
    return _user("owls-coach", COACH, (OWLS, "Mesa Owls"))


@pytest.fixture
def operator(db) -> User:
    return _user("operator-1", OPERATOR)


@pytest.fixture
def coach_client(client, hawks_coach):
    client.force_login(hawks_coach)
    return client


@pytest.fixture
def practice(db):
    game = make_practice()
    forget(game.event_id)
    yield game
    forget(game.event_id)
