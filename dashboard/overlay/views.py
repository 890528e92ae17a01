"""On-air graphics over HTTP: the output page, the operator's panel and actions, the data source.

- ``/overlay/<key>/``: the browser source (1920x1080, transparent, no scrollbars, no
  cursor). An unknown or revoked key gets a 404 that is a blank transparent page:
  whatever a broadcast machine shows of it airs, so it shows nothing.
- ``/overlay/<key>/preview/``: the same renderer on the output's preview bus (operators).
- ``/games/<game_id>/graphics/…``: the panel (an htmx partial) and its POSTs, behind CSRF
  and the operator role: take, clear and cue answer JSON; new output and revoke answer
  the panel again; settings answer a result line.
- ``/api/games/<game_id>/datasource.json``: flat key/value text for vMix and CasparCG,
  for an output key of the game (``?key=``) or an operator's session.
"""

from __future__ import annotations

import dataclasses
import json
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt, xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from broadcast import groups
from broadcast.models import Game
from broadcast.state import game_state
from dashboard import vocabulary
from dashboard.overlay import control, graphics, markers
from dashboard.overlay.models import MAX_DELAY_MS, Output
from dashboard.roles import OPERATOR, has_role
from dashboard.views import pages
from dashboard.views.access import operator_required
from dashboard.views.courtdata import court_data
from dashboard.views.shotchart import court_drawing, zone_shapes

# What a dead output URL shows: nothing, on a transparent page. (An empty body would make
# Chromium, and so OBS and CasparCG, paint its own error page, and that would air.)
GONE_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title></title>"
    b"<style>html,body{margin:0;background:transparent;overflow:hidden}</style>"
    b"</head><body></body></html>"
)


def _gone() -> HttpResponse:
    return HttpResponseNotFound(GONE_PAGE, content_type="text/html; charset=utf-8")


def _overlay_config(output: Output, bus: str) -> dict[str, Any]:
    """What overlay.js needs besides the socket's messages: the socket and the court lines."""
    suffix = "preview/" if bus == control.PREVIEW else ""
    return {
        "ws_path": f"/ws/overlay/{output.key}/{suffix}",
        "bus": bus,
        "graphics": graphics.GRAPHICS,
        "court": court_data(output.game),
        "half_court": dataclasses.asdict(court_drawing()),
        "zones": [
            {"number": z["number"], "points": z["points"], "cx": z["cx"], "cy": z["cy"]}
            for z in zone_shapes()
        ],
    }


def _overlay(request: HttpRequest, key: str, bus: str) -> HttpResponse:
    output = control.live_output(key)
    if output is None:
        return _gone()
    response = render(request, "overlay/output.html", {"overlay": _overlay_config(output, bus)})
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"  # the key is in the URL
    return response


@require_GET
@xframe_options_sameorigin
def output(request: HttpRequest, key: str) -> HttpResponse:
    """The browser source of an output: what is on air, nothing else."""
    return _overlay(request, key, control.PROGRAM)


@require_GET
@xframe_options_sameorigin
@operator_required
def preview(request: HttpRequest, key: str) -> HttpResponse:
    """The same renderer on what the operator cued (shown in the panel)."""
    return _overlay(request, key, control.PREVIEW)


# -- the CasparCG / SPX-GC template ------------------------------------------------------------

TEMPLATE_FIELDS = ("graphic", "team", "player", "layer", "of", "seconds", "speed")


