"""The REST client sends every endpoint signed and well-formed, and fails in typed, bounded ways."""

from __future__ import annotations

import asyncio
import itertools
import logging
import socket
from collections import deque
from collections.abc import Callable
from email.utils import parsedate_to_datetime

import httpx
import pytest

from shottracker import errors, resources, signing
from shottracker.client import ShotTrackerClient
from tests.shottracker import bodies

USERNAME = "2e4118d42e5011e6b4a4deecc6e6f587"
SECRET = "2d64b892e8d434100001"
NOW = 1_700_000_000.0


class Api:
    """A MockTransport handler: records every request, plays back queued answers."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: deque[httpx.Response | Exception] = deque()

    def answer(self, *answers: httpx.Response | Exception) -> None:
        self.answers.extend(answers)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.popleft() if self.answers else httpx.Response(204)
        if isinstance(answer, Exception):
            raise answer
        return answer


class Clock:
    """A clock that moves a second every time it is read, so every signature has its own date."""

    def __init__(self) -> None:
        self._ticks = itertools.count(NOW)

    def __call__(self) -> float:
        return next(self._ticks)


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
async def client(api: Api):
    async with ShotTrackerClient(
        "http://api.test:8080",
        USERNAME,
        SECRET,
        backoff=0,
        transport=httpx.MockTransport(api),
        clock=Clock(),
    ) as client:
        yield client


def signature_verdict(request: httpx.Request) -> signing.Verdict:
    """The verdict of the gateway's check, at the date the request says it was sent."""
    headers = {k.lower(): v for k, v in request.headers.items()}
    sent = parsedate_to_datetime(headers["date"]).timestamp()
    return signing.verify(
        request.method,
        request.url.raw_path.decode(),
        headers,
        {USERNAME: SECRET},
        now=sent,
    )


def path_of(request: httpx.Request) -> str:
    return request.url.raw_path.decode().split("?", 1)[0]


def error(status: int, message: str) -> httpx.Response:
    return httpx.Response(
        status, json={"status": status, "message": message, "shottrackerRequestId": "req-1"}
    )


GETS: list[tuple[str, Callable, str, list[tuple[str, str]], dict, type]] = [
    ("search_live", lambda c: c.search_live(), "/v1/data/live/_search", [], bodies.LIVE_SEARCH,
     resources.LiveSearch),
    ("live_info", lambda c: c.live_info("6141681d"), "/v1/data/live/6141681d", [],
     bodies.LIVE_INFO, resources.LiveInfo),
    ("subscribe", lambda c: c.subscribe("6141681d"), "/v1/data/live/6141681d/_subscribe", [],
     bodies.SUBSCRIPTION, resources.Subscription),
    ("subscribe to some types", lambda c: c.subscribe("test", ["STATS", "SHOTS", "LOCATIONS"]),
     "/v1/data/live/test/_subscribe", [("dt", "STATS"), ("dt", "SHOTS"), ("dt", "LOCATIONS")],
     bodies.SUBSCRIPTION, resources.Subscription),
    ("court", lambda c: c.court("test"), "/v1/data/live/test/court", [], bodies.COURT,
     resources.Court),
    ("live_stats", lambda c: c.live_stats("test"), "/v1/data/live/test/stats", [],
     bodies.LIVE_STATS, resources.LiveStats),
    ("live_stats_details", lambda c: c.live_stats_details("test"),
     "/v1/data/live/test/stats/details", [], bodies.STATS_DETAILS, resources.StatsDetails),
    ("live_shots", lambda c: c.live_shots("test"), "/v1/data/live/test/shots", [],
     bodies.LIVE_SHOTS, resources.LiveShots),
    ("list_notifies", lambda c: c.list_notifies(), "/v1/data/live/notify", [], bodies.NOTIFIES,
     resources.Notifies),
    ("locations", lambda c: c.locations(), "/v1/data/locations", [], bodies.LOCATIONS,
     resources.Locations),
    ("nearest_locations", lambda c: c.nearest_locations(38.9543, -95.2558, 25, "MILES"),
     "/v1/data/locations/nearest/latlong/38.9543/-95.2558", [("radius", "25"), ("unit", "MILES")],
     bodies.NEAREST_LOCATIONS, resources.NearestLocations),
    ("teams", lambda c: c.teams(), "/v1/data/teams", [], bodies.TEAMS, resources.Teams),
    ("team_events", lambda c: c.team_events(490, 1522540800000, 1525132800000),
     "/v1/data/teams/490/events", [("from", "1522540800000"), ("to", "1525132800000")],
     bodies.TEAM_EVENTS, resources.TeamEvents),
    ("catch_up", lambda c: c.catch_up("ev-1"),
     "/v1/data/stats/games/ev-1/stats,details,shots,possessions", [], bodies.CATCH_UP,
     resources.CatchUp),
    ("catch_up of some", lambda c: c.catch_up("ev-1", ["shots", "details"]),
     "/v1/data/stats/games/ev-1/shots,details", [], bodies.CATCH_UP, resources.CatchUp),
] + [
    (name, lambda c, name=name: getattr(c, name)(461, 1530403200000, 1531353600000),
     f"/v1/data/teams/461/players/{kind.replace('_', '/')}/{what}",
     [("from", "1530403200000"), ("to", "1531353600000")],
     bodies.TEAM_PLAYER_STATS if what == "stats" else bodies.TEAM_PLAYER_SHOTS,
     resources.TeamPlayerStats if what == "stats" else resources.TeamPlayerShots)
    for kind in ("practice", "practice_scrimmage", "practice_shooting", "game")
    for what in ("stats", "shots")
    for name in (f"{kind}_{what}",)
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "path", "query", "body", "kind"), GETS,
                         ids=[g[0] for g in GETS])  # fmt: skip
