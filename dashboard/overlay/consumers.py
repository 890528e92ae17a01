"""Websockets of the on-air graphics: the overlay, the operator's preview, the graphics panel.

- ``/ws/overlay/<key>/``: what is on air on an output (its key is the credential), delayed
  by the output's delay. The overlay only listens; what it says is ignored.
- ``/ws/overlay/<key>/preview/``: what the operator cued on it, live; operators only.
- ``/ws/overlay/<key>/graphic/``: a CasparCG / SPX-GC template's graphic, live (any origin).
- ``/ws/games/<game_id>/graphics/``: a game's outputs for the operators' panel, again on
  every change, and the "changed" notes when a correction moves a number they show.

Overlays are fed by their output's stream in this process (``streams``), never by the
game's group directly. Close codes: 4403 not an operator, 4404 unknown or revoked key
(the overlay stops retrying), unknown game.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from broadcast import groups
from broadcast.models import Game
from dashboard.overlay import control, graphics, live, replays, streams
from dashboard.roles import OPERATOR, has_role

CLOSE_FORBIDDEN = 4403
CLOSE_GONE = 4404


@database_sync_to_async
def _output_id(key: str) -> int | None:
    output = control.live_output(key)
    return output.pk if output is not None else None


_output = database_sync_to_async(control.live_output)


@database_sync_to_async
def _is_operator(user) -> bool:
    return user is not None and has_role(user, OPERATOR)


class OverlayConsumer(AsyncWebsocketConsumer):
    """One overlay (a browser source) of an output's program."""

    bus = control.PROGRAM
    stream: streams.OutputStream | None = None

    async def connect(self) -> None:
        output_id = await _output_id(self.scope["url_route"]["kwargs"]["key"])
        refusal = None
        if output_id is None:
            refusal = CLOSE_GONE
        elif self.bus == control.PREVIEW and not await _is_operator(self.scope.get("user")):
            refusal = CLOSE_FORBIDDEN
        # Accept first: a close before the handshake reaches a browser without its code.
        await self.accept()
        if refusal is None:
            self.stream = await streams.attach(output_id, self.bus, self)
            if self.stream is None:
                refusal = CLOSE_GONE
        if refusal is not None:
            await self.close(code=refusal)

    async def disconnect(self, code: int) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            await streams.detach(stream, self)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Overlays only listen."""

    # -- what the stream hands over ---------------------------------------------------------

    async def deliver(self, text: str) -> None:
        await self.send(text_data=text)

    async def revoked(self) -> None:
        self.stream = None
        await self.close(code=CLOSE_GONE)


class PreviewConsumer(OverlayConsumer):
    """The operator's live preview of what is cued on an output."""

    bus = control.PREVIEW


@database_sync_to_async
def _operator_game(user, game_id: str) -> tuple[bool, Game | None]:
    if user is None or not has_role(user, OPERATOR):
        return False, None
    return True, Game.objects.filter(event_id=game_id).first()


@database_sync_to_async
def _outputs_text(game: Game) -> str:
    return groups.dumps(control.outputs_payload(game))


