"""Changing what an output shows: cue, take, clear (by layer), settings, revoke, automation.

Synchronous (database) functions; each returns the saved output, and the caller publishes
its new state with ``broadcast.groups.publish_output_state`` once the row is saved, so an
overlay that reloads between the two still finds the new state in the database. Every
change bumps the output's version inside its own write (the row locked first), so two
operators' changes get two versions, the newer one wins everywhere, and a Take always
airs the cue as stored at that moment, never what some browser believes is cued.

A graphic whose data is frozen at Take (``graphics.FROZEN``: the movement replay) gets its
data here, when it is taken: ``replays.freeze`` reads it from the log and the program
entry keeps it as ``clip``, so every overlay of the output (a reloaded one too) airs that
clip. A cue holds only the options; the panel and the control API see a clip's summary.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from broadcast import groups
from broadcast.models import FeedEvent, Game
from broadcast.state import game_state
from dashboard.overlay import graphics, markers, replays
from dashboard.overlay.models import MAX_DELAY_MS, Output, new_key

PROGRAM, PREVIEW = "program", "preview"
BUSES = (PROGRAM, PREVIEW)
LAYERS = tuple(graphics.LAYERS)
MAX_OUTPUTS = 12  # per game


class NothingCued(graphics.GraphicError):
    """Take without a graphic, where no layer asked for has a cue."""


class OutputGone(LookupError):
    """The output does not exist, belongs to another game, or its key was revoked."""


def now_ms() -> int:
    return int(time.time() * 1000)


def live_output(key: str) -> Output | None:
    """The output with this key, unless it was revoked (its game loaded too)."""
    return Output.objects.select_related("game").filter(key=key, revoked=False).first()


def controlled_output(token: str) -> Output | None:
    """The output this control token drives, unless it was revoked."""
    if not token:
        return None
    return Output.objects.select_related("game").filter(control_token=token, revoked=False).first()


def outputs_of(game: Game) -> list[Output]:
    """A game's outputs that still air (revoked ones are gone for good)."""
    return list(game.outputs.filter(revoked=False))


def bus_layers(program: Mapping, cued: Mapping, bus: str) -> dict[str, dict[str, Any]]:
    """What a bus shows, by layer: the program; or for the preview, what Take would air
    (each cued layer over the program of the others)."""
    shown = {}
    for layer in LAYERS:
        entry = program.get(layer) if bus == PROGRAM else cued.get(layer) or program.get(layer)
        if entry and entry.get("graphic"):
            options = dict(entry.get("options") or {})
            shown[layer] = {"graphic": entry["graphic"], "options": options}
            if entry.get("clip"):
                shown[layer]["clip"] = entry["clip"]
    return shown


def data_for(graphic: str | None, options: Mapping[str, Any], snapshot: Mapping[str, Any]):
    """A graphic's data now, or None when nothing is on the bus or it can no longer air."""
    if not graphic:
        return None
    try:
        return graphics.graphic_data(graphic, options, snapshot)
    except graphics.GraphicError:
        return None


def layers_with_data(
    layers: Mapping[str, Mapping[str, Any]], snapshot: Mapping[str, Any]
) -> dict[str, dict[str, Any] | None]:
    """Every layer (None: empty) with its graphic's data now (a graphic that can no longer
    air leaves its layer empty)."""
    out: dict[str, dict[str, Any] | None] = {}
    for layer in LAYERS:
        entry = layers.get(layer)
        data = data_for(entry["graphic"], entry["options"], snapshot) if entry else None
        if data is not None and entry["graphic"] in graphics.FROZEN:
            # What was frozen at Take airs (a cue in preview has none yet: it says so).
            data = {**data, "clip": entry.get("clip")}
        out[layer] = (
            {"graphic": entry["graphic"], "options": entry["options"], "data": data}
            if data is not None
            else None
        )
    return out


