"""Django's admin for what staff set up by hand: which team a coach follows (``/admin/``).

The team is chosen from the teams of the games the relay has seen (their ShotTracker id and
name), so nobody types an id; a team no game has shown yet can still be given by its id.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from broadcast.models import Game
from dashboard import identity
from dashboard.models import ABBREVIATION, CoachProfile, TeamIdentity
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


# -- team identity -----------------------------------------------------------------------------

LOGO_MAX_BYTES = 512 * 1024
# What a logo may be, by its first bytes (a browser source and vMix both show these).
LOGO_TYPES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"RIFF", "image/webp"),
    (b"GIF8", "image/gif"),
)


def logo_type(data: bytes) -> str | None:
    """The image type of an uploaded logo, or None when it is none we serve."""
    for magic, content_type in LOGO_TYPES:
        if data.startswith(magic) and (magic != b"RIFF" or data[8:12] == b"WEBP"):
            return content_type
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    return None


class TeamIdentityForm(forms.ModelForm):
    team = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None,
        help_text="A team from the games Courtside has seen.",
    )  # fmt: skip
    upload = forms.FileField(
        required=False,
        label="Logo",
        help_text="PNG, JPEG, WebP, GIF or SVG, at most 512 KB (transparent PNG or SVG airs best).",
    )
    remove_logo = forms.BooleanField(required=False, label="Remove the logo")

    class Meta:
        model = TeamIdentity
        fields = ("team", "team_id", "name", "abbreviation", "primary_colour", "secondary_colour")
        help_texts = {
            "team_id": "Or the team's ShotTracker id, for a team no game has shown yet.",
            "abbreviation": "3 or 4 letters on the scorebug. Blank: made from the name.",
            "primary_colour": "#RRGGBB. Blank: a colour picked from the name.",
            "secondary_colour": "#RRGGBB, for templates that use a second colour.",
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

    def clean_abbreviation(self) -> str:
        value = (self.cleaned_data.get("abbreviation") or "").strip().upper()
        if value:
            ABBREVIATION(value)
        return value

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError("The logo is over 512 KB.")
        data = upload.read()
        content_type = logo_type(data)
        if content_type is None:
            raise forms.ValidationError("The logo is not a PNG, JPEG, WebP, GIF or SVG image.")
        return data, content_type

    def clean(self) -> dict:
        cleaned = super().clean()
        team = cleaned.get("team")
        if team is not None:
            cleaned["team_id"] = team
            cleaned["name"] = cleaned.get("name") or self.teams[team]
        elif cleaned.get("team_id") is None:
            raise forms.ValidationError("Pick the team, or give its ShotTracker id.")
        return cleaned

    def save(self, commit: bool = True):
        identity = super().save(commit=False)
        identity.team_id = self.cleaned_data["team_id"]
        if self.cleaned_data.get("remove_logo"):
            identity.logo, identity.logo_type = None, ""
        if self.cleaned_data.get("upload"):
            identity.logo, identity.logo_type = self.cleaned_data["upload"]
        if commit:
            identity.save()
        return identity


@admin.register(TeamIdentity)
class TeamIdentityAdmin(admin.ModelAdmin):
    """A team's code, colours and logo on every face and graphic."""

    form = TeamIdentityForm
    list_display = ("__str__", "team_id", "abbreviation", "primary_colour", "has_logo")
    search_fields = ("name", "abbreviation")

    @admin.display(boolean=True, description="Logo")
    def has_logo(self, obj: TeamIdentity) -> bool:
        return bool(obj.logo_type)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        identity.refresh()  # this process shows it at once; others within identity.REFRESH_S

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        identity.refresh()