def spx_definition(snapshot: dict[str, Any]) -> dict[str, Any]:
    """SPX-GC's template definition: where it plays, and its fields with valid defaults."""
    teams = _players(snapshot)
    every_graphic = [{"text": label, "value": name} for name, label in graphics.GRAPHICS.items()]
    return {
        "description": "Courtside live graphic",
        "playserver": "OVERLAY",
        "playchannel": "1",
        "playlayer": "20",
        "webplayout": "20",
        "steps": "1",
        "out": "manual",
        "uicolor": "2",
        "dataformat": "json",
        "DataFields": [
            {"field": "graphic", "ftype": "dropdown", "title": "Graphic", "value": "scorebug",
             "items": every_graphic},
            {"field": "team", "ftype": "dropdown", "title": "Team (box score, shot chart)",
             "value": "", "items": [{"text": "Both teams / none", "value": ""}]
             + [{"text": t["name"], "value": str(t["id"])} for t in teams]},
            {"field": "player", "ftype": "dropdown", "title": "Player (lower third, shot chart)",
             "value": "", "items": [{"text": "None", "value": ""}]
             + [{"text": f"{t['name']} #{p['jersey']} {p['name']}", "value": str(p["id"])}
                for t in teams for p in t["players"]]},
            {"field": "of", "ftype": "dropdown", "title": "Replay of (movement replay)",
             "value": "shot", "items": [{"text": label, "value": name}
                                        for name, label in vocabulary.REPLAY_OF.items()]},
            {"field": "seconds", "ftype": "number", "title": "Replay seconds (3-30)",
             "value": "8"},
            {"field": "speed", "ftype": "dropdown", "title": "Replay speed", "value": "1",
             "items": [{"text": label, "value": name}
                       for name, label in vocabulary.REPLAY_SPEEDS.items()]},
            {"field": "layer", "ftype": "dropdown", "title": "Layer", "value": "",
             "items": [{"text": "The graphic's own", "value": ""}]
             + [{"text": label, "value": name} for name, label in graphics.LAYERS.items()]},
        ],
    }  # fmt: skip


@require_GET
@xframe_options_exempt
def template(request: HttpRequest, key: str) -> HttpResponse:
    """``/overlay/<key>/template.html``: the output as a CasparCG / SPX-GC HTML template.

    Absolute URLs inside (server and key), so the file also works from CasparCG's templates
    folder (``?download=1`` saves it as one). ``?autoplay=1&graphic=…`` plays on load, for
    ``PLAY 1-20 [HTML] <url>`` where nothing calls play().
    """
    output = control.live_output(key)
    if output is None:
        return _gone()
    snapshot, _ = game_state(output.game)
    base_url = request.build_absolute_uri("/").rstrip("/")
    scheme = "wss" if request.is_secure() else "ws"
    config = {
        **_overlay_config(output, "template"),
        "mode": "template",
        "ws_url": f"{scheme}://{request.get_host()}/ws/overlay/{output.key}/graphic/",
        "autoplay": request.GET.get("autoplay") == "1",
        "fields": {name: request.GET[name] for name in TEMPLATE_FIELDS if request.GET.get(name)}
        or {"graphic": "scorebug"},
    }
    definition = json.dumps(spx_definition(snapshot)).replace("</", "<\\/")
    response = render(request, "overlay/template.html", {
        "overlay": config, "spx_definition": definition, "base_url": base_url,
        "name": output.name,
    })  # fmt: skip
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    # The project's policy, but any page may frame it (SPX-GC plays templates in iframes of
    # its own origin); its one inline script (SPX's definition) carries the request's nonce.
    nonce = getattr(request, "csp_nonce", "")
    response["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'none'; frame-ancestors *"
    )
    if request.GET.get("download") == "1":
        slug = re.sub(r"[^a-z0-9]+", "-", output.name.lower()).strip("-") or "output"
        response["Content-Disposition"] = f'attachment; filename="courtside-{slug}.html"'
    return response


# -- the panel ---------------------------------------------------------------------------------


