"""The REST API: routes, request checks and handlers, in front of the store and the feed.

Every path of both spec files and docs/wire.md, with the spec's error body on every
error: 401 for a missing or invalid signature, 403 when the caller's credential lacks
the data type, 404 "Invalid id" for an unknown id, 404 for an unknown path, 405 for a
wrong method, 400 "The live id is no longer active" for an ended session's info,
subscription and court.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shottracker.emulator import views
from shottracker.emulator.facilities import EARTH_RADIUS, FACILITIES, nearest
from shottracker.emulator.http import Request, Response
from shottracker.emulator.notify import NotifyNotFound
from shottracker.emulator.security import AuthenticationError, Caller
from shottracker.emulator.store import PRACTICE_TYPES, SessionLog
from shottracker.ranges import range_problem

if TYPE_CHECKING:
    from shottracker.emulator.app import Emulator

CATCH_UP_RESOURCES = ("stats", "details", "shots", "possessions")
RANGE_SCOPES = {
    "practice": PRACTICE_TYPES,
    "practice/scrimmage": ("SCRIMMAGE",),
    "practice/shooting": ("SHOOTING",),
    "game": ("GAME_ROUND",),
}
MAX_VIDEO_ID_BYTES = 255
DATA_TYPES_ORDER = ("STATS", "SHOTS", "LOCATIONS")


class ApiError(Exception):
    """An error answer in the spec's shape."""

    def __init__(self, status: int, message: str, headers: tuple = ()) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