def state_payload(output: Output, bus: str, snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The whole state of a bus as an overlay gets it (``broadcast.groups.on_air_payload``)."""
    layers = layers_with_data(bus_layers(output.program, output.cued, bus), snapshot)
    return groups.on_air_payload(output.pk, bus, output.version, layers, now_ms())


def airing(output_id: int) -> Output | None:
    """An output (its game loaded) unless it was revoked."""
    return Output.objects.select_related("game").filter(pk=output_id, revoked=False).first()


def _output(game_id: str, output_id: int) -> Output:
    output = (
        Output.objects.select_related("game")
        .filter(pk=output_id, game__event_id=game_id, revoked=False)
        .first()
    )
    if output is None:
        raise OutputGone(f"no output {output_id} in game {game_id}")
    return output


def _change(
    output_id: int,
    change: Callable[[Output], None],
    *,
    only_if: Mapping[str, Any] | None = None,
) -> Output:
    """Change an airing output's layers under its row lock and bump its version.

    The UPDATE comes first in its transaction (it takes the row's lock, and SQLite's write
    lock, before anything is read), then the row is read, changed and saved, so two
    writers never work from the same reading. ``change`` may raise to change nothing.
    ``only_if``: columns that must still hold these values (else OutputGone).
    """
    with transaction.atomic():
        rows = Output.objects.filter(pk=output_id, revoked=False, **(only_if or {}))
        if not rows.update(version=F("version") + 1):
            raise OutputGone(f"output {output_id} is revoked, gone or changed meanwhile")
        output = Output.objects.select_related("game").get(pk=output_id)
        change(output)
        output.save(update_fields=["program", "cued", "taken_at", "marker_ms"])
        return output


def _checked(output: Output, graphic: str, options: Mapping, layer: str | None) -> tuple:
    """(layer, options) of a graphic that can air on this output now; GraphicError if not."""
    layer = graphics.layer_for(graphic, layer)
    snapshot, _ = game_state(output.game)
    options = graphics.check(graphic, options or {}, snapshot)
    if graphic == "replay":
        problem = graphics.replay_problem(options, snapshot)
        if problem is None and not _has_positions(output.game):
            problem = "No positions are stored for this game yet: nothing to replay."
        if problem:
            raise graphics.GraphicError(problem)
    return layer, options


def _has_positions(game: Game) -> bool:
    return FeedEvent.objects.filter(game=game, kind=FeedEvent.Kind.LOCATIONS).exists()


def _frozen(game: Game, entry: Mapping[str, Any], snapshot: Mapping[str, Any] | None = None):
    """The entry as it airs: a frozen graphic's clip read from the log now (GraphicError if
    there is nothing to show); any other entry as it is."""
    if entry["graphic"] not in graphics.FROZEN:
        return dict(entry)
    if snapshot is None:
        snapshot, _ = game_state(game)
    options = graphics.check(entry["graphic"], entry.get("options") or {}, snapshot)
    return {"graphic": entry["graphic"], "options": options,
            "clip": replays.freeze(game, options, snapshot)}  # fmt: skip


def _layers_named(layer: str | None) -> tuple[str, ...]:
    if layer in (None, ""):
        return LAYERS
    if layer not in LAYERS:
        raise graphics.GraphicError(f"there is no layer called {layer!r} (bug, lower or full)")
    return (layer,)


def cue(
    game_id: str,
    output_id: int,
    graphic: str | None,
    options: Mapping[str, Any] | None = None,
    layer: str | None = None,
) -> Output:
    """Cue a graphic on its layer (replacing that layer's cue, options and all); no graphic
    empties the cue of ``layer`` (or of every layer)."""
    output = _output(game_id, output_id)
    if graphic:
        layer, options = _checked(output, graphic, options or {}, layer)

        def change(o: Output) -> None:
            o.cued = {**o.cued, layer: {"graphic": graphic, "options": options}}
    else:
        emptied = _layers_named(layer)

        def change(o: Output) -> None:
            o.cued = {k: v for k, v in o.cued.items() if k not in emptied}

    return _change(output.pk, change)


def take(
    game_id: str,
    output_id: int,
    layer: str | None = None,
    graphic: str | None = None,
    options: Mapping[str, Any] | None = None,
) -> Output:
    """Put on air: a graphic given here (on its layer), or else the stored cue of ``layer``,
    or of every cued layer at once (H2R's Run). The cue taken is used up.

    GraphicError when nothing is cued there or the graphic cannot air; OutputGone.
    """
    output = _output(game_id, output_id)
    if graphic:
        layer, options = _checked(output, graphic, options or {}, layer)
        cue_entry = {"graphic": graphic, "options": options}
        entry = _frozen(output.game, cue_entry)

        def change(o: Output) -> None:
            o.program = {**o.program, layer: entry}
            if o.cued.get(layer) == cue_entry:
                o.cued = {k: v for k, v in o.cued.items() if k != layer}
            o.taken_at = timezone.now()
    else:
        wanted = _layers_named(layer)

        def change(o: Output) -> None:
            taking = [name for name in wanted if o.cued.get(name)]
            if not taking:
                where = f"the {layer} layer" if layer else "any layer"
                raise NothingCued(f"nothing is cued on {where}")
            # The stored cue, as read under the row's lock; a replay's frames frozen now.
            o.program = {**o.program, **{name: _frozen(o.game, o.cued[name]) for name in taking}}
            o.cued = {k: v for k, v in o.cued.items() if k not in taking}
            o.taken_at = timezone.now()

    return _change(output.pk, change)


def clear(game_id: str, output_id: int, layer: str | None = None) -> Output:
    """Take ``layer`` off air, or every layer ("clear all")."""
    output = _output(game_id, output_id)
    cleared = _layers_named(layer)

    def change(o: Output) -> None:
        o.program = {k: v for k, v in o.program.items() if k not in cleared}

    return _change(output.pk, change)


def configure(game_id: str, output_id: int, *, delay_ms: int, rules: markers.Rules) -> Output:
    """Set an output's delay and automation.

    Turning a rule on starts it from the game's present: a marker the feed delivers late,
    from before the rule was on, does not act.
    """
    if not 0 <= delay_ms <= MAX_DELAY_MS:
        raise ValueError(f"the delay is 0 to {MAX_DELAY_MS // 1000} seconds")
    output = _output(game_id, output_id)
    fields = {
        "delay_ms": delay_ms,
        "auto_halftime": rules.halftime_box_score,
        "auto_final": rules.final_box_score,
        "auto_clear": rules.clear_on_play_start,
    }
    if rules.any and not output.rules.any:
        snapshot, _ = game_state(output.game)
        fields["marker_ms"] = max(output.marker_ms, int(snapshot["clock"]["as_of_ms"]))
    if not Output.objects.filter(pk=output.pk, revoked=False).update(**fields):
        raise OutputGone(f"output {output_id} is revoked or gone")
    output.refresh_from_db()
    return output


def revoke(game_id: str, output_id: int) -> Output:
    """Revoke an output's key for good: its overlays go blank and cannot come back."""
    output = _output(game_id, output_id)
    if not Output.objects.filter(pk=output.pk, revoked=False).update(revoked=True):
        raise OutputGone(f"output {output_id} is already revoked")
    output.revoked = True
    return output


def new_control_token(game_id: str, output_id: int) -> Output:
    """Give an output a fresh control token: the old one stops working at once."""
    output = _output(game_id, output_id)
    output.control_token = new_key()
    output.save(update_fields=["control_token"])
    return output


def create(game: Game, name: str) -> Output:
    """A new output of a game, with a fresh key; raises ValueError past MAX_OUTPUTS."""
    if game.outputs.filter(revoked=False).count() >= MAX_OUTPUTS:
        raise ValueError(f"a game has at most {MAX_OUTPUTS} outputs")
    name = name.strip()[:60] or f"Output {game.outputs.count() + 1}"
    return Output.objects.create(game=game, name=name)


def apply_markers(output_id: int, changes: Iterable[Mapping[str, Any]]) -> Output | None:
    """Run an output's automation on a delta's markers; the changed output, or None.

    Automation acts on the full-screen layer only (the bug and lower thirds stay): the
    box score goes up there, and play starting clears it. Exactly once per marker across
    processes: only markers after the output's ``marker_ms`` act, and the write only lands
    if ``marker_ms`` is still what was read (a process that lost the race changes nothing).
    """
    changes = list(changes)
    if not markers.markers_in(changes):
        return None
    output = airing(output_id)
    if output is None or not output.rules.any:
        return None
    actions = markers.actions(changes, output.rules, after_ms=output.marker_ms)
    if not actions:
        return None

    def change(o: Output) -> None:
        for action in actions:
            if action.graphic:
                entry = {"graphic": action.graphic, "options": dict(action.options)}
                o.program = {**o.program, action.layer: entry}
                o.taken_at = timezone.now()
            else:
                o.program = {k: v for k, v in o.program.items() if k != action.layer}
        o.marker_ms = max(action.occurred_at for action in actions)

    try:
        return _change(output.pk, change, only_if={"marker_ms": output.marker_ms})
    except OutputGone:
        return None


def _entry_summary(entry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An entry without its frozen clip (a clip's summary instead), and named in words."""
    if not entry:
        return None
    out = {"graphic": entry["graphic"], "options": entry.get("options") or {}}
    if entry["graphic"] in graphics.FROZEN:
        out["label"] = graphics.describe(entry)
        if "clip" in entry:
            out["clip"] = replays.clip_summary(entry["clip"])
    return out


def layers_summary(output: Output) -> dict[str, dict[str, Any]]:
    """Each layer's program and cue (None: empty), as the panel and the control API show them."""
    return {
        layer: {
            "program": _entry_summary(output.program.get(layer)),
            "cued": _entry_summary(output.cued.get(layer)),
        }
        for layer in LAYERS
    }


def summary(output: Output) -> dict[str, Any]:
    """An output as the operators' panel shows it."""
    return {
        "id": output.pk,
        "name": output.name,
        "version": output.version,
        "layers": layers_summary(output),
        "delay_ms": output.delay_ms,
        "rules": {
            "halftime": output.auto_halftime,
            "final": output.auto_final,
            "clear": output.auto_clear,
        },
    }


def outputs_payload(game: Game) -> dict[str, Any]:
    """Every airing output of a game, for the operators' panel socket."""
    return {
        "type": "outputs",
        "game_id": game.event_id,
        "outputs": [summary(output) for output in outputs_of(game)],
    }
