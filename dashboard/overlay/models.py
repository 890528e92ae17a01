"""Outputs: the overlay URLs of a game, each with its key, its on-air state and its settings.

The on-air state lives here, not in a browser, so a reloaded overlay (or one in another
process, or another operator's panel) comes back to exactly what the operator took and
cued. Each of the three layers (``graphics.LAYERS``: bug, lower, full) has a program
(on air) and a cue (what Take puts on air next): ``program`` and ``cued`` map a layer to
``{"graphic", "options"}``, a layer absent is empty. ``version`` grows with every take,
clear and cue of the output; a browser keeps the newest version it saw.
"""

from __future__ import annotations

import secrets

from django.db import models

from dashboard.overlay.markers import Rules

KEY_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
MAX_DELAY_MS = 30_000


def new_key() -> str:
    """An unguessable output key."""
    return secrets.token_urlsafe(KEY_BYTES)


class Output(models.Model):
    """One overlay URL of a game: a browser source in OBS, vMix or CasparCG."""

    game = models.ForeignKey("broadcast.Game", on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(max_length=60)
    key = models.CharField(max_length=64, unique=True, default=new_key)
    revoked = models.BooleanField(default=False)
    # Held back this long before it airs, to match the stream's latency (0-30 s).
    delay_ms = models.PositiveIntegerField(default=0)
    # Program: what is on air, by layer ({"bug": {"graphic": "scorebug", "options": {}}}).
    program = models.JSONField(default=dict, blank=True)
    taken_at = models.DateTimeField(null=True, blank=True)
    # The cue: what the operator has cued up to take next, by layer (the server's cue is
    # the one truth: Take airs exactly this, whoever's browser asks).
    cued = models.JSONField(default=dict, blank=True)
    # The control API's bearer token (not the key: the key only reads). Revocable.
    control_token = models.CharField(max_length=64, unique=True, default=new_key)
    version = models.PositiveBigIntegerField(default=0)
    # Marker-driven automation (dashboard.overlay.markers), and the feed time of the
    # last marker acted on, so each marker acts once whichever process sees it first.
    auto_halftime = models.BooleanField(default=False)
    auto_final = models.BooleanField(default=False)
    auto_clear = models.BooleanField(default=False)
    marker_ms = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.game_id})"

    @property
    def rules(self) -> Rules:
        return Rules(
            halftime_box_score=self.auto_halftime,
            final_box_score=self.auto_final,
            clear_on_play_start=self.auto_clear,
        )