class GraphicsPanelConsumer(AsyncWebsocketConsumer):
    """An operator's graphics panel of one game: its outputs and the correction notes."""

    game: Game | None = None
    group: str | None = None

    async def connect(self) -> None:
        game_id = self.scope["url_route"]["kwargs"]["game_id"]
        allowed, game = await _operator_game(self.scope.get("user"), game_id)
        if not allowed or game is None:
            await self.accept()
            await self.close(code=CLOSE_FORBIDDEN if not allowed else CLOSE_GONE)
            return
        self.game = game
        self.group = groups.graphics_group(game.event_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send(text_data=await _outputs_text(game))

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The panel acts through POSTs; what it says here is ignored."""

    async def graphics_changed(self, event: dict[str, Any]) -> None:
        await self.send(text_data=await _outputs_text(self.game))

    async def graphics_note(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])


class TemplateConsumer(AsyncWebsocketConsumer):
    """A CasparCG / SPX-GC template of an output: the graphic its page asks for, live.

    ``/ws/overlay/<key>/graphic/``: the page sends ``{"graphic", "options"?, "layer"?}``
    (what CasparCG's ``update()`` gave it) and gets that graphic's whole state (``on_air``,
    its one layer), then its ``data`` when a delta changes it, and frames for a mini court,
    from the game's in-memory state (``live``). Not the output's program: the playout
    server decides what plays. Any origin may open it (a template can be a file in
    CasparCG's templates folder); the key is the credential.
    """

    channel_layer_alias = None  # deltas come from the game's live state, not a channel
    live_game: live.LiveGame | None = None

    async def connect(self) -> None:
        output = await _output(self.scope["url_route"]["kwargs"]["key"])
        await self.accept()
        if output is None:
            await self.close(code=CLOSE_GONE)
            return
        self.output_id = output.pk
        self.entry: dict[str, Any] | None = None
        self.version = 0
        self._dirty = False
        self._task: asyncio.Task | None = None
        self.live_game = await live.join(output.game, self)
        await self.send(text_data=groups.dumps(self._state()))  # nothing asked for yet

    async def disconnect(self, code: int) -> None:
        if self._task_running():
            self._task.cancel()
        if self.live_game is not None:
            await live.leave(self.live_game, self)
            self.live_game = None

    def _task_running(self) -> bool:
        task = getattr(self, "_task", None)
        return task is not None and not task.done()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        try:
            request = json.loads(text_data or "")
            if not isinstance(request, dict) or len(text_data) > 2048:
                raise graphics.GraphicError('send {"graphic", "options", "layer"}')
            graphic = str(request.get("graphic") or "")
            layer = graphics.layer_for(graphic, request.get("layer") or None)
            options = request.get("options") or {}
            if not isinstance(options, dict):
                raise graphics.GraphicError("options is a JSON object")
            options = graphics.check(graphic, options, self.live_game.view())
        except (ValueError, TypeError) as exc:  # GraphicError is a ValueError
            await self.send(text_data=groups.dumps({"type": "error", "error": str(exc)}))
            return
        data = control.data_for(graphic, options, self.live_game.view())
        if data is not None and graphic in graphics.FROZEN:
            # The template's update() is its take: the replay's frames are frozen now.
            try:
                clip = await database_sync_to_async(replays.freeze)(
                    self.live_game.game, options, self.live_game.view()
                )
            except graphics.GraphicError as exc:
                await self.send(text_data=groups.dumps({"type": "error", "error": str(exc)}))
                return
            data = {**data, "clip": clip}
        self.version += 1
        self.entry = {"layer": layer, "graphic": graphic, "options": options, "data": data}
        await self.send(text_data=groups.dumps(self._state()))

    def _state(self) -> dict[str, Any]:
        layers: dict[str, Any] = dict.fromkeys(control.LAYERS)
        entry = self.entry
        if entry and entry["data"] is not None:
            layers[entry["layer"]] = {k: entry[k] for k in ("graphic", "options", "data")}
        return groups.on_air_payload(self.output_id, "template", self.version, layers,
                                     control.now_ms())  # fmt: skip

    # -- what the live game hands over ------------------------------------------------------

    def on_delta(self, seq: int, relay_ms: int, changes: list[dict[str, Any]]) -> None:
        kinds = {change.get("kind") for change in changes}
        if self.entry and graphics.affects(self.entry["graphic"], kinds):
            self._schedule(seq, relay_ms)

    def on_reload(self, seq: int, relay_ms: int) -> None:
        if self.entry and self.entry["graphic"] not in graphics.FROZEN:
            self._schedule(seq, relay_ms)

    async def on_frame(self, message: dict[str, Any]) -> None:
        if self.entry and self.entry["graphic"] in graphics.FRAMED:
            await self.send(text_data=message["text"])

    def _schedule(self, seq: int, relay_ms: int) -> None:
        self._dirty = True
        if not self._task_running():
            self._task = asyncio.create_task(self._recompute(seq, relay_ms))

    async def _recompute(self, seq: int, relay_ms: int) -> None:
        while self._dirty:
            self._dirty = False
            entry = self.entry
            data = control.data_for(entry["graphic"], entry["options"], self.live_game.view())
            if data is None or data == entry["data"]:
                continue
            entry["data"] = data
            payload = groups.graphic_update_payload(
                self.output_id, "template", self.version, entry["layer"], entry["graphic"],
                data, seq, relay_ms,
            )  # fmt: skip
            await self.send(text_data=groups.dumps(payload))
            await asyncio.sleep(0)
