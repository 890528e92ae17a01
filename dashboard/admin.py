"""Django's admin for what staff set up by hand: which team a coach follows (``/admin/``).

The team is chosen from the teams of the games the relay has seen (their ShotTracker id and
name), so nobody types an id; a team no game has shown yet can still be given by its id.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from broadcast.models import Game
from dashboard.models import CoachProfile
from dashboard.roles import COACH, role_group


def known_teams() -> dict[int, str]:
    """ShotTracker team id -> name, from the rosters of the games the relay has stored."""
    teams: dict[int, str] = {}
    for rosters in Game.objects.values_list("teams", flat=True):
        for team in rosters or []:
            if isinstance(team, dict) and isinstance(team.get("id"), int):
                teams.setdefault(team["id"], str(team.get("name") or team["id"]))
    return dict(sorted(teams.items(), key=lambda item: item[1].lower()))


class CoachProfileForm(forms.ModelForm):
    team = forms.TypedChoiceField(
        coerce=int,
        required=False,
        empty_value=None,
        help_text="A team from the games Courtside has seen.",
    )

    class Meta:
        model = CoachProfile
        fields = ("user", "team", "team_id", "team_name")
        help_texts = {
            "team_id": "Or the team's ShotTracker id, for a team no game has shown yet.",
            "team_name": "Taken from the games when the team is picked above.",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.teams = known_teams()
        self.fields["team"].choices = [
            ("", "—"),
            *((team_id, f"{name} ({team_id})") for team_id, name in self.teams.items()),
        ]
        self.fields["team_id"].required = False
        if self.instance.pk and self.instance.team_id in self.teams:
            self.initial["team"] = self.instance.team_id

    def clean(self) -> dict:
        cleaned = super().clean()
        team = cleaned.get("team")
        if team is not None:
            cleaned["team_id"] = team
            cleaned["team_name"] = self.teams[team]
        elif cleaned.get("team_id") is None:
            raise forms.ValidationError("Pick the coach's team, or give its ShotTracker id.")
        return cleaned


@admin.register(CoachProfile)
class CoachProfileAdmin(admin.ModelAdmin):
    """A coach and the team they follow; saving one also gives the user the coach role."""

    form = CoachProfileForm
    list_display = ("user", "team_name", "team_id")
    search_fields = ("user__username", "team_name")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        obj.user.groups.add(role_group(COACH))
