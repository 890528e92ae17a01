"""The relay's HTTP surface: the games list, a game's state, and the notify callback."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from broadcast import groups
from broadcast.models import FeedEvent, Game, LiveSession, NotifyRegistration
from broadcast.state import forget
from dashboard.models import CoachProfile
from dashboard.overlay.models import Output
from dashboard.roles import COACH, OPERATOR, ensure_role_groups

pytestmark = pytest.mark.django_db(transaction=True)

HOME = {
    "id": 1,
    "name": "Harbor Hawks",
    "players": [
        {
            "id": 11,
            "first_name": "Ann",
            "last_name": "Lee",
            "display_name": "Ann Lee",
            "jersey_number": "4",
            "position": "guard",
        }
    ],
}
AWAY = {
    "id": 2,
    "name": "Mesa Owls",
    "players": [
        {
            "id": 21,
            "first_name": "Bo",
            "last_name": "Kim",
            "display_name": "Bo Kim",
            "jersey_number": "9",
            "position": "center",
        }
    ],
}


def stats(version: int, player: int, team: int, values: dict, classification: str) -> dict:
    return {
        "type": "stats",
        "data": {
            "occurred_at": 1_000 + version,
            "team_id": team,
            "player_id": player,
            "stats": values,
            "classification": classification,
            "version": version,
        },
    }


@pytest.fixture
def finished_game():
    """A game whose log holds a roster, two baskets, a duplicate and a correction."""
    game = Game.objects.create(event_id="ev-1", name="Hawks vs Owls", teams=[HOME, AWAY])
    LiveSession.objects.create(game=game, live_id="live-h1", session_type="GAME_ROUND", period="H1")
    rows = [
        ("roster", {"teams": [HOME, AWAY]}, 1),
        ("stats", stats(1, 11, 1, {"FGA": 1, "FG": 1, "PTS": 2}, "TWO_POINT_MAKE"), 2),
        (
            "stats",
            stats(2, 21, 2, {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3}, "THREE_POINT_MAKE"),
            3,
        ),
        (
            "stats",
            stats(2, 21, 2, {"FGA": 1, "FG": 1, "FGA3": 1, "FG3": 1, "PTS": 3}, "THREE_POINT_MAKE"),
            None,
        ),  # a duplicate: stored, changed nothing
        ("stats", stats(3, 11, 1, {"FGA": 0, "FG": 0, "PTS": 0}, "DELETED_TWO_POINT_MAKE"), 4),
    ]
    for kind, payload, seq in rows:
        FeedEvent.objects.create(
            game=game, live_id="live-h1", kind=kind, received_ms=5, payload=payload, seq=seq
        )
    forget(game.event_id)
    yield game
    forget(game.event_id)


def user_with_role(django_user_model, name: str, role: str | None):
    ensure_role_groups()
    user = django_user_model.objects.create_user(name, password=f"pw-{name}-123")
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def client(client, django_user_model):
    """An operator's browser (operators may read every game)."""
    client.force_login(user_with_role(django_user_model, "olivia", OPERATOR))
    return client


@pytest.fixture
def anonymous(client):
    client.logout()
    return client


def coach_of(client, django_user_model, team_id: int):
    client.logout()
    coach = user_with_role(django_user_model, f"coach{team_id}", COACH)
    CoachProfile.objects.create(user=coach, team_id=team_id, team_name=f"Team {team_id}")
    client.force_login(coach)
    return client


@pytest.fixture
def other_game():
    return Game.objects.create(event_id="ev-2", name="Foxes vs Elks", teams=[
        {"id": 7, "name": "Foxes", "players": []}, {"id": 8, "name": "Elks", "players": []}
    ])  # fmt: skip


def test_the_state_of_a_game_is_replayed_from_its_log(client, finished_game):
    body = client.get("/api/games/ev-1/state").json()
    assert body["score"] == {"home": 0, "away": 3}
    assert body["seq"] == 4
    assert body["last_version"] == 3
    players = {p["id"]: p for team in body["teams"] for p in team["players"]}
    assert players[11]["stats"]["PTS"] == 0
    assert players[21]["stats"]["FG3"] == 1
    assert body["plays"][0]["classification"] == "DELETED_TWO_POINT_MAKE"


def test_rows_stored_after_a_first_look_show_up_in_the_next(client, finished_game):
    client.get("/api/games/ev-1/state")
    FeedEvent.objects.create(
        game=finished_game,
        live_id="live-h1",
        kind="stats",
        received_ms=9,
        seq=5,
        payload=stats(4, 11, 1, {"FGA": 1, "FG": 1, "PTS": 2}, "TWO_POINT_MAKE"),
    )
    assert client.get("/api/games/ev-1/state").json()["score"] == {"home": 2, "away": 3}


def test_an_unknown_game_is_404(client, finished_game):
    assert client.get("/api/games/nope/state").status_code == 404


