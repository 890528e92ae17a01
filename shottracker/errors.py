"""The SDK's exception tree, written out in one place.

ShotTrackerError
├── TransportError             the request never got an answer (connect, read, timeout)
│   └── Timeout
├── APIError                   the API answered with an error body (status, message, request id)
│   ├── BadRequest             400, e.g. "The live id is no longer active"
│   ├── Unauthorized           401, a missing or invalid signature
│   ├── Forbidden              403, "No access to LOCATIONS data" and the like
│   ├── NotFound               404, "Invalid id"
│   ├── Unprocessable          422, e.g. "Notify id not found", bad from/to
│   └── ServerError            5xx
└── MalformedMessage           a frame or body that does not match the spec
"""

from __future__ import annotations


class ShotTrackerError(Exception):
    """Base of every SDK error."""


class TransportError(ShotTrackerError):
    """The request did not get an answer."""


class Timeout(TransportError):
    """The request timed out."""


class APIError(ShotTrackerError):
    """An error answer from the API, with the fields of the spec's error body."""

    def __init__(self, status: int, message: str, request_id: str | None = None) -> None:
        super().__init__(f"{status} {message}" + (f" (request {request_id})" if request_id else ""))
        self.status = status
        self.message = message
        self.request_id = request_id


class BadRequest(APIError):
    """400."""


class Unauthorized(APIError):
    """401."""


class Forbidden(APIError):
    """403."""


class NotFound(APIError):
    """404."""


class Unprocessable(APIError):
    """422."""


class ServerError(APIError):
    """5xx."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    422: Unprocessable,
}


def api_error(status: int, message: str, request_id: str | None = None) -> APIError:
    """The most specific APIError for a status."""
    cls = ServerError if status >= 500 else _BY_STATUS.get(status, APIError)
    return cls(status, message, request_id)


class MalformedMessage(ShotTrackerError):
    """A frame or body that does not match the spec."""

    def __init__(self, reason: str, *, unknown_type: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unknown_type = unknown_type