async def test_every_get_endpoint_is_signed_and_answers_a_typed_resource(
    api, client, name, call, path, query, body, kind
):
    api.answer(httpx.Response(200, json=body))

    result = await call(client)

    (request,) = api.requests
    assert (request.method, path_of(request)) == ("GET", path)
    assert request.url.params.multi_items() == query
    assert signature_verdict(request).ok
    assert result == kind.from_json(body)


PUTS: list[tuple[str, Callable, str, str, list[tuple[str, str]]]] = [
    ("mark_video", lambda c: c.mark_video("test", "vid-1", 1500571319432), "PUT",
     "/v1/data/live/test/video", [("id", "vid-1"), ("started_at", "1500571319432")]),
    ("mark_video now", lambda c: c.mark_video("test", "vid-1"), "PUT",
     "/v1/data/live/test/video", [("id", "vid-1")]),
    ("update_notify", lambda c: c.update_notify("abc-123", "https://me.test/hook?x=1"), "PUT",
     "/v1/data/live/notify/abc-123", [("url", "https://me.test/hook?x=1")]),
    ("enable_end_notify", lambda c: c.enable_end_notify("abc-123"), "PUT",
     "/v1/data/live/notify/abc-123/_enableEndNotify", []),
    ("disable_end_notify", lambda c: c.disable_end_notify("abc-123"), "PUT",
     "/v1/data/live/notify/abc-123/_disableEndNotify", []),
    ("delete_notify", lambda c: c.delete_notify("abc-123"), "DELETE",
     "/v1/data/live/notify/abc-123", []),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "method", "path", "query"), PUTS,
                         ids=[p[0] for p in PUTS])  # fmt: skip
async def test_every_change_is_signed_and_sent_once(api, client, name, call, method, path, query):
    api.answer(httpx.Response(204))

    assert await call(client) is None

    (request,) = api.requests
    assert (request.method, path_of(request)) == (method, path)
    assert request.url.params.multi_items() == query
    assert signature_verdict(request).ok


async def test_create_notify_returns_the_new_notify_id(api, client):
    api.answer(httpx.Response(204, headers={"X-ShotTracker-Notify-Id": "n-42"}))

    notify_id = await client.create_notify("https://relay.test/notify")

    (request,) = api.requests
    assert (request.method, path_of(request)) == ("PUT", "/v1/data/live/notify")
    assert request.url.params["url"] == "https://relay.test/notify"
    assert signature_verdict(request).ok
    assert notify_id == "n-42"


async def test_create_notify_without_the_id_header_is_malformed(api, client):
    api.answer(httpx.Response(204))

    with pytest.raises(errors.MalformedMessage, match="X-ShotTracker-Notify-Id"):
        await client.create_notify("https://relay.test/notify")


async def test_the_user_profile_is_asked_with_the_users_bearer_token(api, client):
    api.answer(httpx.Response(200, json=bodies.USER_PROFILE))

    profile = await client.user_profile("user-token-1")

    (request,) = api.requests
    assert path_of(request) == "/v1/data/user/profile"
    assert request.headers["authorization"] == "Bearer user-token-1"
    assert profile.first_name == "User First Name"


