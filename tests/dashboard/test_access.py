"""Operator pages need a login, and the operator role; the login page is the console's own."""

from __future__ import annotations

import pytest

from dashboard.roles import ensure_demo_operator
from tests.dashboard.html import parse

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/games/list",
    "/games/ev-known/",
    "/games/ev-known/boxscore",
    "/games/ev-known/plays",
    "/games/ev-known/shots",
    "/discover/live",
    "/discover/locations",
    "/discover/nearest?lat=1&lon=2",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(client, known_game, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_an_htmx_panel_sends_the_whole_page_to_the_login(client, known_game):
    response = client.get(
        "/games/ev-known/plays",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/games/ev-known/"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/games/ev-known/"


@pytest.mark.parametrize("url", PAGES)
def test_a_user_without_the_operator_role_gets_403(client, coach, known_game, url):
    client.force_login(coach)
    response = client.get(url)
    assert response.status_code == 403
    assert b"Your account may not open this page" in response.content


@pytest.mark.parametrize("url", ["/games/attach", "/games/ev-known/video"], ids=["attach", "video"])
def test_actions_refuse_users_without_the_operator_role(client, coach, known_game, url):
    client.force_login(coach)
    assert client.post(url, {"live_id": "live-h1", "video_id": "v"}).status_code == 403


def test_the_login_page_is_styled_and_logs_the_demo_operator_in(client):
    username, password = ensure_demo_operator()
    page = client.get("/accounts/login/?next=/")
    assert page.status_code == 200
    tree = parse(page.content)
    assert tree.find_all(href="/static/css/console.css")
    assert tree.find_all(name="username") and tree.find_all(name="password")
    response = client.post(
        "/accounts/login/", {"username": username, "password": password, "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_on_the_login_page(client):
    ensure_demo_operator()
    response = client.post("/accounts/login/", {"username": "operator", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match an account" in response.content


def test_logging_out_leads_back_to_the_login(operator_client):
    response = operator_client.post("/accounts/logout/", {"next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert operator_client.get("/").status_code == 302