def _players(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    teams = []
    for i, team in enumerate((snapshot.get("teams") or [])[:2]):
        players = [
            {"id": p["id"], "jersey": p["jersey_number"], "name": p["display_name"]}
            for p in team["players"]
        ]
        teams.append({"id": team["id"], "name": team["name"], "side": ("home", "away")[i],
                      "players": players})  # fmt: skip
    return teams


def _graphic_buttons() -> list[dict[str, Any]]:
    """The panel's graphic buttons: each graphic on its home layer, then the other layers
    a graphic also goes on (the team comparison as a strip on the lower layer)."""
    buttons = [
        {"graphic": g, "label": label, "layer": graphics.HOME_LAYER[g], "alt": False}
        for g, label in graphics.GRAPHICS.items()
    ]
    for layer, names in graphics.LAYER_GRAPHICS.items():
        for g in names:
            if graphics.HOME_LAYER[g] != layer:
                label = "Comparison strip" if g == "team_comparison" else graphics.GRAPHICS[g]
                buttons.append({"graphic": g, "label": label, "layer": layer, "alt": True})
    for button in buttons:
        button["layer_label"] = graphics.LAYERS[button["layer"]]
    return buttons


# The replay's fields in the panel; any whole number of seconds in range works over the API.
REPLAY_CHOICES = {
    "of": vocabulary.REPLAY_OF,
    "speeds": vocabulary.REPLAY_SPEEDS,
    "seconds": (3, 5, 8, 10, 15, 20, 30),
    "defaults": graphics.REPLAY_DEFAULTS,
    "rule": "Take freezes the replay's frames from the log. On air it plays once, then holds "
    "its last frame with the shot's result until you clear it; a reloaded output plays the "
    "same frames again.",
}


def _panel_context(request: HttpRequest, game: Game, **extra: Any) -> dict[str, Any]:
    snapshot, _ = game_state(game)
    outputs = []
    for output in control.outputs_of(game):
        url = request.build_absolute_uri(reverse("overlay-output", args=[output.key]))
        outputs.append({
            "output": output,
            "url": url,
            "preview_url": reverse("overlay-preview", args=[output.key]),
            "datasource_url": request.build_absolute_uri(
                reverse("overlay-datasource", args=[game.event_id])
            ) + f"?key={output.key}",
            "delay_s": output.delay_ms // 1000,
            "actions": {
                name: reverse(f"overlay-{name}", args=[game.event_id, output.pk])
                for name in ("take", "clear", "cue", "settings", "revoke", "token")
            },
        })  # fmt: skip
    return {
        "game": game,
        "graphics_ok": snapshot.get("kind") == "game" and len(snapshot.get("teams") or []) >= 2,
        "graphics": graphics.GRAPHICS,
        "layers": graphics.LAYERS,
        "graphic_buttons": _graphic_buttons(),
        "graphic_options": {name: list(opts) for name, opts in graphics.OPTIONS.items()},
        "replay": REPLAY_CHOICES,
        "teams": _players(snapshot),
        "outputs": outputs,
        "max_delay_s": MAX_DELAY_MS // 1000,
        "create_url": reverse("overlay-create", args=[game.event_id]),
        "ws_path": f"/ws/games/{game.event_id}/graphics/",
        **extra,
    }


def _panel(request: HttpRequest, game: Game, status: int = 200, **extra: Any) -> HttpResponse:
    context = _panel_context(request, game, **extra)
    return render(request, "overlay/partials/panel_body.html", context, status=status)


@require_GET
def on_air_page(request: HttpRequest, game_id: str) -> HttpResponse:
    """``/games/<id>/on-air/``: the graphics operator's page (the score always in view)."""
    return pages.game(request, game_id, on_air=True)


@require_GET
@operator_required
def panel(request: HttpRequest, game_id: str) -> HttpResponse:
    """The graphics panel of a game's console (htmx loads it into the page)."""
    return _panel(request, get_object_or_404(Game, event_id=game_id))


@require_POST
@operator_required
async def create_output(request: HttpRequest, game_id: str) -> HttpResponse:
    """A new output with a fresh key; the panel again."""
    game = await Game.objects.filter(event_id=game_id).afirst()
    if game is None:
        return JsonResponse({"error": "No such game."}, status=404)
    try:
        output = await sync_to_async(control.create)(game, request.POST.get("name", ""))
    except ValueError as exc:
        return await sync_to_async(_panel)(request, game, status=400, problem=str(exc))
    await groups.publish_outputs_changed(game.event_id, output.pk)
    return await sync_to_async(_panel)(request, game, selected=output.pk)


def _options(request: HttpRequest, graphic: str) -> dict[str, str]:
    """The posted options the graphic takes (a form posts every field; the rest is ignored)."""
    names = graphics.OPTIONS.get(graphic, ())
    return {name: request.POST[name] for name in names if request.POST.get(name)}


# Takes, clears and cues run on a thread of their own: on the thread every other sync view
# and consumer of the process shares (and, in the demo, the relay's writes), a take would
# wait its turn behind them, and it has 250 ms to reach the air.
_CONTROL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="overlay-control")


