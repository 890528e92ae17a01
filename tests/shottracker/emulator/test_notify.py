"""Live notifications: the emulator really calls the registered URLs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from shottracker.emulator.http import HttpServer, Request, Response

from .conftest import make_emulator, mock_auth


class Receiver:
    """A real HTTP server on port 0 that records the notify calls it gets."""

    def __init__(self) -> None:
        self.calls: asyncio.Queue[Request] = asyncio.Queue()
        self.server = HttpServer(self._handle)
        self.url = ""

    async def _handle(self, request: Request) -> Response:
        await self.calls.put(request)
        return Response.empty(204)

    async def next_call(self) -> Request:
        return await asyncio.wait_for(self.calls.get(), 30)

    def received(self) -> list[Request]:
        calls = []
        while not self.calls.empty():
            calls.append(self.calls.get_nowait())
        return calls


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver()
    host, port = await receiver.server.start("127.0.0.1", 0)
    receiver.url = f"http://{host}:{port}/hooks/shottracker"
    yield receiver
    await receiver.server.stop()


def params(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in request.query.items()}


async def register(api, url: str, *, end: bool = False) -> str:
    created = await api.put("/v1/data/live/notify", params={"url": url})
    notify_id = created.headers["X-ShotTracker-Notify-Id"]
    if end:
        await api.put(f"/v1/data/live/notify/{notify_id}/_enableEndNotify")
    return notify_id


async def test_a_session_start_calls_the_registered_url_with_put(api, emulator, receiver):
    notify_id = await register(api, receiver.url)
    handle = emulator.start_game(seed=1)
    call = await receiver.next_call()
    assert call.method == "PUT" and call.path == "/hooks/shottracker"
    assert params(call) == {"notify_id": notify_id, "action": "LIVE",
                            "data": handle.live_ids[0], "state": "START"}  # fmt: skip


async def test_end_calls_are_made_only_where_enabled(api, emulator, receiver):
    quiet = await register(api, f"{receiver.url}?who=quiet")
    loud = await register(api, f"{receiver.url}?who=loud", end=True)
    handle = emulator.start_game(seed=2)
    await asyncio.wait_for(handle.finished.wait(), 60)
    await emulator.notifier.drain()
    got = sorted(
        (p["who"], p["notify_id"], p["data"], p["state"]) for p in map(params, receiver.received())
    )
    # Every session: both halves, and an overtime when the game went to one.
    assert len(handle.live_ids) >= 2
    assert got == sorted(
        [(who, nid, live_id, "START") for who, nid in (("quiet", quiet), ("loud", loud))
         for live_id in handle.live_ids]
        + [("loud", loud, live_id, "END") for live_id in handle.live_ids]
    )  # fmt: skip


async def test_the_mock_endpoints_trigger_a_call_for_test(api, emulator, receiver):
    for state in ("start", "end"):
        response = await api.put(f"/mock/courtside/do/live/notify/{state}",
                                 params={"url": receiver.url})  # fmt: skip
        assert response.status_code == 204
        call = await receiver.next_call()
        assert params(call)["data"] == "test"
        assert params(call)["state"] == state.upper()
        assert params(call)["action"] == "LIVE"


async def test_the_mock_key_is_configurable(receiver):
    async with (
        make_emulator(mock_key="s3cret") as emulator,
        httpx.AsyncClient(base_url=emulator.api_url, auth=mock_auth()) as api,
    ):
        default = await api.put("/mock/courtside/do/live/notify/start",
                                params={"url": receiver.url})  # fmt: skip
        configured = await api.put("/mock/s3cret/do/live/notify/start",
                                   params={"url": receiver.url})  # fmt: skip
    assert default.status_code == 404
    assert configured.status_code == 204


async def test_an_unreachable_receiver_is_logged_and_the_game_goes_on(api, emulator, caplog):
    await register(api, "http://127.0.0.1:9/closed")
    handle = emulator.start_game(seed=3)
    await emulator.notifier.drain()
    assert emulator.notifier.calls_failed >= 1
    assert "notify START" in caplog.text
    await asyncio.wait_for(handle.finished.wait(), 60)
    assert len(handle.live_ids) == 2
