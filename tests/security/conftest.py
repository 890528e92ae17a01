"""Personas of the security tests: who asks (every role, and none), and what they ask about.

- ``anonymous``: nobody signed in; ``nobody``: signed in without a role;
- ``operator``; ``superuser`` (holds every role);
- ``coach``: the Hawks' coach; ``other_coach``: the coach of a team not in these games;
- ``key``: nobody signed in, holding the key of an output of the live game (``?key=``).

The data: the coach views' live game (Hawks vs Owls) and a Hawks practice, an output of
the game, and ShotTracker (the emulator, in its own process) for the views that ask it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import caches
from django.test import Client

from broadcast.models import Game
from broadcast.state import forget
from dashboard.coach import movement
from dashboard.models import CoachProfile
from dashboard.overlay.models import Output
from dashboard.roles import COACH, OPERATOR, ensure_role_groups
from tests.dashboard.coach.personas import HAWKS, make_live_game, make_practice
from tests.stack import ROOT

PERSONAS = ("anonymous", "nobody", "operator", "superuser", "coach", "other_coach", "key")
OTHER_TEAM = 999
# ShotTracker credentials of the security tests' own, unlike anything else a page could
# show: finding either in a page, a file or a socket message is a leak.
SHOTTRACKER_USERNAME = "st-user-4d1f0c9e7a"
SHOTTRACKER_SECRET = "st-secret-8a72b6e1c3f5"


@pytest.fixture(autouse=True)
def fresh_caches():
    """Coach figures and counted login failures start empty and end empty."""
    for alias in ("default", "login"):
        caches[alias].clear()
    yield
    for alias in ("default", "login"):
        caches[alias].clear()


@pytest.fixture(scope="session")
def shottracker_url() -> Iterator[str]:
    """The emulator as its own process (views that call ShotTracker run in worker threads)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "shottracker.emulator", "--port", "0", "--ws-port", "0",
         "--games", "1", "--speed", "4", "--location-hz", "2",
         "--credential", f"{SHOTTRACKER_USERNAME}:{SHOTTRACKER_SECRET}"],
        cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    url = None
    try:
        for line in process.stdout:
            if match := re.match(r"^REST API: (\S+)$", line.strip()):
                url = match.group(1)
                break
        assert url, "the emulator did not start"
        yield url
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()


@pytest.fixture(autouse=True)
def shottracker(settings, shottracker_url) -> str:
    """The views that call ShotTracker call the emulator, with the tests' own credentials."""
    settings.SHOTTRACKER_API_URL = shottracker_url
    settings.SHOTTRACKER_USERNAME = SHOTTRACKER_USERNAME
    settings.SHOTTRACKER_SECRET = SHOTTRACKER_SECRET
    return shottracker_url


def make_user(username: str, role: str | None = None, team: int | None = None, **extra) -> User:
    """A user with a role (and a coach's team); no password: tests sign in with force_login."""
    ensure_role_groups()
    user = User.objects.create_user(username, **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    if team is not None:
        CoachProfile.objects.create(user=user, team_id=team, team_name=f"Team {team}")
    return user


@dataclass
class World:
    """What the personas ask about."""

    game: Game
    practice: Game
    output: Output
    users: dict[str, User]

    @property
    def key(self) -> str:
        return self.output.key


@pytest.fixture
def world(db) -> Iterator[World]:
    game = make_live_game()
    practice = make_practice()
    output = Output.objects.create(
        game=game, name="Program", program={"bug": {"graphic": "scorebug", "options": {}}}
    )
    users = {
        "nobody": make_user("nobody"),
        "operator": make_user("olivia", OPERATOR),
        "superuser": make_user("root", is_superuser=True, is_staff=True),
        "coach": make_user("hawks-coach", COACH, HAWKS),
        "other_coach": make_user("foxes-coach", COACH, OTHER_TEAM),
    }
    for event_id in (game.event_id, practice.event_id):
        forget(event_id)
        movement.forget(event_id)
    yield World(game, practice, output, users)
    for event_id in (game.event_id, practice.event_id):
        forget(event_id)
        movement.forget(event_id)


def client_of(world: World, persona: str, **kwargs) -> Client:
    """A browser of a persona (the key persona adds its key to the URLs it asks for)."""
    client = Client(**kwargs)
    if persona in world.users:
        client.force_login(world.users[persona])
    return client


def with_key(url: str, key: str) -> str:
    return url + ("&" if "?" in url else "?") + f"key={key}"