def _controlled(change, *args):
    close_old_connections()  # no request cycle runs here to drop a broken or stale connection
    return change(*args)


async def run_change(game_id: str, change, *args) -> Output:
    """Run a control change on the control thread and publish the output's new state."""
    output = await sync_to_async(_controlled, thread_sensitive=False, executor=_CONTROL)(
        change, game_id, *args
    )
    await groups.publish_output_state(
        game_id, output.pk, output.version, output.program, output.cued
    )
    return output


async def _publish(game_id: str, change, *args) -> JsonResponse:
    try:
        output = await run_change(game_id, change, *args)
    except control.OutputGone:
        return JsonResponse({"error": "This output is gone (revoked or unknown)."}, status=404)
    except control.NothingCued as exc:
        return JsonResponse({"error": str(exc)}, status=409)
    except graphics.GraphicError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(control.summary(output))


def _layer(request: HttpRequest) -> str | None:
    return request.POST.get("layer") or None


@require_POST
@operator_required
async def take(request: HttpRequest, game_id: str, output_id: int) -> JsonResponse:
    """Take the stored cue of ``layer`` (or of every cued layer) to air.

    A ``graphic`` posted with it is taken directly (the automation's and scripts' way);
    the panel posts none: what airs is the cue as the server holds it.
    """
    graphic = request.POST.get("graphic") or None
    options = _options(request, graphic) if graphic else None
    return await _publish(game_id, control.take, output_id, _layer(request), graphic, options)


@require_POST
@operator_required
async def clear(request: HttpRequest, game_id: str, output_id: int) -> JsonResponse:
    """Take ``layer`` (or every layer) off air."""
    return await _publish(game_id, control.clear, output_id, _layer(request))


@require_POST
@operator_required
async def cue(request: HttpRequest, game_id: str, output_id: int) -> JsonResponse:
    """Cue ``graphic`` on its layer (an empty graphic empties the layer's cue)."""
    graphic = request.POST.get("graphic", "")
    options = _options(request, graphic)
    return await _publish(
        game_id, control.cue, output_id, graphic or None, options, _layer(request)
    )


def _result(request: HttpRequest, ok: bool, text: str, status: int = 200) -> HttpResponse:
    return render(request, "dashboard/partials/action_result.html", {"ok": ok, "text": text},
                  status=status)  # fmt: skip


@require_POST
@operator_required
async def configure(request: HttpRequest, game_id: str, output_id: int) -> HttpResponse:
    """Set the output's delay (0-30 s) and its marker automation."""
    try:
        delay_s = int(request.POST.get("delay", "0") or 0)
    except ValueError:
        delay_s = -1
    if not 0 <= delay_s <= MAX_DELAY_MS // 1000:
        return _result(request, False, f"The delay is 0 to {MAX_DELAY_MS // 1000} seconds.", 400)
    rules = markers.Rules(
        halftime_box_score=bool(request.POST.get("auto_halftime")),
        final_box_score=bool(request.POST.get("auto_final")),
        clear_on_play_start=bool(request.POST.get("auto_clear")),
    )
    try:
        output = await sync_to_async(control.configure)(
            game_id, output_id, delay_ms=delay_s * 1000, rules=rules
        )
    except control.OutputGone:
        return _result(request, False, "This output is gone (revoked or unknown).", 404)
    await groups.publish_output_settings(game_id, output.pk, output.delay_ms)
    return _result(request, True, f"Saved: {output.name} airs {delay_s} s behind live.")