async def test_a_live_id_cannot_change_the_path(api, client):
    api.answer(httpx.Response(200, json=bodies.COURT))

    await client.court("../notify?x=1/y")

    (request,) = api.requests
    assert path_of(request) == "/v1/data/live/..%2Fnotify%3Fx%3D1%2Fy/court"
    assert request.url.params.multi_items() == []
    assert signature_verdict(request).ok


@pytest.mark.parametrize("live_id", ["", ".", ".."])
async def test_it_refuses_a_live_id_that_is_not_one(api, client, live_id):
    with pytest.raises(ValueError, match="not an id"):
        await client.live_stats(live_id)

    assert api.requests == []


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (lambda c: c.mark_video("test", "é" * 128), "255 bytes"),
        (lambda c: c.mark_video("test", ""), "255 bytes"),
        (lambda c: c.mark_video("test", "v", started_at=-1), "started_at"),
        (lambda c: c.subscribe("test", ["VIDEO"]), "data type"),
        (lambda c: c.nearest_locations(38.9, -95.2, 25, "FEET"), "unit"),
        (lambda c: c.nearest_locations(38.9, -95.2, 0, "MILES"), "radius"),
        (lambda c: c.nearest_locations(91, -95.2, 5, "MILES"), "latitude"),
        (lambda c: c.nearest_locations(38.9, float("nan"), 5, "MILES"), "longitude"),
        (lambda c: c.team_events(461, 1.5, 2), "from_ms"),
        (lambda c: c.game_stats(461, 1, None), "to_ms"),
        (lambda c: c.catch_up("ev-1", ["stats", "video"]), "resources"),
        (lambda c: c.catch_up("ev-1", []), "resources"),
        (lambda c: c.user_profile(""), "access token"),
    ],
)
async def test_it_refuses_bad_arguments_before_sending(api, client, call, reason):
    with pytest.raises(ValueError, match=reason):
        await call(client)

    assert api.requests == []


async def test_a_video_id_of_255_bytes_is_sent(api, client):
    await client.mark_video("test", "é" * 127 + "x")

    assert api.requests[0].url.params["id"] == "é" * 127 + "x"


@pytest.mark.parametrize(
    ("status", "message", "kind"),
    [
        (400, "The live id is no longer active", errors.BadRequest),
        (401, "Invalid signature", errors.Unauthorized),
        (403, "No access to LOCATIONS data", errors.Forbidden),
        (404, "Invalid id", errors.NotFound),
        (422, "Notify id not found", errors.Unprocessable),
        (500, "<General System Error Message>", errors.ServerError),
        (409, "Conflict", errors.APIError),
    ],
)
async def test_an_error_body_becomes_a_typed_error(api, client, status, message, kind):
    api.answer(error(status, message))

    with pytest.raises(kind) as caught:
        await client.update_notify("abc-123", "https://relay.test/")

    assert type(caught.value) is kind
    assert (caught.value.status, caught.value.message) == (status, message)
    assert caught.value.request_id == "req-1"


async def test_an_error_that_is_not_json_keeps_its_status(api, client):
    api.answer(httpx.Response(502, text="<html>Bad Gateway</html>"))

    with pytest.raises(errors.ServerError) as caught:
        await client.delete_notify("abc-123")

    assert caught.value.status == 502
    assert "Bad Gateway" in caught.value.message
    assert caught.value.request_id is None


async def test_a_success_that_is_not_json_is_malformed(api, client):
    api.answer(httpx.Response(200, text="<html>hello</html>"))

    with pytest.raises(errors.MalformedMessage, match="not JSON"):
        await client.teams()


async def test_a_success_of_the_wrong_shape_is_malformed(api, client):
    api.answer(httpx.Response(200, json={"teams": "all of them"}))

    with pytest.raises(errors.MalformedMessage, match="teams"):
        await client.live_info("test")


async def test_a_get_is_retried_on_5xx_with_a_fresh_date_each_time(api, client, caplog):
    api.answer(error(503, "busy"), error(500, "oops"), httpx.Response(200, json=bodies.TEAMS))

    with caplog.at_level(logging.WARNING, logger="shottracker.client"):
        teams = await client.teams()

    assert teams.teams[0].id == 46
    assert len(api.requests) == 3
    assert len({request.headers["date"] for request in api.requests}) == 3
    assert all(signature_verdict(request).ok for request in api.requests)
    retries = [r.getMessage() for r in caplog.records if r.name == "shottracker.client"]
    assert [message.split("; ")[1][:10] for message in retries] == [
        "retry 1 of",
        "retry 2 of",
    ]


