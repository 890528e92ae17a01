"""HMAC signing as the spec shows it, and verification as the API's gateway does it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import subprocess
from urllib.parse import quote

import httpx
import pytest

from shottracker import signing

USERNAME = "2e4118d42e5011e6b4a4deecc6e6f587"
SECRET = "2d64b892e8d434100001"
SECRETS = {USERNAME: SECRET}
HOST = "mockapi.shottracker.com:8080"
NOW = 1_700_000_000.0


def openssl_signature(text: str, secret: str = SECRET) -> str:
    """The spec's HMAC-SHA1 + base64, computed by openssl, not by our module."""
    result = subprocess.run(
        ["sh", "-c", 'openssl dgst -sha1 -hmac "$SECRET" -binary | base64'],
        input=text.encode(),
        capture_output=True,
        check=True,
        env={"SECRET": secret, "PATH": "/usr/bin:/bin"},
    )
    return result.stdout.decode().strip()


def signed_headers(
    method: str = "GET",
    path: str = "/v1/data/live/_search",
    *,
    date: str | None = None,
    algorithm: str = "hmac-sha1",
    username: str = USERNAME,
    secret: str = SECRET,
) -> dict[str, str]:
    date = date or signing.http_date(NOW)
    return {
        "host": HOST,
        "date": date,
        "authorization": signing.authorization_header(
            username, secret, method, path, date, HOST, algorithm
        ),
    }


def test_the_signature_matches_openssl_over_the_spec_string():
    date = "Tue, 14 Nov 2023 22:13:20 GMT"
    by_hand = f"date: {date}\nhost: {HOST}\nGET /v1/data/live/_search HTTP/1.1"

    text = signing.string_to_sign("GET", "/v1/data/live/_search?dt=STATS", date, HOST)

    assert text == by_hand
    assert signing.signature(SECRET, text) == openssl_signature(by_hand)


def test_the_authorization_header_has_the_spec_layout():
    date = signing.http_date(NOW)
    value = signing.authorization_header(USERNAME, SECRET, "GET", "/v1/data/teams", date, HOST)

    expected = openssl_signature(f"date: {date}\nhost: {HOST}\nGET /v1/data/teams HTTP/1.1")
    assert value == (
        f'hmac username="{USERNAME}",algorithm="hmac-sha1",'
        f'headers="date host request-line",signature="{expected}"'
    )


def test_hmac_auth_signs_what_goes_on_the_wire():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    auth = signing.HmacAuth(USERNAME, SECRET, clock=lambda: NOW)
    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client:
        client.get(f"http://{HOST}/v1/data/live/{quote('a b?c', safe='')}/_subscribe?dt=SHOTS")

    request = seen[0]
    date = request.headers["date"]
    assert date == "Tue, 14 Nov 2023 22:13:20 GMT"
    line = "GET /v1/data/live/a%20b%3Fc/_subscribe HTTP/1.1"
    signature = openssl_signature(f"date: {date}\nhost: {HOST}\n{line}")
    assert f'signature="{signature}"' in request.headers["authorization"]


def test_hmac_auth_puts_a_fresh_date_on_every_attempt():
    times = iter([NOW, NOW + 61])
    auth = signing.HmacAuth(USERNAME, SECRET, clock=lambda: next(times))
    request = httpx.Request("GET", f"http://{HOST}/v1/data/teams")

    first = next(auth.auth_flow(request)).headers.copy()
    second = next(auth.auth_flow(request)).headers.copy()

    assert first["date"] != second["date"]
    assert first["authorization"] != second["authorization"]
    later = dict(second.items())
    assert signing.verify("GET", "/v1/data/teams", later, SECRETS, now=NOW + 61).ok


def test_it_accepts_a_request_signed_as_the_spec_shows():
    verdict = signing.verify("GET", "/v1/data/live/_search", signed_headers(), SECRETS, now=NOW)

    assert verdict == signing.Verdict(True, "", USERNAME)


def test_it_ignores_the_query_string_in_the_request_line():
    headers = signed_headers(path="/v1/data/teams/461/events")

    verdict = signing.verify(
        "GET", "/v1/data/teams/461/events?from=1&to=2", headers, SECRETS, now=NOW
    )

    assert verdict.ok


@pytest.mark.parametrize("algorithm", ["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"])
def test_it_accepts_every_algorithm_the_gateway_knows(algorithm):
    headers = signed_headers(algorithm=algorithm)

    assert signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW).ok


