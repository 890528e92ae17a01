"""Changing what an output shows: take, clear, cue, settings, revoke, and marker automation.

Synchronous (database) functions; each returns the payload to publish, and the caller
publishes it with ``broadcast.groups.publish_on_air`` once the row is saved, so an
overlay that reloads between the two still finds the new state in the database. Every
change bumps the output's version inside its own write, so two takes get two versions
and the newer one wins everywhere.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from broadcast import groups
from broadcast.models import Game
from broadcast.state import game_state
from dashboard.overlay import graphics, markers
from dashboard.overlay.models import MAX_DELAY_MS, Output

PROGRAM, PREVIEW = "program", "preview"
BUSES = (PROGRAM, PREVIEW)
MAX_OUTPUTS = 12  # per game


class OutputGone(LookupError):
    """The output does not exist, belongs to another game, or its key was revoked."""


def now_ms() -> int:
    return int(time.time() * 1000)


def live_output(key: str) -> Output | None:
    """The output with this key, unless it was revoked (its game loaded too)."""
    return Output.objects.select_related("game").filter(key=key, revoked=False).first()


def outputs_of(game: Game) -> list[Output]:
    """A game's outputs that still air (revoked ones are gone for good)."""
    return list(game.outputs.filter(revoked=False))


def bus_state(output: Output, bus: str) -> tuple[str | None, dict[str, Any]]:
    """The graphic (None: nothing) and options of one of an output's buses."""
    if bus == PROGRAM:
        return output.graphic or None, dict(output.options)
    return output.cued_graphic or None, dict(output.cued_options)


def data_for(graphic: str | None, options: Mapping[str, Any], snapshot: Mapping[str, Any]):
    """A graphic's data now, or None when nothing is on the bus or it can no longer air."""
    if not graphic:
        return None
    try:
        return graphics.graphic_data(graphic, options, snapshot)
    except graphics.GraphicError:
        return None


def state_payload(output: Output, bus: str, snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The whole state of a bus as an overlay gets it (``broadcast.groups.on_air_payload``)."""
    graphic, options = bus_state(output, bus)
    data = data_for(graphic, options, snapshot)
    return groups.on_air_payload(
        output.pk, bus, output.version, graphic if data else None, options, data, now_ms()
    )


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


def _write(output_id: int, *, only_if: Mapping[str, Any] | None = None, **fields: Any) -> int:
    """Update an airing output and bump its version; the new version.

    The UPDATE comes first in its transaction (it takes the row's lock, and SQLite's write
    lock, before anything is read) and the version is read back inside it, so two writers
    get two versions. ``only_if``: columns that must still hold these values (else
    OutputGone: someone else changed it first).
    """
    with transaction.atomic():
        rows = Output.objects.filter(pk=output_id, revoked=False, **(only_if or {}))
        if not rows.update(version=F("version") + 1, **fields):
            raise OutputGone(f"output {output_id} is revoked, gone or changed meanwhile")
        return Output.objects.filter(pk=output_id).values_list("version", flat=True).get()


def _put(game_id: str, output_id: int, bus: str, graphic: str | None, options: Mapping) -> dict:
    """Put a graphic (None: nothing) on a bus; the payload to publish."""
    output = _output(game_id, output_id)
    snapshot, _ = game_state(output.game)
    data = None
    if graphic:
        options = graphics.check(graphic, options, snapshot)
        data = graphics.graphic_data(graphic, options, snapshot)
    else:
        options = {}
    if bus == PROGRAM:
        taken_at = timezone.now() if graphic else None
        version = _write(output.pk, graphic=graphic or "", options=options, taken_at=taken_at)
    else:
        version = _write(output.pk, cued_graphic=graphic or "", cued_options=options)
    return groups.on_air_payload(output.pk, bus, version, graphic, options, data, now_ms())


def take(game_id: str, output_id: int, graphic: str, options: Mapping[str, Any]) -> dict:
    """Put a graphic on air; raises GraphicError when it cannot air, OutputGone."""
    return _put(game_id, output_id, PROGRAM, graphic, options)


def clear(game_id: str, output_id: int) -> dict:
    """Take whatever is on air off it."""
    return _put(game_id, output_id, PROGRAM, None, {})


def cue(game_id: str, output_id: int, graphic: str | None, options: Mapping[str, Any]) -> dict:
    """Put a graphic in preview (None: an empty preview)."""
    return _put(game_id, output_id, PREVIEW, graphic, options)


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


def create(game: Game, name: str) -> Output:
    """A new output of a game, with a fresh key; raises ValueError past MAX_OUTPUTS."""
    if game.outputs.filter(revoked=False).count() >= MAX_OUTPUTS:
        raise ValueError(f"a game has at most {MAX_OUTPUTS} outputs")
    name = name.strip()[:60] or f"Output {game.outputs.count() + 1}"
    return Output.objects.create(game=game, name=name)


def apply_markers(output_id: int, changes: Iterable[Mapping[str, Any]]) -> dict | None:
    """Run an output's automation on a delta's markers; the payload to publish, or None.

    Exactly once per marker across processes: only markers after the output's
    ``marker_ms`` act, and the write only lands if ``marker_ms`` is still what was read
    (a process that lost the race publishes nothing). When one delta holds several
    markers, the last one's result airs.
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
    last = actions[-1]
    snapshot, _ = game_state(output.game)
    data = data_for(last.graphic, last.options, snapshot)
    graphic = last.graphic if data is not None else None
    options = dict(last.options) if graphic else {}
    try:
        version = _write(
            output.pk,
            only_if={"marker_ms": output.marker_ms},
            marker_ms=max(action.occurred_at for action in actions),
            graphic=graphic or "",
            options=options,
            taken_at=timezone.now() if graphic else None,
        )
    except OutputGone:
        return None
    return groups.on_air_payload(output.pk, PROGRAM, version, graphic, options, data, now_ms())


def summary(output: Output) -> dict[str, Any]:
    """An output as the operators' panel shows it."""
    return {
        "id": output.pk,
        "name": output.name,
        "version": output.version,
        "program": {"graphic": output.graphic or None, "options": output.options},
        "preview": {"graphic": output.cued_graphic or None, "options": output.cued_options},
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
