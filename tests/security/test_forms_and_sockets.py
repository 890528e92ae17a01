"""Forms need their CSRF token, sockets their own origin, and logins are rate-limited."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User
from django.core.cache import caches
from django.test import Client

from courtside.asgi import application
from tests.security.conftest import World, client_of
from tests.security.matrix import FORMS, PAGES

pytestmark = pytest.mark.django_db(transaction=True)

# Session POSTs are CSRF-checked; the control API takes no session, only its bearer token.
POSTS = [
    route
    for route, (_url, method, policy) in PAGES.items()
    if method == "POST" and policy != "CONTROL_TOKEN"
]
API_ROUTES = [route for route, (_url, method, policy) in PAGES.items() if policy == "CONTROL_TOKEN"]


@pytest.mark.parametrize("route", POSTS)
def test_a_post_without_its_csrf_token_is_403(world: World, route: str):
    url = PAGES[route][0].format(output=world.output.pk, key=world.key)
    checked = client_of(world, "operator", enforce_csrf_checks=True)
    refused = checked.post(url, FORMS.get(route, {}))
    assert refused.status_code == 403
    assert b"CSRF" in refused.content


@pytest.mark.parametrize("route", API_ROUTES)
def test_the_control_api_answers_its_token_not_a_session_or_csrf(world: World, route: str):
    url, method, _policy = PAGES[route]
    url = url.format(key=world.key)
    # An operator's session with its CSRF token does not drive an output.
    session = client_of(world, "operator", enforce_csrf_checks=True)
    session.get("/")
    csrf = {"X-CSRFToken": session.cookies["csrftoken"].value}
    assert session.generic(method, url, "{}", "application/json", headers=csrf).status_code == 401
    # The control token does, with no session and no CSRF token.
    bearer = {"Authorization": f"Bearer {world.output.control_token}"}
    response = Client(enforce_csrf_checks=True).generic(
        method, url, "{}", "application/json", headers=bearer
    )
    assert response.status_code in (200, 409)  # 409: a take with nothing cued


@pytest.mark.parametrize("route", POSTS)
def test_the_same_post_with_its_token_gets_through(world: World, route: str):
    url = PAGES[route][0].format(output=world.output.pk, key=world.key)
    checked = client_of(world, "operator", enforce_csrf_checks=True)
    checked.get("/")  # the console page sets the CSRF cookie
    token = checked.cookies["csrftoken"].value
    response = checked.post(url, FORMS.get(route, {}), headers={"X-CSRFToken": token})
    assert response.status_code != 403


def test_the_login_form_needs_its_csrf_token_too(world: World):
    checked = Client(enforce_csrf_checks=True)
    response = checked.post("/accounts/login/", {"username": "olivia", "password": "x"})
    assert response.status_code == 403


def test_there_is_no_password_reset_by_email_to_abuse(world: World):
    # Courtside sends no email: a reset form would fail or leak which addresses exist.
    anonymous = Client()
    for url in ("/accounts/password_reset/", "/accounts/reset/MQ/set-password/"):
        assert anonymous.get(url).status_code == 404
    response = anonymous.post("/accounts/password_reset/", {"email": "x@example.com"})
    assert response.status_code == 404


def test_shottrackers_notify_callback_is_the_one_form_without_csrf(world: World):
    # ShotTracker cannot hold our CSRF token: the notify id is its credential instead.
    checked = Client(enforce_csrf_checks=True)
    response = checked.put(
        "/hooks/shottracker/notify?notify_id=nope&action=LIVE&data=x&state=START"
    )
    assert response.status_code == 403
    assert response.json() == {"error": "unknown notify id"}


# -- websocket origins -------------------------------------------------------------------


async def open_socket(world: World, origin: bytes | None) -> dict:
    from asgiref.sync import sync_to_async

    client = await sync_to_async(client_of)(world, "operator")
    headers = [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]
    if origin is not None:
        headers.append((b"origin", origin))
    socket = WebsocketCommunicator(application, f"/ws/games/{world.game.event_id}/", headers)
    connected, code = await socket.connect(timeout=5)
    first = await socket.receive_output(timeout=5) if connected else {"code": code}
    await socket.disconnect()
    return {"connected": connected, **first}


@pytest.mark.parametrize(
    "origin",
    [b"http://evil.example", b"http://testserver.evil.example", b"null", None],
    ids=["foreign", "look-alike", "null", "none"],
)
async def test_a_socket_from_a_foreign_origin_is_refused(world, memory_layer, origin):
    answer = await open_socket(world, origin)
    assert answer["connected"] is False


async def test_a_socket_from_its_own_origin_opens(world, memory_layer):
    answer = await open_socket(world, b"http://testserver")
    assert answer["connected"] is True
    assert answer["type"] == "websocket.send"


# -- login attempts --------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.COURTSIDE_LOGIN_FAILURES_PER_USERNAME = 3
    settings.COURTSIDE_LOGIN_FAILURES_PER_ADDRESS = 5
    settings.COURTSIDE_LOGIN_WINDOW_S = 600


@pytest.fixture
def olivia(db) -> User:
    return User.objects.create_user("olivia", password="the-right-one-2024")


def log_in(password: str, username: str = "olivia", address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def test_a_username_is_locked_after_its_failures_even_with_the_right_password(limits, olivia):
    for _ in range(3):
        assert log_in("wrong").status_code == 200
    refused = log_in("the-right-one-2024")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert b"Too many failed logins" in refused.content
    assert "_auth_user_id" not in refused.wsgi_request.session
    # From another address too: the lock is on the account.
    assert log_in("the-right-one-2024", address="10.0.0.2").status_code == 429


def test_an_address_is_locked_after_failures_on_many_usernames(limits, olivia):
    for n in range(5):
        log_in("guess", username=f"user{n}")
    assert log_in("the-right-one-2024").status_code == 429
    assert log_in("the-right-one-2024", address="10.0.0.9").status_code == 302


def test_the_lock_ends_with_its_window(limits, olivia):
    for _ in range(3):
        log_in("wrong")
    assert log_in("the-right-one-2024").status_code == 429
    caches["login"].clear()  # the window's counters expire (cache timeout)
    assert log_in("the-right-one-2024").status_code == 302


def test_a_good_login_clears_the_usernames_failures(limits, olivia):
    log_in("wrong")
    log_in("wrong")
    assert log_in("the-right-one-2024").status_code == 302
    log_in("wrong")
    log_in("wrong")
    assert log_in("the-right-one-2024").status_code == 302


def test_usernames_are_counted_whatever_their_case(limits, olivia):
    for name in ("olivia", "OLIVIA", " Olivia "):
        log_in("wrong", username=name)
    assert log_in("the-right-one-2024").status_code == 429


def test_a_failing_login_cache_lets_people_in_and_says_so(limits, olivia, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("the login cache (Redis) is down")

    cache = caches["login"]
    for name in ("get_many", "add", "incr", "delete"):
        monkeypatch.setattr(cache, name, down)
    for _ in range(4):
        assert log_in("wrong").status_code == 200
    assert log_in("the-right-one-2024").status_code == 302
    assert "the login cache failed" in caplog.text


# -- login attempts behind a TLS proxy -------------------------------------------------------

PROXY = "10.9.9.9"  # every request reaches the web process from the proxy's address


def log_in_through_proxy(password: str, forwarded_for: str, username: str = "olivia"):
    """A login as the proxy passes it on: its own address as the peer, the client's appended."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/accounts/login/", {"username": username, "password": password}
    )


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(limits, olivia, settings):
    settings.COURTSIDE_TRUSTED_PROXIES = 1
    for n in range(5):
        log_in_through_proxy("guess", "203.0.113.7", username=f"user{n}")
    assert log_in_through_proxy("the-right-one-2024", "203.0.113.7").status_code == 429
    assert log_in_through_proxy("the-right-one-2024", "198.51.100.4").status_code == 302


def test_a_client_cannot_escape_its_limit_by_forging_forwarded_for(limits, olivia, settings):
    settings.COURTSIDE_TRUSTED_PROXIES = 1
    # The client writes its own X-Forwarded-For; the proxy appends the address it saw.
    for n in range(5):
        log_in_through_proxy("guess", f"192.0.2.{n}, 203.0.113.7", username=f"user{n}")
    forged = log_in_through_proxy("the-right-one-2024", "192.0.2.200, 203.0.113.7")
    assert forged.status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_not_believed(limits, olivia, settings):
    settings.COURTSIDE_TRUSTED_PROXIES = 0
    for n in range(5):
        log_in_through_proxy("guess", f"192.0.2.{n}", username=f"user{n}")
    assert log_in_through_proxy("the-right-one-2024", "198.51.100.4").status_code == 429


def test_behind_a_proxy_the_username_limit_still_holds_across_clients(limits, olivia, settings):
    settings.COURTSIDE_TRUSTED_PROXIES = 1
    for n in range(3):
        log_in_through_proxy("wrong", f"203.0.113.{n}")
    assert log_in_through_proxy("the-right-one-2024", "198.51.100.4").status_code == 429
