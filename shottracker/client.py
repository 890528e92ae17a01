"""The async REST client: one method per endpoint of the spec, answers as typed resources.

Every attempt is signed afresh (``HmacAuth`` puts a new date on each), has a timeout,
and fails as an ``errors`` type: ``APIError`` subclasses for error answers (with the
body's status, message and request id), ``TransportError``/``Timeout`` when no answer
came. GETs are retried with bounded exponential backoff on 5xx and transport errors;
PUT and DELETE are retried only when the request never left (connect errors), since a
5xx or a lost answer may hide a change that was made.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import httpx

from shottracker.errors import APIError, MalformedMessage, Timeout, TransportError, api_error
from shottracker.models import DATA_TYPES
from shottracker.resources import (
    CATCH_UP_RESOURCES,
    DISTANCE_UNITS,
    CatchUp,
    Court,
    LiveInfo,
    LiveSearch,
    LiveShots,
    LiveStats,
    Locations,
    NearestLocations,
    Notifies,
    StatsDetails,
    Subscription,
    TeamEvents,
    TeamPlayerShots,
    TeamPlayerStats,
    Teams,
    UserProfile,
)
from shottracker.signing import HmacAuth

log = logging.getLogger(__name__)

R = TypeVar("R")
MAX_BACKOFF_S = 5.0
MAX_VIDEO_ID_BYTES = 255
NOTIFY_ID_HEADER = "X-ShotTracker-Notify-Id"
# The request certainly never reached the server: safe to repeat even a PUT or DELETE.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _segment(value: str | int, what: str) -> str:
    """One path segment from caller input, percent-quoted so it cannot change the path."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"{what} must be text or an integer")
    text = str(value)
    if text in ("", ".", ".."):
        raise ValueError(f"{what} {text!r} is not an id")
    return quote(text, safe="")


def _epoch_ms(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} must be epoch milliseconds (a non-negative integer)")
    return value


def _coordinate(value: float, what: str, limit: float) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{what} must be a number")
    if not math.isfinite(value) or abs(value) > limit:
        raise ValueError(f"{what} {value!r} is outside ±{limit}")
    return repr(float(value))


def _api_error(response: httpx.Response) -> APIError:
    """The typed error for an error answer; a body that is not the spec's still keeps the status."""
    message, request_id = response.reason_phrase or "error", None
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            message = body["message"]
        if isinstance(body.get("shottrackerRequestId"), str):
            request_id = body["shottrackerRequestId"]
    elif response.text.strip():
        message = response.text.strip()[:200]
    return api_error(response.status_code, message, request_id)


def _transport_error(exc: httpx.RequestError, method: str, path: str) -> TransportError:
    where = f"{method} {path}"
    if isinstance(exc, httpx.TimeoutException):
        return Timeout(f"{where} timed out ({type(exc).__name__})")
    return TransportError(f"{where} got no answer: {type(exc).__name__}: {exc}")


