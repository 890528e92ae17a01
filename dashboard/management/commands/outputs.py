"""``manage.py outputs create <game_id> --name NAME`` and ``outputs list <game_id>``.

Crews set their outputs up before the show, by script: ``create`` prints one JSON object
(``key``, ``control_token``, ``overlay_url``, ``template_url``, the control API's and the
vMix data sources' URLs), ``list`` a JSON list of the game's outputs that still air. URLs
start with ``COURTSIDE_PUBLIC_URL`` (or ``--base-url``): where the crew's machines reach
this server.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from broadcast.models import Game
from dashboard.overlay import control
from dashboard.overlay.models import Output


def described(output: Output, base_url: str) -> dict[str, Any]:
    """An output as the command prints it."""
    base = base_url.rstrip("/")
    key = output.key
    return {
        "id": output.pk,
        "name": output.name,
        "game_id": output.game.event_id,
        "key": key,
        "control_token": output.control_token,
        "overlay_url": base + reverse("overlay-output", args=[key]),
        "template_url": base + reverse("overlay-template", args=[key]),
        "control_url": base + reverse("overlay-api-state", args=[key]),
        "vmix_game_url": base + reverse("overlay-vmix-game", args=[key]),
        "vmix_players_url": base + reverse("overlay-vmix-players", args=[key]),
    }


class Command(BaseCommand):
    help = "Create or list a game's on-air outputs; prints JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="a new output of a game (prints one JSON object)")
        create.add_argument("game_id", help="ShotTracker's event id of the game")
        create.add_argument("--name", required=True, help="the output's name (e.g. 'Program')")
        listing = sub.add_parser("list", help="a game's outputs that still air (a JSON list)")
        listing.add_argument("game_id")
        for command in (create, listing):
            command.add_argument(
                "--base-url",
                default=settings.COURTSIDE_PUBLIC_URL,
                help="where the crew reaches this server (default: COURTSIDE_PUBLIC_URL)",
            )

    def handle(self, *args: Any, **opts: Any) -> None:
        game = Game.objects.filter(event_id=opts["game_id"]).first()
        if game is None:
            raise CommandError(f"no game {opts['game_id']!r} (the relay has not seen it)")
        if opts["action"] == "create":
            try:
                output = control.create(game, opts["name"])
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            result: Any = described(output, opts["base_url"])
        else:
            result = [described(o, opts["base_url"]) for o in control.outputs_of(game)]
        self.stdout.write(json.dumps(result, indent=2))
