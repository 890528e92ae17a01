"""Request signing against the emulator over real HTTP, by the gateway rules of DESIGN.md.

The gateway in front of ShotTracker (Kong's hmac-auth) reads ``x-date`` before ``date``,
refuses a date more than 300 s from its clock, answers 401 to a missing or invalid
signature, and keeps no replay cache: the same signed request is accepted again and
again inside the window, and refused once it has aged out of it.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from shottracker.client import ShotTrackerClient
from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Emulator
from shottracker.errors import Unauthorized
from shottracker.signing import authorization_header, http_date, signature, string_to_sign

PATH = "/v1/data/live/_search"


@pytest.fixture
async def gateway():
    async with Emulator(
        port=0, ws_port=0, games=0, loop_test=False, autostart_games=False
    ) as emulator:
        yield emulator


def host_of(emulator) -> str:
    return emulator.api_url.removeprefix("http://")


def signed(emulator, *, path: str = PATH, method: str = "GET", age_s: float = 0.0,
           username: str = MOCK_USERNAME, secret: str = MOCK_SECRET,
           host: str | None = None) -> dict[str, str]:  # fmt: skip
    """The headers of a request signed ``age_s`` seconds ago (negative: in the future)."""
    date = http_date(time.time() - age_s)
    auth = authorization_header(username, secret, method, path, date, host or host_of(emulator))
    return {"date": date, "Authorization": auth}


async def call(emulator, headers: dict[str, str], path: str = PATH, method: str = "GET"):
    async with httpx.AsyncClient(base_url=emulator.api_url) as client:
        return await client.request(method, path, headers=headers)


def refused_for(response: httpx.Response) -> str:
    assert response.status_code == 401, response.text
    body = response.json()
    assert set(body) == {"status", "message", "shottrackerRequestId"}
    return body["message"]


# HTTP dates have whole seconds: the boundaries are tested a second or two inside and out.
@pytest.mark.parametrize("age_s", [-298, -240, 0, 240, 298])
async def test_a_date_within_300_seconds_either_way_is_accepted(gateway, age_s):
    assert (await call(gateway, signed(gateway, age_s=age_s))).status_code == 200


@pytest.mark.parametrize("age_s", [-3600, -302, 302, 360, 86_400])
async def test_a_stale_date_is_refused(gateway, age_s):
    assert "stale date" in refused_for(await call(gateway, signed(gateway, age_s=age_s)))


async def test_a_replayed_request_is_accepted_again_and_again_inside_the_window(gateway):
    headers = signed(gateway)
    answers = [(await call(gateway, headers)).status_code for _ in range(3)]
    assert answers == [200, 200, 200]


async def test_a_request_replayed_after_it_aged_out_of_the_window_is_refused(gateway):
    captured = signed(gateway, age_s=298)
    assert (await call(gateway, captured)).status_code == 200
    await asyncio.sleep(3)  # the very same headers, now more than 300 s old
    assert "stale date" in refused_for(await call(gateway, captured))


async def test_a_signature_replayed_on_another_path_or_method_is_refused(gateway):
    headers = signed(gateway)
    other = await call(gateway, headers, path="/v1/data/teams")
    assert "signature mismatch" in refused_for(other)
    signed_as_post = signed(gateway, method="POST")
    assert "signature mismatch" in refused_for(await call(gateway, signed_as_post))


async def test_a_signature_for_another_host_is_refused(gateway):
    headers = signed(gateway, host="api.shottracker.com")
    assert "signature mismatch" in refused_for(await call(gateway, headers))


async def test_the_query_string_is_not_signed_so_it_may_change(gateway):
    headers = signed(gateway)
    assert (await call(gateway, headers, path=PATH + "?anything=1")).status_code == 200


async def test_x_date_is_read_before_date(gateway):
    fresh, stale = http_date(), http_date(time.time() - 900)
    host = host_of(gateway)

    def with_x_date(x_date: str, date: str) -> dict[str, str]:
        text = string_to_sign("GET", PATH, x_date, host).replace("date:", "x-date:", 1)
        sig = signature(MOCK_SECRET, text)
        auth = (f'hmac username="{MOCK_USERNAME}",algorithm="hmac-sha1",'
                f'headers="x-date host request-line",signature="{sig}"')  # fmt: skip
        return {"x-date": x_date, "date": date, "Authorization": auth}

    assert (await call(gateway, with_x_date(fresh, stale))).status_code == 200
    assert "stale date" in refused_for(await call(gateway, with_x_date(stale, fresh)))


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "missing signature"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "malformed signature"),
        ({"Authorization": 'hmac username="x"'}, "malformed signature"),
    ],
)
async def test_a_missing_or_malformed_signature_is_refused(gateway, headers, reason):
    assert reason in refused_for(await call(gateway, {"date": http_date(), **headers}))


async def test_an_unknown_user_a_wrong_secret_or_algorithm_is_refused(gateway):
    unknown = signed(gateway, username="somebody", secret=MOCK_SECRET)
    assert "unknown user" in refused_for(await call(gateway, unknown))
    wrong = signed(gateway, secret="not-the-secret")
    assert "signature mismatch" in refused_for(await call(gateway, wrong))
    md5 = signed(gateway)
    md5["Authorization"] = md5["Authorization"].replace("hmac-sha1", "hmac-md5")
    assert "unsupported algorithm" in refused_for(await call(gateway, md5))
    undated = signed(gateway)
    del undated["date"]
    assert "missing date" in refused_for(await call(gateway, undated))


async def test_hmac_sha256_is_accepted_too(gateway):
    date = http_date()
    auth = authorization_header(
        MOCK_USERNAME, MOCK_SECRET, "GET", PATH, date, host_of(gateway), "hmac-sha256"
    )
    assert (await call(gateway, {"date": date, "Authorization": auth})).status_code == 200


@pytest.mark.parametrize("offset_s", [-240, 240])
async def test_the_sdk_on_a_host_four_minutes_off_is_served(gateway, offset_s):
    async with ShotTrackerClient(
        gateway.api_url, MOCK_USERNAME, MOCK_SECRET, clock=lambda: time.time() + offset_s
    ) as client:
        assert list((await client.search_live()).live) == []


@pytest.mark.parametrize("offset_s", [-360, 360])
async def test_the_sdk_on_a_host_six_minutes_off_is_refused_with_the_reason(gateway, offset_s):
    async with ShotTrackerClient(
        gateway.api_url, MOCK_USERNAME, MOCK_SECRET, clock=lambda: time.time() + offset_s
    ) as client:
        with pytest.raises(Unauthorized, match="stale date"):
            await client.search_live()