class ShotTrackerClient:
    """The ShotTracker REST API; use as ``async with ShotTrackerClient(...) as client``.

    ``retries`` is how many times a failed attempt may be repeated (so up to
    ``retries + 1`` attempts); the wait before retry ``n`` is ``backoff * 2**n`` seconds,
    at most ``MAX_BACKOFF_S``, plus up to a quarter of it at random so that many
    clients do not retry in step. ``transport`` replaces the network (tests pass an
    ``httpx.MockTransport``); ``clock`` dates the signatures. ``on_reply(path, text,
    received_ms)`` is told every good JSON answer of a GET (a tape recorder listens there).
    """

    def __init__(
        self,
        base_url: str,
        username: str,
        secret: str,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        on_reply: Callable[[str, str, int], None] | None = None,
    ) -> None:
        if retries < 0 or backoff < 0 or timeout <= 0:
            raise ValueError("retries and backoff must not be negative, timeout must be positive")
        self.retries = retries
        self.backoff = backoff
        self.on_reply = on_reply
        self._http = httpx.AsyncClient(
            base_url=base_url,
            auth=HmacAuth(username, secret, clock),
            timeout=timeout,
            transport=transport,
            headers={"Accept": "application/json"},
        )

    async def __aenter__(self) -> ShotTrackerClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    # -- the one place a request is made --------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        headers: dict[str, str] | None = None,
        auth: Any = httpx.USE_CLIENT_DEFAULT,
    ) -> httpx.Response:
        """Send with retries; return a 2xx answer or raise a typed error."""
        attempt = 0
        while True:
            try:
                response = await self._http.request(
                    method, path, params=params, headers=headers, auth=auth
                )
            except httpx.RequestError as exc:
                retryable = isinstance(exc, _NEVER_SENT) or (
                    method == "GET" and isinstance(exc, httpx.TransportError)
                )
                if not retryable or attempt >= self.retries:
                    raise _transport_error(exc, method, path) from exc
                failure = f"{type(exc).__name__}: {exc}"
            else:
                if response.is_success:
                    return response
                error = _api_error(response)
                if method != "GET" or response.status_code < 500 or attempt >= self.retries:
                    raise error
                failure = str(error)
            delay = min(self.backoff * 2**attempt, MAX_BACKOFF_S)
            delay += random.uniform(0, delay / 4)
            attempt += 1
            log.warning(
                "%s %s failed (%s); retry %d of %d in %.2f s",
                method, path, failure, attempt, self.retries, delay,
            )  # fmt: skip
            await asyncio.sleep(delay)

    async def _get(self, path: str, parse: Callable[[Any], R], **kwargs: Any) -> R:
        response = await self._send("GET", path, **kwargs)
        try:
            body = response.json()
        except ValueError:
            raise MalformedMessage(f"GET {path}: the answer is not JSON") from None
        if self.on_reply is not None:
            self.on_reply(path, response.text, int(time.time() * 1000))
        return parse(body)

    # -- live sessions ------------------------------------------------------------------

    async def search_live(self) -> LiveSearch:
        """The sessions live now."""
        return await self._get("/v1/data/live/_search", LiveSearch.from_json)

    async def live_info(self, live_id: str) -> LiveInfo:
        """A session's teams, event and place; BadRequest once it has ended."""
        return await self._get(f"/v1/data/live/{_segment(live_id, 'live id')}", LiveInfo.from_json)

    async def subscribe(
        self, live_id: str, data_types: Sequence[str] | None = None
    ) -> Subscription:
        """A one-time token for the feed, for some or all of STATS, SHOTS, LOCATIONS."""
        params = []
        for data_type in data_types or ():
            if data_type not in DATA_TYPES:
                raise ValueError(f"data type {data_type!r} is not one of {DATA_TYPES}")
            params.append(("dt", data_type))
        path = f"/v1/data/live/{_segment(live_id, 'live id')}/_subscribe"
        return await self._get(path, Subscription.from_json, params=params)

    async def court(self, live_id: str) -> Court:
        """The corners and hoops of the court a session is played on."""
        return await self._get(
            f"/v1/data/live/{_segment(live_id, 'live id')}/court", Court.from_json
        )

    async def live_stats(self, live_id: str) -> LiveStats:
        """Every player's totals in a session, with their versions."""
        path = f"/v1/data/live/{_segment(live_id, 'live id')}/stats"
        return await self._get(path, LiveStats.from_json)

    async def live_stats_details(self, live_id: str) -> StatsDetails:
        """When each stat of each player changed in a session."""
        path = f"/v1/data/live/{_segment(live_id, 'live id')}/stats/details"
        return await self._get(path, StatsDetails.from_json)

    async def live_shots(self, live_id: str) -> LiveShots:
        """The shots of a session so far."""
        path = f"/v1/data/live/{_segment(live_id, 'live id')}/shots"
        return await self._get(path, LiveShots.from_json)

    async def mark_video(self, live_id: str, video_id: str, started_at: int | None = None) -> None:
        """Index a video recording with a session; ``started_at`` defaults to now (server side)."""
        if not video_id or len(video_id.encode()) > MAX_VIDEO_ID_BYTES:
            raise ValueError(f"a video id must be 1 to {MAX_VIDEO_ID_BYTES} bytes")
        params: dict[str, str | int] = {"id": video_id}
        if started_at is not None:
            params["started_at"] = _epoch_ms(started_at, "started_at")
        path = f"/v1/data/live/{_segment(live_id, 'live id')}/video"
        await self._send("PUT", path, params=params)

    async def catch_up(
        self, event_id: str, resources: Iterable[str] = CATCH_UP_RESOURCES
    ) -> CatchUp:
        """A game so far: stats, play-by-play, shots, possessions and totals (docs/wire.md)."""
        wanted = tuple(resources)
        if not wanted or any(r not in CATCH_UP_RESOURCES for r in wanted):
            raise ValueError(f"resources must be some of {CATCH_UP_RESOURCES}")
        # Commas stay literal: the API splits the segment on them.
        path = f"/v1/data/stats/games/{_segment(event_id, 'event id')}/{','.join(wanted)}"
        return await self._get(path, CatchUp.from_json)

    # -- live notifies --------------------------------------------------------------------

    async def list_notifies(self) -> Notifies:
        return await self._get("/v1/data/live/notify", Notifies.from_json)

    async def create_notify(self, url: str) -> str:
        """Register a URL to be called when sessions start; returns the new notify id."""
        response = await self._send("PUT", "/v1/data/live/notify", params={"url": url})
        notify_id = response.headers.get(NOTIFY_ID_HEADER, "").strip()
        if not notify_id:
            raise MalformedMessage(f"PUT /v1/data/live/notify: no {NOTIFY_ID_HEADER} header")
        return notify_id

    async def update_notify(self, notify_id: str, url: str) -> None:
        path = f"/v1/data/live/notify/{_segment(notify_id, 'notify id')}"
        await self._send("PUT", path, params={"url": url})

    async def enable_end_notify(self, notify_id: str) -> None:
        """Also call the URL when sessions end (off for a new notify)."""
        path = f"/v1/data/live/notify/{_segment(notify_id, 'notify id')}/_enableEndNotify"
        await self._send("PUT", path)

    async def disable_end_notify(self, notify_id: str) -> None:
        path = f"/v1/data/live/notify/{_segment(notify_id, 'notify id')}/_disableEndNotify"
        await self._send("PUT", path)

    async def delete_notify(self, notify_id: str) -> None:
        await self._send("DELETE", f"/v1/data/live/notify/{_segment(notify_id, 'notify id')}")

    # -- locations, user, teams -------------------------------------------------------------

    async def locations(self) -> Locations:
        return await self._get("/v1/data/locations", Locations.from_json)

    async def nearest_locations(
        self, latitude: float, longitude: float, radius: float, unit: str
    ) -> NearestLocations:
        """Courts within ``radius`` (MILES or KILOMETERS) of a point, with their distance."""
        if unit not in DISTANCE_UNITS:
            raise ValueError(f"unit {unit!r} is not one of {DISTANCE_UNITS}")
        if isinstance(radius, bool) or not isinstance(radius, int | float):
            raise TypeError("radius must be a number")
        if not math.isfinite(radius) or radius <= 0:
            raise ValueError(f"radius {radius!r} is not a positive number")
        lat = quote(_coordinate(latitude, "latitude", 90), safe="")
        lon = quote(_coordinate(longitude, "longitude", 180), safe="")
        path = f"/v1/data/locations/nearest/latlong/{lat}/{lon}"
        params = {"radius": repr(radius), "unit": unit}
        return await self._get(path, NearestLocations.from_json, params=params)

    async def user_profile(self, access_token: str) -> UserProfile:
        """The profile of a user, with the user's OAuth2 access token instead of HMAC."""
        if not access_token:
            raise ValueError("an access token is required")
        return await self._get(
            "/v1/data/user/profile",
            UserProfile.from_json,
            headers={"Authorization": f"Bearer {access_token}"},
            auth=None,
        )

    async def teams(self) -> Teams:
        return await self._get("/v1/data/teams", Teams.from_json)

    async def team_events(self, team_id: int, from_ms: int, to_ms: int) -> TeamEvents:
        """A team's events (games, practices) between two epoch-ms times."""
        return await self._team_get(team_id, "events", from_ms, to_ms, TeamEvents.from_json)

    async def _team_get(
        self, team_id: int, what: str, from_ms: int, to_ms: int, parse: Callable[[Any], R]
    ) -> R:
        if isinstance(team_id, bool) or not isinstance(team_id, int):
            raise TypeError("team_id must be an integer")
        params = {"from": _epoch_ms(from_ms, "from_ms"), "to": _epoch_ms(to_ms, "to_ms")}
        return await self._get(f"/v1/data/teams/{team_id}/{what}", parse, params=params)

    # -- a team's player stats and shots over a range -----------------------------------------

    async def practice_stats(self, team_id: int, from_ms: int, to_ms: int) -> TeamPlayerStats:
        """Practice drills and workouts together."""
        return await self._team_get(
            team_id, "players/practice/stats", from_ms, to_ms, TeamPlayerStats.from_json
        )

    async def practice_scrimmage_stats(
        self, team_id: int, from_ms: int, to_ms: int
    ) -> TeamPlayerStats:
        return await self._team_get(
            team_id, "players/practice/scrimmage/stats", from_ms, to_ms, TeamPlayerStats.from_json
        )

    async def practice_shooting_stats(
        self, team_id: int, from_ms: int, to_ms: int
    ) -> TeamPlayerStats:
        return await self._team_get(
            team_id, "players/practice/shooting/stats", from_ms, to_ms, TeamPlayerStats.from_json
        )

    async def game_stats(self, team_id: int, from_ms: int, to_ms: int) -> TeamPlayerStats:
        return await self._team_get(
            team_id, "players/game/stats", from_ms, to_ms, TeamPlayerStats.from_json
        )

    async def practice_shots(self, team_id: int, from_ms: int, to_ms: int) -> TeamPlayerShots:
        return await self._team_get(
            team_id, "players/practice/shots", from_ms, to_ms, TeamPlayerShots.from_json
        )

    async def practice_scrimmage_shots(
        self, team_id: int, from_ms: int, to_ms: int
    ) -> TeamPlayerShots:
        return await self._team_get(
            team_id, "players/practice/scrimmage/shots", from_ms, to_ms, TeamPlayerShots.from_json
        )

    async def practice_shooting_shots(
        self, team_id: int, from_ms: int, to_ms: int
    ) -> TeamPlayerShots:
        return await self._team_get(
            team_id, "players/practice/shooting/shots", from_ms, to_ms, TeamPlayerShots.from_json
        )

    async def game_shots(self, team_id: int, from_ms: int, to_ms: int) -> TeamPlayerShots:
        return await self._team_get(
            team_id, "players/game/shots", from_ms, to_ms, TeamPlayerShots.from_json
        )