def test_it_refuses_an_unsupported_algorithm():
    headers = signed_headers()
    date = headers["date"]
    text = f"date: {date}\nhost: {HOST}\nGET /v1/data/live/_search HTTP/1.1"
    mac = base64.b64encode(hmac.new(SECRET.encode(), text.encode(), hashlib.md5).digest())
    headers["authorization"] = (
        f'hmac username="{USERNAME}",algorithm="hmac-md5",'
        f'headers="date host request-line",signature="{mac.decode()}"'
    )

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict.reason == "unsupported algorithm"


@pytest.mark.parametrize("skew", [-300, 300])
def test_it_allows_a_clock_skew_of_300_seconds_either_way(skew):
    headers = signed_headers(date=signing.http_date(NOW + skew))

    assert signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW).ok


@pytest.mark.parametrize("skew", [-301, 301])
def test_it_rejects_a_stale_date(skew):
    headers = signed_headers(date=signing.http_date(NOW + skew))

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict == signing.Verdict(False, "stale date", USERNAME)


def x_date_headers(x_date: str, date: str) -> dict[str, str]:
    """A request signed over x-date (as browsers must, being unable to set date)."""
    text = f"x-date: {x_date}\nhost: {HOST}\nGET /v1/data/teams HTTP/1.1"
    return {
        "host": HOST,
        "date": date,
        "x-date": x_date,
        "authorization": f'hmac username="{USERNAME}",algorithm="hmac-sha1",'
        f'headers="x-date host request-line",signature="{openssl_signature(text)}"',
    }


def test_it_reads_x_date_before_date():
    fresh, stale = signing.http_date(NOW), signing.http_date(NOW - 3600)

    assert signing.verify(
        "GET", "/v1/data/teams", x_date_headers(fresh, stale), SECRETS, now=NOW
    ).ok
    refused = signing.verify(
        "GET", "/v1/data/teams", x_date_headers(stale, fresh), SECRETS, now=NOW
    )
    assert refused.reason == "stale date"


def test_it_accepts_a_replayed_request_inside_the_window():
    headers = signed_headers()

    first = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)
    replay = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW + 120)

    assert first.ok and replay.ok


def test_it_refuses_a_request_without_a_signature():
    headers = signed_headers()
    del headers["authorization"]

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict == signing.Verdict(False, "missing signature")


@pytest.mark.parametrize(
    "value",
    ["Basic dXNlcjpwYXNz", "hmac", 'hmac username="x",algorithm="hmac-sha1"'],
    ids=["another scheme", "no parameters", "no signature"],
)
def test_it_refuses_a_malformed_signature(value):
    headers = {**signed_headers(), "authorization": value}

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict.reason == "malformed signature"


def test_it_refuses_an_unknown_user():
    headers = signed_headers(username="someone-else")

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict == signing.Verdict(False, "unknown user", "someone-else")


def test_it_refuses_a_request_without_a_date():
    headers = signed_headers()
    del headers["date"]

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict.reason == "missing date"


def test_it_refuses_a_date_it_cannot_read():
    headers = signed_headers(date="yesterday at noon")

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict.reason == "bad date"


def test_it_reads_a_date_without_a_zone_as_utc():
    headers = signed_headers(date="Tue, 14 Nov 2023 22:13:20 -0000")

    assert signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW).ok


@pytest.mark.parametrize(
    ("method", "path", "secret"),
    [
        ("GET", "/v1/data/live/other/_subscribe", SECRET),
        ("DELETE", "/v1/data/live/_search", SECRET),
        ("GET", "/v1/data/live/_search", "not-the-secret"),
    ],
    ids=["another path", "another method", "another secret"],
)
def test_it_refuses_a_signature_that_does_not_match(method, path, secret):
    headers = signed_headers(secret=secret)

    verdict = signing.verify(method, path, headers, SECRETS, now=NOW)

    assert verdict == signing.Verdict(False, "signature mismatch", USERNAME)


def test_it_refuses_a_signature_over_headers_the_request_lacks():
    headers = signed_headers()
    headers["authorization"] = headers["authorization"].replace(
        'headers="date host request-line"', 'headers="date host x-custom request-line"'
    )

    verdict = signing.verify("GET", "/v1/data/live/_search", headers, SECRETS, now=NOW)

    assert verdict.reason == "unsigned headers"