async def test_a_get_is_retried_on_connect_errors(api, client):
    api.answer(
        httpx.ConnectError("refused"),
        httpx.ReadTimeout("slow"),
        httpx.Response(200, json=bodies.TEAMS),
    )

    await client.teams()

    assert len(api.requests) == 3


async def test_a_get_gives_up_after_its_retries_with_the_last_error(api, client):
    api.answer(*(error(503, f"busy {n}") for n in range(4)))

    with pytest.raises(errors.ServerError, match="busy 3"):
        await client.locations()

    assert len(api.requests) == 1 + client.retries


async def test_a_get_is_not_retried_on_4xx(api, client):
    api.answer(error(404, "Invalid id"), httpx.Response(200, json=bodies.LIVE_INFO))

    with pytest.raises(errors.NotFound):
        await client.live_info("nope")

    assert len(api.requests) == 1


async def test_a_put_is_not_retried_on_5xx(api, client):
    api.answer(
        error(500, "maybe done"), httpx.Response(204, headers={"X-ShotTracker-Notify-Id": "n"})
    )

    with pytest.raises(errors.ServerError):
        await client.create_notify("https://relay.test/notify")

    assert len(api.requests) == 1


async def test_a_put_is_retried_when_it_never_left(api, client):
    api.answer(
        httpx.ConnectError("refused"),
        httpx.Response(204, headers={"X-ShotTracker-Notify-Id": "n-1"}),
    )

    assert await client.create_notify("https://relay.test/notify") == "n-1"
    assert len(api.requests) == 2


async def test_a_delete_whose_answer_was_lost_is_not_repeated(api, client):
    api.answer(httpx.ReadTimeout("no answer"), httpx.Response(204))

    with pytest.raises(errors.Timeout):
        await client.delete_notify("abc-123")

    assert len(api.requests) == 1


async def test_retries_wait_longer_each_time(api, caplog):
    api.answer(*(error(503, "busy") for _ in range(4)))
    client = ShotTrackerClient(
        "http://api.test", USERNAME, SECRET, backoff=0.01, transport=httpx.MockTransport(api)
    )

    with (
        caplog.at_level(logging.WARNING, logger="shottracker.client"),
        pytest.raises(errors.ServerError),
    ):
        await client.teams()
    await client.aclose()

    retries = [r.getMessage() for r in caplog.records if r.name == "shottracker.client"]
    waits = [float(message.rsplit(" in ", 1)[1].split()[0]) for message in retries]
    assert len(waits) == 3
    for wait, base in zip(waits, (0.01, 0.02, 0.04), strict=True):
        assert base <= wait <= base * 1.25 + 0.005


@pytest.fixture
async def silent_server():
    """A real server that accepts connections and never answers."""
    connections = []

    async def hold(reader, writer):
        connections.append(writer)
        await reader.read()

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    for writer in connections:
        writer.close()
    server.close()
    await server.wait_closed()


async def test_an_answer_that_never_comes_is_a_timeout(silent_server):
    async with ShotTrackerClient(
        silent_server, USERNAME, SECRET, timeout=0.2, retries=1, backoff=0
    ) as client:
        with pytest.raises(errors.Timeout, match="timed out"):
            await client.teams()


async def test_a_server_that_is_not_there_is_a_transport_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # free, and nothing listens once closed

    async with ShotTrackerClient(
        f"http://127.0.0.1:{port}", USERNAME, SECRET, retries=1, backoff=0
    ) as client:
        with pytest.raises(errors.TransportError, match="ConnectError"):
            await client.teams()


async def test_a_closed_client_sends_nothing(api):
    async with ShotTrackerClient(
        "http://api.test", USERNAME, SECRET, transport=httpx.MockTransport(api)
    ) as client:
        pass

    with pytest.raises(RuntimeError):
        await client.teams()
    assert api.requests == []


async def test_on_reply_hears_each_good_answer_as_it_came_and_no_error(api, client):
    heard: list[tuple[str, str]] = []
    client.on_reply = lambda path, text, received_ms: heard.append((path, text))
    body = '{"teams": [],\n "extra": 1}'
    api.answer(
        httpx.Response(500, json={"message": "down"}),  # retried: not heard
        httpx.Response(200, text=body, headers={"Content-Type": "application/json"}),
        httpx.Response(404, json={"message": "Invalid id"}),
    )
    await client.live_stats("abc")
    with pytest.raises(errors.NotFound):
        await client.live_stats("gone")
    assert heard == [("/v1/data/live/abc/stats", body)]