RouteHandler = Callable[..., Awaitable[Response]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: RouteHandler
    signed: bool = True  # the mock endpoints and the bearer-token user profile are not HMAC


class Api:
    """Answers one REST request; ``Emulator`` owns the state it reads and changes."""

    def __init__(self, emulator: Emulator) -> None:
        self.emu = emulator
        seg = r"([^/]+)"
        scopes = "|".join(re.escape(s) for s in RANGE_SCOPES)
        table = [
            ("GET", r"/v1/data/live/_search", self.search, True),
            ("GET", r"/v1/data/live/notify", self.list_notifies, True),
            ("PUT", r"/v1/data/live/notify", self.create_notify, True),
            ("PUT", rf"/v1/data/live/notify/{seg}", self.update_notify, True),
            ("DELETE", rf"/v1/data/live/notify/{seg}", self.delete_notify, True),
            ("PUT", rf"/v1/data/live/notify/{seg}/_enableEndNotify", self.enable_end, True),
            ("PUT", rf"/v1/data/live/notify/{seg}/_disableEndNotify", self.disable_end, True),
            ("GET", rf"/v1/data/live/{seg}", self.live_info, True),
            ("GET", rf"/v1/data/live/{seg}/_subscribe", self.subscribe, True),
            ("GET", rf"/v1/data/live/{seg}/court", self.court, True),
            ("GET", rf"/v1/data/live/{seg}/stats", self.live_stats, True),
            ("GET", rf"/v1/data/live/{seg}/stats/details", self.live_details, True),
            ("GET", rf"/v1/data/live/{seg}/shots", self.live_shots, True),
            ("PUT", rf"/v1/data/live/{seg}/video", self.video, True),
            ("GET", rf"/v1/data/stats/games/{seg}/{seg}", self.catch_up, True),
            ("GET", r"/v1/data/locations", self.locations, True),
            ("GET", rf"/v1/data/locations/nearest/latlong/{seg}/{seg}", self.nearest, True),
            ("GET", r"/v1/data/user/profile", self.user_profile, False),
            ("GET", r"/v1/data/teams", self.teams, True),
            ("GET", rf"/v1/data/teams/{seg}/events", self.team_events, True),
            ("GET", rf"/v1/data/teams/{seg}/players/({scopes})/(stats|shots)", self.team_range,
             True),
            ("PUT", rf"/mock/{seg}/do/live/notify/(start|end)", self.mock_notify, False),
            ("PUT", rf"/mock/{seg}/do/live/{seg}/stall", self.mock_stall, False),
        ]  # fmt: skip
        self.routes = [Route(m, re.compile(p + r"\Z"), h, s) for m, p, h, s in table]

    async def __call__(self, request: Request) -> Response:
        try:
            return await self._dispatch(request)
        except ApiError as exc:
            return Response.error(exc.status, exc.message, exc.headers)

    async def _dispatch(self, request: Request) -> Response:
        await self.emu._injected_failure()
        allowed = []
        for route in self.routes:
            match = route.pattern.match(request.path)
            if match is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            caller = self._authenticate(request) if route.signed else None
            return await route.handler(request, caller, *match.groups())
        if allowed:
            raise ApiError(405, "Method not allowed", (("Allow", ", ".join(sorted(set(allowed)))),))
        raise ApiError(404, "Not found")

    def _authenticate(self, request: Request) -> Caller:
        try:
            return self.emu.gate.authenticate(request.method, request.target, request.headers)
        except AuthenticationError as exc:
            raise ApiError(401, exc.message) from None

    # Helpers ------------------------------------------------------------------------------

    @staticmethod
    def _require(caller: Caller | None, data_type: str) -> None:
        if caller is not None and data_type not in caller.data_types:
            raise ApiError(403, f"No access to {data_type} data")

    def _base(self, request: Request) -> str:
        host = request.headers.get("host")
        return f"http://{host}" if host else self.emu.api_url

    def _session(self, live_id: str, *, active: bool = False) -> SessionLog:
        log = self.emu.store.sessions.get(live_id)
        if log is None:
            raise ApiError(404, "Invalid id")
        if active and not log.active:
            raise ApiError(400, "The live id is no longer active")
        return log

    @staticmethod
    def _range(request: Request) -> tuple[int, int]:
        try:
            start, end = int(request.arg("from") or 0), int(request.arg("to") or 0)
        except ValueError:
            start = end = 0
        problem = range_problem(start, end)
        if problem is not None:
            raise ApiError(422, problem)
        return start, end

    def _team(self, team_id: str):
        team = self.emu.team(int(team_id)) if team_id.isdigit() else None
        if team is None:
            raise ApiError(404, "Invalid id")
        return team

    @staticmethod
    def _number(text: str | None, name: str) -> float:
        try:
            value = float(text if text is not None else "")
        except ValueError:
            raise ApiError(400, f"{name} must be a number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ApiError(400, f"{name} must be a number")
        return value

    # Live ---------------------------------------------------------------------------------

    async def search(self, request: Request, caller: Caller | None) -> Response:
        live = sorted(self.emu.store.active_sessions(), key=lambda s: s.started_at)
        entries = [views.search_entry(s) for s in live] + self.emu.tapes.search_entries()
        return Response.json({"live": entries})

    def _taped(self, live_id: str, kind: str, *, active: bool = False) -> Response | None:
        """The recorded answer when ``live_id`` is a tape's (None when it is not)."""
        found = self.emu.tapes.find(live_id)
        if found is None:
            return None
        state = found.player.state(found)
        if state is None:
            raise ApiError(404, "Invalid id")
        if active and state != "live":
            raise ApiError(400, "The live id is no longer active")
        body = found.player.reply(kind, found)
        if body is None:
            raise ApiError(404, "Invalid id")
        return Response.json(body)

    async def live_info(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        if (taped := self._taped(live_id, "info", active=True)) is not None:
            return taped
        return Response.json(views.live_info(self._session(live_id, active=True)))

    async def subscribe(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        asked = {v.strip().upper() for raw in request.query.get("dt", []) for v in raw.split(",")}
        asked.discard("")
        unknown = asked - set(DATA_TYPES_ORDER)
        if unknown:
            raise ApiError(400, f"Invalid data type {sorted(unknown)[0]}")
        data_types = (
            [t for t in DATA_TYPES_ORDER if t in asked] if asked else list(DATA_TYPES_ORDER)
        )
        for data_type in data_types:
            self._require(caller, data_type)
        if (taped := self._taped(live_id, "subscribe", active=True)) is not None:
            body = json.loads(taped.body)
            body["token"] = self.emu.feed.issue_token(live_id, data_types)
            body["token_data_types"] = data_types
            return Response.json(body)
        log = self._session(live_id, active=True)
        token = self.emu.feed.issue_token(live_id, data_types)
        return Response.json(views.subscription(log, token, data_types, self._base(request)))

    async def court(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        if (taped := self._taped(live_id, "court", active=True)) is not None:
            return taped
        log = self._session(live_id, active=True)
        return Response.json(self.emu.court_of(log.event))

    async def live_stats(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        self._require(caller, "STATS")
        if (taped := self._taped(live_id, "stats")) is not None:
            return taped
        return Response.json(views.live_stats(self.emu.rest_session(self._session(live_id))))

    async def live_details(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        self._require(caller, "STATS")
        if (taped := self._taped(live_id, "details")) is not None:
            return taped
        return Response.json(views.live_details(self.emu.rest_session(self._session(live_id))))

    async def live_shots(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        self._require(caller, "SHOTS")
        if (taped := self._taped(live_id, "shots")) is not None:
            return taped
        return Response.json(views.live_shots(self.emu.rest_session(self._session(live_id))))

    async def video(self, request: Request, caller: Caller | None, live_id: str) -> Response:
        log = self._session(live_id)
        video_id = request.arg("id")
        if not video_id:
            raise ApiError(400, "id is required")
        if len(video_id.encode()) > MAX_VIDEO_ID_BYTES:
            raise ApiError(400, f"id may not exceed {MAX_VIDEO_ID_BYTES} bytes")
        started = request.arg("started_at")
        started_at = (
            int(self._number(started, "started_at")) if started else int(time.time() * 1000)
        )
        log.videos.append({"id": video_id, "started_at": started_at})
        return Response.empty()

    # Event catch-up -----------------------------------------------------------------------

    async def catch_up(
        self, request: Request, caller: Caller | None, event_id: str, resources: str
    ) -> Response:
        wanted: list[str] = []
        for name in (r.strip() for r in resources.split(",")):
            if name not in CATCH_UP_RESOURCES:
                raise ApiError(
                    400, f"Unknown resource {name!r}: use {', '.join(CATCH_UP_RESOURCES)}"
                )
            if name not in wanted:
                wanted.append(name)
        needs = {"SHOTS" if r == "shots" else "STATS" for r in wanted} | {"STATS"}
        if caller is not None and not needs <= caller.data_types:
            raise ApiError(403, "Access denied to resource")
        if (found := self.emu.tapes.find(event_id)) is not None:
            body = found.player.reply("catch_up", found, tuple(wanted))
            if body is None:
                raise ApiError(404, "Invalid id")
            return Response.json(body)
        event = await self.emu.find_event(event_id)
        if event is None:
            raise ApiError(404, "Invalid id")
        return Response.json(views.catch_up(self.emu.rest_event(event), wanted))

    # Notify -------------------------------------------------------------------------------

    @staticmethod
    def _url(request: Request) -> str:
        url = request.arg("url")
        if not url:
            raise ApiError(400, "url is required")
        if not re.match(r"https?://[^/\s?#]+", url):
            raise ApiError(400, "url must be an http or https URL")
        return url

    async def list_notifies(self, request: Request, caller: Caller | None) -> Response:
        return Response.json({"notifications": [n.to_json() for n in self.emu.notifier.list()]})

    async def create_notify(self, request: Request, caller: Caller | None) -> Response:
        notify = self.emu.notifier.create(self._url(request))
        return Response.empty(204, [("X-ShotTracker-Notify-Id", notify.id)])

    async def update_notify(self, request: Request, caller: Caller | None, nid: str) -> Response:
        url = self._url(request)
        return self._notify_change(lambda: self.emu.notifier.update(nid, url))

    async def enable_end(self, request: Request, caller: Caller | None, nid: str) -> Response:
        return self._notify_change(lambda: self.emu.notifier.set_end_notification(nid, True))

    async def disable_end(self, request: Request, caller: Caller | None, nid: str) -> Response:
        return self._notify_change(lambda: self.emu.notifier.set_end_notification(nid, False))

    async def delete_notify(self, request: Request, caller: Caller | None, nid: str) -> Response:
        return self._notify_change(lambda: self.emu.notifier.delete(nid))

    @staticmethod
    def _notify_change(change: Callable[[], None]) -> Response:
        try:
            change()
        except NotifyNotFound:
            raise ApiError(422, "Notify id not found") from None
        return Response.empty()

    async def mock_stall(
        self, request: Request, caller: Caller | None, key: str, live_id: str
    ) -> Response:
        """Silence a live id's feed for ``seconds`` (sockets stay open): a stalled feed."""
        if key != self.emu.mock_key:
            raise ApiError(404, "Not found")
        seconds = self._number(request.arg("seconds"), "seconds")
        if not 0 < seconds <= 3600:
            raise ApiError(400, "seconds must be within 0-3600")
        self.emu.feed.stall(live_id, seconds)
        return Response.empty()

    async def mock_notify(
        self, request: Request, caller: Caller | None, key: str, state: str
    ) -> Response:
        if key != self.emu.mock_key:
            raise ApiError(404, "Not found")
        url = self._url(request)
        try:
            await self.emu.notifier.call(url, "mock", self.emu.test_live_id, state.upper())
        except Exception as exc:
            raise ApiError(502, f"The notify call to {url} failed: {exc}") from None
        return Response.empty()

    # Locations, user, teams ---------------------------------------------------------------

    async def locations(self, request: Request, caller: Caller | None) -> Response:
        return Response.json({"locations": [f.to_json() for f in FACILITIES]})

    async def nearest(
        self, request: Request, caller: Caller | None, latitude: str, longitude: str
    ) -> Response:
        lat, lon = self._number(latitude, "latitude"), self._number(longitude, "longitude")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ApiError(400, "latitude must be within ±90 and longitude within ±180")
        radius = self._number(request.arg("radius"), "radius")
        if radius < 0:
            raise ApiError(400, "radius must not be negative")
        unit = (request.arg("unit") or "").upper()
        if unit not in EARTH_RADIUS:
            raise ApiError(400, "unit must be MILES or KILOMETERS")
        return Response.json({"locations": nearest(lat, lon, radius, unit)})

    async def user_profile(self, request: Request, caller: Caller | None) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "Unauthorized: a user access token (Bearer) is required")
        # Any token is a user: a stable profile derived from it, as an implicit-flow login gives.
        number = int.from_bytes(hashlib.sha256(token.strip().encode()).digest()[:3], "big")
        first, last = _user_name(number)
        return Response.json({"id": number, "first_name": first, "last_name": last,
                              "email": f"{first}.{last}@shottracker.com".lower()})  # fmt: skip

    async def teams(self, request: Request, caller: Caller | None) -> Response:
        return Response.json({"teams": [{"id": t.id, "name": t.name} for t in self.emu.league]})

    async def team_events(self, request: Request, caller: Caller | None, team_id: str) -> Response:
        team = self._team(team_id)
        start, end = self._range(request)
        events = await self.emu.team_events(team.id, start, end)
        base = self._base(request)
        return Response.json({"events": [views.event_summary(e, base) for e in events]})

    async def team_range(
        self, request: Request, caller: Caller | None, team_id: str, scope: str, what: str
    ) -> Response:
        team = self._team(team_id)
        self._require(caller, "STATS" if what == "stats" else "SHOTS")
        start, end = self._range(request)
        events = await self.emu.team_events(team.id, start, end)
        render = views.team_range_stats if what == "stats" else views.team_range_shots
        return Response.json(render(team, events, RANGE_SCOPES[scope]))


_FIRST = ("Avery", "Jordan", "Casey", "Morgan", "Riley", "Quinn", "Taylor", "Drew")
_LAST = ("Naismith", "Allen", "Wooden", "Summitt", "Smith", "Auriemma", "Knight", "Rupp")


def _user_name(number: int) -> tuple[str, str]:
    """A first and last name for a user number."""
    return _FIRST[number % len(_FIRST)], _LAST[number // len(_FIRST) % len(_LAST)]
