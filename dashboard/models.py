"""The dashboard's own records: which team a coach coaches."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CoachProfile(models.Model):
    """A coach's team: the ShotTracker team id whose data the coach may see, and its name."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_profile"
    )
    team_id = models.PositiveIntegerField()
    team_name = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.user} coaches {self.team_name or self.team_id}"


# The on-air graphics' outputs live in their own package; imported here so Django finds them.
from dashboard.overlay.models import Output  # noqa: E402

__all__ = ["CoachProfile", "Output"]
