"""The relay's HTTP surface: the games list, a game's state, and the notify callback."""

from __future__ import annotations

import pytest

from broadcast import groups
from broadcast.models import FeedEvent, Game, LiveSession, NotifyRegistration
from broadcast.state import forget

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
