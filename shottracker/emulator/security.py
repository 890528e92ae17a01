"""Who may call the emulator's REST API, and which data types each caller may see.

Requests are checked with ``shottracker.signing.verify``, the same gateway rules as the
real service (Kong's hmac-auth: ``x-date`` before ``date``, 300 s skew, no replay cache).
The spec's mock credentials always work and see every data type; more credentials come
from the ``Emulator`` constructor or from text such as
``"scout:s3cret:STATS+SHOTS,ops:other"`` (``--credential`` / ``SHOTTRACKER_EMULATOR_CREDENTIALS``),
each with its own data types. ``insecure`` serves the spec's "No Security Required" mock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from shottracker.models import DATA_TYPES
from shottracker.signing import verify

MOCK_USERNAME = "2e4118d42e5011e6b4a4deecc6e6f587"
MOCK_SECRET = "2d64b892e8d434100001"
ALL_DATA_TYPES: frozenset[str] = frozenset(DATA_TYPES)


@dataclass(frozen=True)
class Credential:
    """A secret and the data types (STATS, SHOTS, LOCATIONS) its holder may see."""

    secret: str
    data_types: frozenset[str] = ALL_DATA_TYPES


@dataclass(frozen=True)
class Caller:
    """An authenticated caller: its username (empty when insecure) and data types."""

    username: str
    data_types: frozenset[str]


class AuthenticationError(Exception):
    """The request carries no valid signature; ``message`` goes into the 401 body."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_credentials(text: str) -> dict[str, Credential]:
    """Credentials from ``user:secret[:TYPE+TYPE…]`` entries separated by commas or spaces.

    Without types a credential sees every data type. A malformed entry or an unknown data
    type raises ``ValueError`` naming it, so a typo in a setting fails loudly.
    """
    credentials: dict[str, Credential] = {}
    for entry in text.replace(",", " ").split():
        parts = entry.split(":")
        if len(parts) not in (2, 3) or not parts[0] or not parts[1]:
            raise ValueError(f"credential {entry!r} is not user:secret[:TYPES]")
        types = ALL_DATA_TYPES
        if len(parts) == 3:
            types = frozenset(t.strip().upper() for t in parts[2].split("+") if t.strip())
            unknown = types - ALL_DATA_TYPES
            if unknown or not types:
                raise ValueError(f"credential {parts[0]!r} names unknown data types {parts[2]!r}")
        credentials[parts[0]] = Credential(parts[1], types)
    return credentials


class Gate:
    """Checks one request's HMAC signature against the configured credentials."""

    def __init__(
        self, credentials: Mapping[str, Credential] | None = None, *, insecure: bool = False
    ) -> None:
        self.insecure = insecure
        self.credentials: dict[str, Credential] = {MOCK_USERNAME: Credential(MOCK_SECRET)}
        self.credentials.update(credentials or {})

    def authenticate(self, method: str, path: str, headers: Mapping[str, str]) -> Caller:
        """The caller of a request, or ``AuthenticationError``; ``headers`` keys are lower-case."""
        if self.insecure:
            return Caller("", ALL_DATA_TYPES)
        secrets = {name: cred.secret for name, cred in self.credentials.items()}
        verdict = verify(method, path, headers, secrets)
        if not verdict.ok:
            raise AuthenticationError(f"Unauthorized: {verdict.reason}")
        return Caller(verdict.username, self.credentials[verdict.username].data_types)