def test_the_games_list_names_teams_sessions_and_status(client, finished_game):
    finished_game.summary = {
        "teams": [
            {"id": 1, "name": "Harbor Hawks", "score": 0},
            {"id": 2, "name": "Mesa Owls", "score": 3},
        ]
    }
    finished_game.status = Game.Status.FINAL
    finished_game.save()
    games = client.get("/api/games/").json()["games"]
    assert games == [
        {
            "id": "ev-1",
            "name": "Hawks vs Owls",
            "kind": "game",
            "status": "final",
            "period": None,
            "play_state": None,
            "live_ids": ["live-h1"],
            "teams": finished_game.summary["teams"],
            "score": {"home": 0, "away": 3},
            "connected": False,
            "updated_ms": None,
        }
    ]


@pytest.fixture
def registered_notify():
    return NotifyRegistration.objects.create(
        notify_id="n-1", url="http://testserver/hooks/shottracker/notify", api_url="http://api"
    )


def test_anonymous_readers_are_refused_with_403(anonymous, finished_game):
    for url in ("/api/games/", "/api/games/ev-1/state", "/api/games/nope/state"):
        response = anonymous.get(url)
        assert response.status_code == 403, url
        assert "operator" in response.json()["error"]


def test_a_signed_in_user_without_a_role_is_refused(anonymous, django_user_model, finished_game):
    anonymous.force_login(user_with_role(django_user_model, "nobody", None))
    assert anonymous.get("/api/games/ev-1/state").status_code == 403
    assert anonymous.get("/api/games/").status_code == 403


def test_a_coach_reads_the_games_of_the_own_team_only(
    client, django_user_model, finished_game, other_game
):
    coach = coach_of(client, django_user_model, team_id=2)
    assert coach.get("/api/games/ev-1/state").json()["score"] == {"home": 0, "away": 3}
    assert [g["id"] for g in coach.get("/api/games/").json()["games"]] == ["ev-1"]
    assert coach.get("/api/games/ev-2/state").status_code == 404


def test_a_coach_without_a_team_is_refused(anonymous, django_user_model, finished_game):
    anonymous.force_login(user_with_role(django_user_model, "teamless", COACH))
    assert anonymous.get("/api/games/ev-1/state").status_code == 403


def test_an_output_key_reads_its_own_game_only(anonymous, finished_game, other_game):
    output = Output.objects.create(game=finished_game, name="Program")
    body = anonymous.get(f"/api/games/ev-1/state?key={output.key}").json()
    assert body["score"] == {"home": 0, "away": 3}
    games = anonymous.get(f"/api/games/?key={output.key}").json()["games"]
    assert [g["id"] for g in games] == ["ev-1"]
    assert anonymous.get(f"/api/games/ev-2/state?key={output.key}").status_code == 404


def test_an_output_key_reads_the_game_without_the_relays_health(client, finished_game):
    output = Output.objects.create(game=finished_game, name="Program")
    finished_game.health = {"connected": True, "reconnects": 3}
    finished_game.save()

    by_key = Client().get(f"/api/games/ev-1/state?key={output.key}").json()
    by_operator = client.get("/api/games/ev-1/state").json()

    assert "health" not in by_key
    assert by_key["score"] == by_operator["score"] == {"home": 0, "away": 3}
    assert by_operator["health"]["reconnects"] == 3


def test_a_revoked_unknown_or_oversized_key_is_refused(anonymous, finished_game):
    output = Output.objects.create(game=finished_game, name="Program", revoked=True)
    for key in (output.key, "guess", "k" * 5000):
        assert anonymous.get(f"/api/games/ev-1/state?key={key}").status_code == 403


async def test_a_start_notification_asks_the_relay_to_attach(
    async_client, memory_layer, registered_notify
):
    channel = await memory_layer.new_channel()
    await groups.join_control(channel)
    response = await async_client.put(
        "/hooks/shottracker/notify?notify_id=n-1&action=LIVE&data=live-9&state=START"
    )
    assert response.status_code == 204
    assert await memory_layer.receive(channel) == {"type": "relay.attach", "live_id": "live-9"}


async def test_an_end_notification_asks_the_relay_to_finish(
    async_client, memory_layer, registered_notify
):
    channel = await memory_layer.new_channel()
    await groups.join_control(channel)
    response = await async_client.put(
        "/hooks/shottracker/notify?notify_id=n-1&action=LIVE&data=live-9&state=END"
    )
    assert response.status_code == 204
    assert await memory_layer.receive(channel) == {"type": "relay.finish", "live_id": "live-9"}


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("notify_id=other&action=LIVE&data=live-9&state=START", 403),
        ("action=LIVE&data=live-9&state=START", 403),
        ("notify_id=n-1&action=DEAD&data=live-9&state=START", 400),
        ("notify_id=n-1&action=LIVE&data=live-9&state=MAYBE", 400),
        ("notify_id=n-1&action=LIVE&data=&state=START", 400),
        ("notify_id=n-1&action=LIVE&data=a%20b%3Cscript%3E&state=START", 400),
    ],
)
async def test_malformed_or_unknown_notifications_are_refused(
    async_client, memory_layer, registered_notify, query, status
):
    response = await async_client.put(f"/hooks/shottracker/notify?{query}")
    assert response.status_code == status


async def test_the_notify_callback_only_takes_put(async_client, registered_notify):
    response = await async_client.get(
        "/hooks/shottracker/notify?notify_id=n-1&action=LIVE&data=live-9&state=START"
    )
    assert response.status_code == 405
