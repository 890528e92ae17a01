"""Websockets of the on-air graphics: the overlay, the operator's preview, the graphics panel.

- ``/ws/overlay/<key>/``: what is on air on an output (its key is the credential), delayed
  by the output's delay. The overlay only listens; what it says is ignored.
- ``/ws/overlay/<key>/preview/``: what the operator cued on it, live; operators only.
- ``/ws/games/<game_id>/graphics/``: a game's outputs for the operators' panel, again on
  every change, and the "changed" notes when a correction moves a number they show.

Overlays are fed by their output's stream in this process (``streams``), never by the
game's group directly. Close codes: 4403 not an operator, 4404 unknown or revoked key
(the overlay stops retrying), unknown game.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from broadcast import groups
from broadcast.models import Game
from dashboard.overlay import control, streams
from dashboard.roles import OPERATOR, has_role

CLOSE_FORBIDDEN = 4403
CLOSE_GONE = 4404


@database_sync_to_async
def _output_id(key: str) -> int | None:
    output = control.live_output(key)
    return output.pk if output is not None else None


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
