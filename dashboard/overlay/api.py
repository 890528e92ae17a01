"""The control API of an output, for a crew's automation: Stream Deck (Bitfocus Companion's
generic HTTP module), vMix shortcuts, SPX-GC, scripts.

- ``GET /api/outputs/<key>``: the output's state, every layer's program and cue;
- ``POST /api/outputs/<key>/cue``: ``{"layer"?, "graphic", "options"?}`` (no graphic:
  empty the layer's cue, or every cue);
- ``POST /api/outputs/<key>/take``: ``{}`` takes every cued layer at once (H2R's Run),
  ``{"layer"}`` one layer's cue, ``{"layer"?, "graphic", "options"?}`` a graphic directly;
- ``POST /api/outputs/<key>/clear``: ``{}`` clears every layer, ``{"layer"}`` one.

Every request carries ``Authorization: Bearer <control token>``: the output's control
token (shown in the panel, renewable there, printed by ``manage.py outputs``), not its
key (the key only reads: whoever has an overlay URL must not be able to drive it). Token
auth, so no session and no CSRF. Answers are JSON: the new state, or ``{"error": …}``
with 400 (a body or graphic that cannot be), 401 (no or wrong token), 404 (no such output,
or revoked), 405, 409 (nothing cued to take).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from asgiref.sync import sync_to_async
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from dashboard.overlay import control, graphics, views
from dashboard.overlay.models import Output

MAX_BODY_BYTES = 4096
FIELDS = {"layer", "graphic", "options"}


class Refusal(Exception):
    """A request the API answers with an error (status and message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _error(status: int, message: str) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="courtside"'
    return response


def state(output: Output) -> dict[str, Any]:
    """An output's state as the API answers it."""
    return {
        "name": output.name,
        "game_id": output.game.event_id,
        "version": output.version,
        "layers": control.layers_summary(output),
        "delay_ms": output.delay_ms,
    }


def _authorized(key: str, header: str) -> Output:
    output = Output.objects.select_related("game").filter(key=key, revoked=False).first()
    if output is None:
        raise Refusal(404, "No such output (unknown key, or revoked).")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refusal(401, "Send the output's control token: Authorization: Bearer <token>.")
    if not secrets.compare_digest(token.strip().encode(), output.control_token.encode()):
        raise Refusal(401, "This control token does not drive this output (renewed?).")
    return output


def _body(request: HttpRequest) -> dict[str, Any]:
    raw = request.body
    if len(raw) > MAX_BODY_BYTES:
        raise Refusal(400, f"The body is over {MAX_BODY_BYTES} bytes.")
    if not raw.strip():
        return {}
    # The body is read as JSON whatever its declared type: ``curl -d`` and some button
    # boxes label JSON as a form.
    try:
        body = json.loads(raw)
    except ValueError:
        raise Refusal(400, "The body is not JSON.") from None
    if not isinstance(body, dict):
        raise Refusal(400, 'The body is a JSON object: {"layer", "graphic", "options"}.')
    unknown = sorted(set(body) - FIELDS)
    if unknown:
        raise Refusal(400, f"Unknown field {', '.join(unknown)} (layer, graphic, options).")
    for name in ("layer", "graphic"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise Refusal(400, f"{name} is a string.")
    options = body.get("options")
    if options is not None and not isinstance(options, dict):
        raise Refusal(400, "options is a JSON object.")
    return body


@csrf_exempt
async def output_state(request: HttpRequest, key: str) -> JsonResponse:
    """``GET /api/outputs/<key>``."""
    if request.method != "GET":
        return _error(405, "GET this; POST to …/cue, …/take or …/clear.")
    header = request.headers.get("Authorization", "")
    try:
        output = await sync_to_async(_authorized)(key, header)
    except Refusal as refusal:
        return _error(refusal.status, str(refusal))
    return JsonResponse(state(output))


def _act(action: str, output: Output, body: dict[str, Any]) -> tuple:
    """The control function and its arguments for an action and a body."""
    layer, graphic = body.get("layer") or None, body.get("graphic") or None
    options = body.get("options") or {}
    if action == "cue":
        return control.cue, output.pk, graphic, options, layer
    if action == "take":
        return control.take, output.pk, layer, graphic, options
    if graphic or options:
        raise Refusal(400, "clear takes only a layer.")
    return control.clear, output.pk, layer


@csrf_exempt
async def output_action(request: HttpRequest, key: str, action: str) -> JsonResponse:
    """``POST /api/outputs/<key>/cue|take|clear``."""
    if request.method != "POST":
        return _error(405, f"POST to …/{action}.")
    header = request.headers.get("Authorization", "")
    try:
        output = await sync_to_async(_authorized)(key, header)
        body = _body(request)
        change, *args = _act(action, output, body)
        changed = await views.run_change(output.game.event_id, change, *args)
    except Refusal as refusal:
        return _error(refusal.status, str(refusal))
    except control.NothingCued as exc:
        return _error(409, str(exc))
    except graphics.GraphicError as exc:
        return _error(400, str(exc))
    except control.OutputGone:
        return _error(404, "No such output (unknown key, or revoked).")
    return JsonResponse(await sync_to_async(state)(changed))
