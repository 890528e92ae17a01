"""HMAC request signing, exactly as the spec's Authentication section, and its verification.

String to sign: ``date: <date>\\nhost: <host>\\n<METHOD> <path> HTTP/1.1`` where the path
carries no query string; HMAC with the secret, base64. Header:
``hmac username="…",algorithm="hmac-sha1",headers="date host request-line",signature="…"``.

Verification follows the gateway in front of ShotTracker (Kong's hmac-auth): ``x-date``
is read before ``date``, a date more than 300 s from the server's clock is refused,
hmac-sha1/256/384/512 are accepted, and each failure has its own reason. There is no
replay cache at the gateway, so a replayed request inside the skew window is accepted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from datetime import UTC
from email.utils import formatdate, parsedate_to_datetime

import httpx

ALGORITHMS: dict[str, Callable] = {
    "hmac-sha1": hashlib.sha1,
    "hmac-sha256": hashlib.sha256,
    "hmac-sha384": hashlib.sha384,
    "hmac-sha512": hashlib.sha512,
}
MAX_CLOCK_SKEW_S = 300
SIGNED_HEADERS = "date host request-line"


def http_date(epoch_s: float | None = None) -> str:
    """An RFC 7231 date, as ``new Date().toUTCString()`` gives it."""
    return formatdate(time.time() if epoch_s is None else epoch_s, usegmt=True)


def string_to_sign(method: str, path: str, date: str, host: str) -> str:
    """The signing stream: the date and host headers, then the request line without a query."""
    path = path.split("?", 1)[0]
    return f"date: {date.strip()}\nhost: {host}\n{method.upper()} {path} HTTP/1.1"


def signature(secret: str, text: str, algorithm: str = "hmac-sha1") -> str:
    """Base64 of the HMAC of ``text`` under ``secret``."""
    try:
        digest = ALGORITHMS[algorithm]
    except KeyError:
        raise ValueError(f"unsupported algorithm {algorithm!r}") from None
    mac = hmac.new(secret.encode(), text.encode(), digest).digest()
    return base64.b64encode(mac).decode("ascii")


def authorization_header(
    username: str,
    secret: str,
    method: str,
    path: str,
    date: str,
    host: str,
    algorithm: str = "hmac-sha1",
) -> str:
    """The full ``Authorization`` value for one request."""
    sig = signature(secret, string_to_sign(method, path, date, host), algorithm)
    return (
        f'hmac username="{username}",algorithm="{algorithm}",'
        f'headers="{SIGNED_HEADERS}",signature="{sig}"'
    )


class HmacAuth(httpx.Auth):
    """Signs every request, with a fresh ``date`` on every attempt (retries included)."""

    def __init__(self, username: str, secret: str, clock: Callable[[], float] = time.time) -> None:
        self.username = username
        self.secret = secret
        self.clock = clock

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        date = http_date(self.clock())
        host = request.headers.get("host") or request.url.netloc.decode("ascii")
        request.headers["date"] = date
        # Sign the path as it goes on the wire: ``url.path`` is percent-decoded, so a quoted
        # "?" or "/" in a live id would change the signed request line.
        path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
        request.headers["Authorization"] = authorization_header(
            self.username, self.secret, request.method, path, date, host
        )
        yield request


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one request's signature."""

    ok: bool
    reason: str = ""
    username: str = ""


_PARAM = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse_authorization(value: str) -> dict[str, str] | None:
    """The parameters of an ``hmac …`` Authorization value, or None if it is not one."""
    scheme, _, rest = value.strip().partition(" ")
    if scheme.lower() != "hmac" or not rest:
        return None
    params = {k.lower(): v for k, v in _PARAM.findall(rest)}
    if not {"username", "algorithm", "signature"} <= params.keys():
        return None
    return params


def verify(
    method: str,
    path: str,
    headers: Mapping[str, str],
    secrets: Mapping[str, str],
    now: float | None = None,
) -> Verdict:
    """Check a request as the gateway would; ``headers`` keys are lower-case.

    ``path`` is the request target as received (still percent-encoded; a query is ignored).

    Reasons: ``missing signature``, ``malformed signature``, ``unknown user``,
    ``unsupported algorithm``, ``missing date``, ``bad date``, ``stale date``,
    ``unsigned headers`` and ``signature mismatch``.
    """
    raw = headers.get("authorization") or headers.get("proxy-authorization")
    if not raw:
        return Verdict(False, "missing signature")
    params = parse_authorization(raw)
    if params is None:
        return Verdict(False, "malformed signature")
    username = params["username"]
    secret = secrets.get(username)
    if secret is None:
        return Verdict(False, "unknown user", username)
    algorithm = params["algorithm"].lower()
    if algorithm not in ALGORITHMS:
        return Verdict(False, "unsupported algorithm", username)
    date_header = "x-date" if "x-date" in headers else "date"
    date = headers.get(date_header)
    if not date:
        return Verdict(False, "missing date", username)
    try:
        parsed = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return Verdict(False, "bad date", username)
    if parsed.tzinfo is None:  # "-0000" parses naive; HTTP dates are always UTC
        parsed = parsed.replace(tzinfo=UTC)
    sent = parsed.timestamp()
    if abs((time.time() if now is None else now) - sent) > MAX_CLOCK_SKEW_S:
        return Verdict(False, "stale date", username)
    signed = params.get("headers", "date").lower().split()
    lines = []
    for name in signed:
        if name == "request-line":
            lines.append(f"{method.upper()} {path.split('?', 1)[0]} HTTP/1.1")
        elif name in ("date", "x-date") and name in headers:
            lines.append(f"{name}: {headers[name].strip()}")
        elif name in headers:
            lines.append(f"{name}: {headers[name]}")
        else:
            return Verdict(False, "unsigned headers", username)
    if date_header not in signed:
        return Verdict(False, "unsigned headers", username)
    expected = signature(secret, "\n".join(lines), algorithm)
    if not hmac.compare_digest(expected, params["signature"]):
        return Verdict(False, "signature mismatch", username)
    return Verdict(True, "", username)
