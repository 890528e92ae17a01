"""Every page sends the security headers, and its CSP allows exactly what the page runs.

The pages are the access matrix's, each asked by a persona that may open it. A page's
inline code must pass its own policy: executable inline scripts carry the response's
nonce, inline ``<style>`` elements and event handlers are allowed by hash, and nothing
uses ``style=`` attributes (which the policy does not allow). Chromium's verdict on the
same pages is in ``test_browser_csp.py``.
"""

from __future__ import annotations

import pytest

from courtside.security import source_hash
from tests.security.conftest import World, client_of
from tests.security.matrix import ALLOWED, PAGES, POLICIES, ask
from tests.security.pages import inline_code, policy

pytestmark = pytest.mark.django_db(transaction=True)

ASKER_PREFERENCE = ("operator", "coach", "key", "anonymous", "superuser")


def asker(route: str) -> str | None:
    """Who may open a page (the first of ASKER_PREFERENCE); None for POST-only routes."""
    _url, method, name = PAGES[route]
    if method != "GET":
        return None
    allowed = POLICIES[name]
    return next((p for p in ASKER_PREFERENCE if allowed.get(p) == ALLOWED), None)


READABLE = [route for route in PAGES if asker(route) is not None]
TEMPLATE = "overlay/<str:key>/template.html"  # the CasparCG / SPX-GC template


@pytest.mark.parametrize("route", READABLE)
def test_every_page_sends_the_security_headers(world: World, route: str):
    response = ask(world, asker(route), route)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in ("same-origin", "no-referrer")
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert any(source.startswith("'nonce-") for source in csp["script-src"])
    if route == TEMPLATE:
        # A CasparCG / SPX-GC template: SPX-GC frames it from its own origin.
        assert "X-Frame-Options" not in response and csp["frame-ancestors"] == ["*"]
        return
    assert response["X-Frame-Options"] in ("DENY", "SAMEORIGIN")
    # A page that may be framed by the console says so in both headers, and only then.
    framable = response["X-Frame-Options"] == "SAMEORIGIN"
    assert csp["frame-ancestors"] == (["'self'"] if framable else ["'none'"])


@pytest.mark.parametrize("route", READABLE)
def test_the_policy_allows_every_inline_script_and_style_of_the_page(world: World, route: str):
    response = ask(world, asker(route), route)
    if not response.get("Content-Type", "").startswith("text/html"):
        pytest.skip("not a page")
    csp = policy(response["Content-Security-Policy"])
    nonce = next(s for s in csp["script-src"] if s.startswith("'nonce-"))[7:-1]
    code = inline_code(response.content.decode())
    for attrs, text in code.executable_inline_scripts():
        assert attrs.get("nonce") == nonce, f"an inline script without the nonce: {text[:200]!r}"
    for attrs, _text in code.scripts:
        if "nonce" in attrs:
            assert attrs["nonce"] == nonce, "a script carries another response's nonce"
        if "src" in attrs:
            src = attrs["src"]
            if route == TEMPLATE:
                # The template names its server: it also runs as a file in CasparCG's folder.
                src = src.removeprefix("http://testserver")
            assert src.startswith("/") and not src.startswith("//"), (
                f"a script from elsewhere: {src}"
            )
    for text in code.styles:
        assert source_hash(text) in csp["style-src"], f"an inline style not allowed: {text!r}"
    for name, handler in code.handlers:
        assert "'unsafe-hashes'" in csp["script-src"]
        assert source_hash(handler) in csp["script-src"], f"{name}={handler!r} is not allowed"
    assert code.style_attributes == [], "style= attributes are refused by the policy"


def test_each_response_has_its_own_nonce_and_htmx_carries_it(operator_page):
    first, second = operator_page(), operator_page()
    nonces = []
    for response in (first, second):
        csp = policy(response["Content-Security-Policy"])
        nonce = next(s for s in csp["script-src"] if s.startswith("'nonce-"))[7:-1]
        htmx = [
            a
            for a, _ in inline_code(response.content.decode()).scripts
            if "htmx" in a.get("src", "")
        ]
        assert htmx and all(a.get("nonce") == nonce for a in htmx)
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    assert len(nonces[0]) >= 22  # at least 128 bits


def test_a_json_answer_gets_the_policy_too(world: World):
    response = ask(world, "operator", "api/games/<str:game_id>/state")
    assert response["Content-Type"] == "application/json"
    assert policy(response["Content-Security-Policy"])["default-src"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def operator_page(world: World):
    return lambda: ask(world, "operator", "games/<str:game_id>/")


def test_the_empty_page_of_a_wrong_output_key_keeps_its_transparent_style(world: World):
    response = client_of(world, "anonymous").get("/overlay/not-the-key/")
    assert response.status_code == 404
    csp = policy(response["Content-Security-Policy"])
    styles = inline_code(response.content.decode()).styles
    assert styles, "the empty page has no style to keep it transparent"
    assert all(source_hash(text) in csp["style-src"] for text in styles)
