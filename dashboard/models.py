"""The dashboard's own records: which team a coach coaches, and how a team looks on air."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour as #RRGGBB, e.g. #c8102e.")
ABBREVIATION = RegexValidator(r"^[A-Z0-9]{3,4}$", "3 or 4 capital letters or digits, e.g. HAW.")


class CoachProfile(models.Model):
    """A coach's team: the ShotTracker team id whose data the coach may see, and its name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    team_id = models.PositiveIntegerField()
    team_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.user} coaches {self.team_name or self.team_id}"


class TeamIdentity(models.Model):
    """How a team looks on every face and graphic: its code, colours and logo.

    Blank fields keep the default from the team's name (``dashboard.vocabulary``). The logo
    is stored in the database (small images), so every web process serves it without a
    shared disk.
    """

    team_id = models.PositiveIntegerField(unique=True, help_text="ShotTracker's team id.")
    name = models.CharField(max_length=200, blank=True, help_text="As ShotTracker names it.")
    abbreviation = models.CharField(max_length=4, blank=True, validators=[ABBREVIATION])
    primary_colour = models.CharField(max_length=7, blank=True, validators=[COLOUR])
    secondary_colour = models.CharField(max_length=7, blank=True, validators=[COLOUR])
    logo = models.BinaryField(null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=40, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "team identity"
        verbose_name_plural = "team identities"
        ordering = ["name", "team_id"]

    def __str__(self) -> str:
        return self.name or f"Team {self.team_id}"


# The on-air graphics' outputs live in their own package; imported here so Django finds them.
from dashboard.overlay.models import Output  # noqa: E402

__all__ = ["CoachProfile", "Output", "TeamIdentity"]