@require_POST
@operator_required
async def revoke(request: HttpRequest, game_id: str, output_id: int) -> HttpResponse:
    """Revoke an output's key: its overlays go blank at once and the URL is dead for good."""
    game = await Game.objects.filter(event_id=game_id).afirst()
    if game is None:
        return JsonResponse({"error": "No such game."}, status=404)
    try:
        output = await sync_to_async(control.revoke)(game_id, output_id)
    except control.OutputGone:
        return await sync_to_async(_panel)(request, game, status=404,
                                           problem="This output is already gone.")  # fmt: skip
    await groups.publish_output_revoked(game_id, output.pk)
    return await sync_to_async(_panel)(request, game)


@require_POST
@operator_required
async def new_token(request: HttpRequest, game_id: str, output_id: int) -> HttpResponse:
    """Give an output a new control token (the old one stops working); the panel again."""
    game = await Game.objects.filter(event_id=game_id).afirst()
    if game is None:
        return JsonResponse({"error": "No such game."}, status=404)
    try:
        output = await sync_to_async(control.new_control_token)(game_id, output_id)
    except control.OutputGone:
        return await sync_to_async(_panel)(request, game, status=404,
                                           problem="This output is gone.")  # fmt: skip
    return await sync_to_async(_panel)(request, game, selected=output.pk)


# -- the data source ---------------------------------------------------------------------------


def _may_read(request: HttpRequest, game: Game) -> bool:
    key = request.GET.get("key", "")
    if key:
        return Output.objects.filter(key=key, game=game, revoked=False).exists()
    return has_role(request.user, OPERATOR)


@require_GET
def datasource(request: HttpRequest, game_id: str) -> HttpResponse:
    """Flat key/value text of a game for title templates (vMix, CasparCG)."""
    game = Game.objects.filter(event_id=game_id).first()
    if game is None or not _may_read(request, game):
        # A wrong key learns nothing, not even whether the game exists.
        return JsonResponse({"error": "not found"}, status=404)
    snapshot, seq = game_state(game)
    data = {**graphics.datasource(snapshot), "seq": str(seq)}
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    if request.GET.get("key"):
        # Title templates are pages of their own (CasparCG's HTML producer): the key is
        # the credential, so any origin holding it may read.
        response["Access-Control-Allow-Origin"] = "*"
    return response


# -- vMix data sources -------------------------------------------------------------------------


def _vmix(request: HttpRequest, key: str, rows) -> HttpResponse:
    output = control.live_output(key)
    if output is None:
        return JsonResponse({"error": "not found"}, status=404)
    snapshot, seq = game_state(output.game)
    data = rows(snapshot, seq)
    for row in data:  # vMix loads a logo by its absolute URL
        for name, value in row.items():
            if name.endswith("logo") and value:
                row[name] = request.build_absolute_uri(value)
    # A top-level array: vMix makes each element a row of the data source.
    response = JsonResponse(data, safe=False)
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"  # the key is the credential
    return response


@require_GET
def vmix_game(request: HttpRequest, key: str) -> HttpResponse:
    """``/overlay/<key>/vmix/game.json``: one row, the game (vMix Data Sources, JSON)."""
    return _vmix(request, key, graphics.vmix_game)


@require_GET
def vmix_players(request: HttpRequest, key: str) -> HttpResponse:
    """``/overlay/<key>/vmix/players.json``: a row per player (vMix Data Sources, JSON)."""
    return _vmix(request, key, lambda snapshot, seq: graphics.vmix_players(snapshot))
