"""A small HTTP/1.1 server on asyncio streams, with h11 doing the protocol work.

No framework: the emulator needs exact control over status codes, headers and bodies,
and a malformed request must never take the server down. Each connection is served
by one task; keep-alive is honoured; a handler's exception becomes a 500 in the spec's
error shape and is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import h11

log = logging.getLogger(__name__)

MAX_HEAD_BYTES = 16 * 1024
MAX_BODY_BYTES = 1024 * 1024
READ_CHUNK = 64 * 1024


@dataclass
class Request:
    """One parsed request: lower-case header names, the decoded path, the query as lists."""

    method: str
    target: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""

    def arg(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class Response:
    """A status, headers and a body; ``json`` and ``error`` build the common ones."""

    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def json(cls, obj: Any, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> Response:
        body = json.dumps(obj, separators=(",", ":")).encode()
        return cls(status, body, [("Content-Type", "application/json"), *headers])

    @classmethod
    def error(cls, status: int, message: str, headers: Iterable[tuple[str, str]] = ()) -> Response:
        """The spec's error body, with a fresh request id."""
        body = {"status": status, "message": message, "shottrackerRequestId": str(uuid.uuid4())}
        return cls.json(body, status, headers)

    @classmethod
    def empty(cls, status: int = 204, headers: Iterable[tuple[str, str]] = ()) -> Response:
        return cls(status, b"", list(headers))


Handler = Callable[[Request], Awaitable[Response]]
_REASONS = {status.value: status.phrase.encode() for status in HTTPStatus}


def parse_target(method: str, target: str, headers: dict[str, str], body: bytes) -> Request:
    """A ``Request`` from a request line's target (path percent-decoded, query split)."""
    parts = urlsplit(target)
    query = parse_qs(parts.query, keep_blank_values=True)
    return Request(method, target, unquote(parts.path), query, headers, body)


class HttpServer:
    """Serves ``handler`` on a TCP port until ``stop()``."""

    def __init__(
        self, handler: Handler, *, idle_timeout: float = 60.0, max_body: int = MAX_BODY_BYTES
    ) -> None:
        self.handler = handler
        self.idle_timeout = idle_timeout
        self.max_body = max_body
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task] = set()

    async def start(self, host: str, port: int) -> tuple[str, int]:
        """Bind and listen; returns the bound (host, port), so port 0 picks a free one."""
        self._server = await asyncio.start_server(self._serve, host, port)
        bound = self._server.sockets[0].getsockname()
        return bound[0], bound[1]

    async def stop(self) -> None:
        """Stop listening and close every open connection."""
        if self._server is None:
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)
        await self._server.wait_closed()
        self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEAD_BYTES)
        try:
            while await self._serve_one(conn, reader, writer):
                conn.start_next_cycle()
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass  # the client went away or idled out: nothing to answer
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _next_event(self, conn: h11.Connection, reader: asyncio.StreamReader) -> Any:
        while True:
            event = conn.next_event()
            if event is not h11.NEED_DATA:
                return event
            async with asyncio.timeout(self.idle_timeout):
                data = await reader.read(READ_CHUNK)
            conn.receive_data(data)

    async def _serve_one(
        self, conn: h11.Connection, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> bool:
        """Read one request and answer it; False when the connection must close."""
        try:
            event = await self._next_event(conn, reader)
            if isinstance(event, h11.ConnectionClosed):
                return False
            assert isinstance(event, h11.Request)
            headers = {}
            for name, value in event.headers:
                key = name.decode("latin-1").lower()
                text = value.decode("latin-1")
                headers[key] = f"{headers[key]}, {text}" if key in headers else text
            declared = headers.get("content-length", "0")
            if declared.isdigit() and int(declared) > self.max_body:
                await self._send(conn, writer, Response.error(413, "Request body too large"))
                return False
            body = bytearray()
            while True:
                part = await self._next_event(conn, reader)
                if isinstance(part, h11.Data):
                    body += part.data
                    if len(body) > self.max_body:
                        await self._send(
                            conn, writer, Response.error(413, "Request body too large")
                        )
                        return False
                elif isinstance(part, h11.EndOfMessage):
                    break
                else:
                    return False
            request = parse_target(
                event.method.decode("ascii", "replace").upper(),
                event.target.decode("latin-1"),
                headers,
                bytes(body),
            )
        except h11.RemoteProtocolError as exc:
            if conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
                await self._send(conn, writer, Response.error(400, f"Bad request: {exc}"))
            return False
        try:
            response = await self.handler(request)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("handler failed for %s %s", request.method, request.target)
            response = Response.error(500, "Internal server error")
        await self._send(conn, writer, response)
        return conn.our_state is h11.DONE and conn.their_state is h11.DONE

    async def _send(
        self, conn: h11.Connection, writer: asyncio.StreamWriter, response: Response
    ) -> None:
        headers = [
            ("Date", formatdate(usegmt=True)),
            ("Server", "shottracker-emulator"),
            *response.headers,
        ]
        if response.status != 204:
            headers.append(("Content-Length", str(len(response.body))))
        reason = _REASONS.get(response.status, b"")
        data = conn.send(h11.Response(status_code=response.status, headers=headers, reason=reason))
        if response.body and response.status != 204:
            data += conn.send(h11.Data(data=response.body))
        data += conn.send(h11.EndOfMessage())
        writer.write(data)
        await writer.drain()
