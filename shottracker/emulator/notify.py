"""Live notifications: the registry behind the notify endpoints, and the calls it makes.

When a session (a game half, a practice drill) starts, every registered URL is called
with ``PUT {url}?notify_id=…&action=LIVE&data=<live id>&state=START``; when it ends,
the same with ``state=END`` for the notifies whose end notification is enabled (off by
default, as the spec says). Calls run as background tasks so a slow receiver never holds
up the game loop; failures are logged, not retried.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass

import httpx

log = logging.getLogger(__name__)


@dataclass
class Notify:
    """One registered notify, as the list endpoint shows it."""

    id: str
    url: str
    end_notification: bool = False
    action: str = "LIVE"

    def to_json(self) -> dict:
        return {"id": self.id, "action": self.action, "url": self.url,
                "end_notification": self.end_notification}  # fmt: skip


class NotifyNotFound(KeyError):
    """No notify has that id (the API answers 422 "Notify id not found")."""


class Notifier:
    """The notify registry and an HTTP client that calls the registered URLs."""

    def __init__(self, *, timeout: float = 5.0) -> None:
        self.timeout = timeout
        self._notifies: dict[str, Notify] = {}
        self._tasks: set[asyncio.Task] = set()
        self._client: httpx.AsyncClient | None = None
        self.calls_failed = 0

    # The registry -------------------------------------------------------------------------

    def list(self) -> list[Notify]:
        return list(self._notifies.values())

    def create(self, url: str) -> Notify:
        notify = Notify(str(uuid.uuid4()), url)
        self._notifies[notify.id] = notify
        return notify

    def get(self, notify_id: str) -> Notify:
        try:
            return self._notifies[notify_id]
        except KeyError:
            raise NotifyNotFound(notify_id) from None

    def update(self, notify_id: str, url: str) -> None:
        self.get(notify_id).url = url

    def set_end_notification(self, notify_id: str, enabled: bool) -> None:
        self.get(notify_id).end_notification = enabled

    def delete(self, notify_id: str) -> None:
        self.get(notify_id)
        del self._notifies[notify_id]

    # The calls ----------------------------------------------------------------------------

    def session_started(self, live_id: str) -> None:
        """Call every registered URL with state START, in the background."""
        for notify in self._notifies.values():
            self._spawn(notify.url, notify.id, live_id, "START")

    def session_ended(self, live_id: str) -> None:
        """Call the URLs whose end notification is enabled with state END, in the background."""
        for notify in self._notifies.values():
            if notify.end_notification:
                self._spawn(notify.url, notify.id, live_id, "END")

    async def call(self, url: str, notify_id: str, live_id: str, state: str) -> int:
        """Make one notify call now and return the receiver's status; raises httpx errors."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout)
        params = {"notify_id": notify_id, "action": "LIVE", "data": live_id, "state": state}
        response = await self._client.put(httpx.URL(url).copy_merge_params(params))
        return response.status_code

    async def aclose(self) -> None:
        """Cancel calls still in flight and close the HTTP client."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def drain(self) -> None:
        """Wait for the calls in flight (tests use it to know a call has been made)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _spawn(self, url: str, notify_id: str, live_id: str, state: str) -> None:
        task = asyncio.get_running_loop().create_task(
            self._call_logged(url, notify_id, live_id, state)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _call_logged(self, url: str, notify_id: str, live_id: str, state: str) -> None:
        try:
            status = await self.call(url, notify_id, live_id, state)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            self.calls_failed += 1
            log.warning("notify %s to %s failed: %s", state, url, exc)
            return
        if status >= 400:
            self.calls_failed += 1
            log.warning("notify %s to %s answered %s", state, url, status)
