"""Who may call the emulator: HMAC as the gateway checks it, credentials with data types."""

from __future__ import annotations

import time

import httpx
import pytest

from shottracker.emulator import MOCK_SECRET, MOCK_USERNAME, Credential
from shottracker.emulator.security import parse_credentials
from shottracker.signing import HmacAuth, authorization_header, http_date

from .conftest import make_emulator


async def test_a_request_signed_with_the_mock_credentials_is_served(api):
    assert (await api.get("/v1/data/live/_search")).status_code == 200


async def test_an_unsigned_request_is_401_in_the_spec_error_shape(emulator):
    async with httpx.AsyncClient(base_url=emulator.api_url) as client:
        response = await client.get("/v1/data/live/_search")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"status", "message", "shottrackerRequestId"}
    assert body["status"] == 401 and "missing signature" in body["message"]


@pytest.mark.parametrize(
    ("auth", "reason"),
    [
        (HmacAuth(MOCK_USERNAME, "wrong-secret"), "signature mismatch"),
        (HmacAuth("somebody-else", MOCK_SECRET), "unknown user"),
        (HmacAuth(MOCK_USERNAME, MOCK_SECRET, clock=lambda: time.time() - 301), "stale date"),
        (HmacAuth(MOCK_USERNAME, MOCK_SECRET, clock=lambda: time.time() + 301), "stale date"),
    ],
)
async def test_a_bad_signature_or_a_stale_date_is_refused(emulator, auth, reason):
    async with httpx.AsyncClient(base_url=emulator.api_url, auth=auth) as client:
        response = await client.get("/v1/data/teams")
    assert response.status_code == 401
    assert reason in response.json()["message"]


async def test_a_date_within_five_minutes_is_accepted(emulator):
    auth = HmacAuth(MOCK_USERNAME, MOCK_SECRET, clock=lambda: time.time() - 240)
    async with httpx.AsyncClient(base_url=emulator.api_url, auth=auth) as client:
        assert (await client.get("/v1/data/teams")).status_code == 200


async def test_a_replayed_request_is_accepted_as_the_gateway_has_no_replay_cache(emulator):
    host = emulator.api_url.removeprefix("http://")
    date = http_date()
    headers = {
        "date": date,
        "Authorization": authorization_header(
            MOCK_USERNAME, MOCK_SECRET, "GET", "/v1/data/teams", date, host
        ),
    }
    async with httpx.AsyncClient(base_url=emulator.api_url) as client:
        first = await client.get("/v1/data/teams", headers=headers)
        again = await client.get("/v1/data/teams", headers=headers)
    assert first.status_code == again.status_code == 200


async def test_the_query_string_is_not_signed(api, emulator):
    # HmacAuth signs the path only; the emulator must verify it the same way.
    now = int(time.time() * 1000)
    response = await api.get(
        f"/v1/data/teams/{emulator.league[0].id}/events", params={"from": now - 1000, "to": now}
    )
    assert response.status_code == 200


async def test_insecure_serves_without_signatures():
    async with (
        make_emulator(insecure=True) as emulator,
        httpx.AsyncClient(base_url=emulator.api_url) as client,
    ):
        assert (await client.get("/v1/data/live/_search")).status_code == 200
        token = (await client.get("/v1/data/live/test/_subscribe")).json()["token"]
    assert token


async def test_each_credential_sees_only_its_data_types():
    credentials = {
        "stats-only": Credential("s1", frozenset({"STATS"})),
        "shots-only": Credential("s2", frozenset({"SHOTS"})),
    }
    async with make_emulator(credentials=credentials) as emulator:
        now = int(time.time() * 1000)
        team = emulator.league[1].id
        window = {"from": now - 1000, "to": now}

        async def get(user: str, secret: str, path: str, **params) -> httpx.Response:
            auth = HmacAuth(user, secret)
            async with httpx.AsyncClient(base_url=emulator.api_url, auth=auth) as client:
                return await client.get(path, params=params)

        for path in ("/v1/data/live/test/stats", "/v1/data/live/test/stats/details"):
            assert (await get("stats-only", "s1", path)).status_code == 200
            refused = await get("shots-only", "s2", path)
            assert refused.status_code == 403
            assert refused.json()["message"] == "No access to STATS data"
        assert (await get("shots-only", "s2", "/v1/data/live/test/shots")).status_code == 200
        refused = await get("stats-only", "s1", "/v1/data/live/test/shots")
        assert refused.json()["message"] == "No access to SHOTS data"
        ranged = await get(
            "stats-only", "s1", f"/v1/data/teams/{team}/players/game/shots", **window
        )
        assert ranged.status_code == 403
        assert ranged.json()["message"] == "No access to SHOTS data"
        ranged = await get(
            "shots-only", "s2", f"/v1/data/teams/{team}/players/game/stats", **window
        )
        assert ranged.json()["message"] == "No access to STATS data"
        # The spec's mock credentials keep working next to the configured ones.
        assert (
            await get(MOCK_USERNAME, MOCK_SECRET, "/v1/data/live/test/shots")
        ).status_code == 200


def test_credentials_are_read_from_text_with_their_data_types():
    parsed = parse_credentials("scout:pw:STATS+shots, ops:secret2")
    assert parsed == {
        "scout": Credential("pw", frozenset({"STATS", "SHOTS"})),
        "ops": Credential("secret2", frozenset({"STATS", "SHOTS", "LOCATIONS"})),
    }


@pytest.mark.parametrize("text", ["scout", "scout:", ":pw", "scout:pw:GOALS", "a:b:c:d"])
def test_a_malformed_credential_fails_loudly(text):
    with pytest.raises(ValueError, match="credential"):
        parse_credentials(text)


async def test_the_mock_endpoints_need_the_key_not_a_signature(emulator):
    async with httpx.AsyncClient(base_url=emulator.api_url) as client:
        wrong = await client.put(
            "/mock/not-the-key/do/live/notify/start", params={"url": "http://127.0.0.1:9/"}
        )
    assert wrong.status_code == 404
