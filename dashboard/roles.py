"""Roles: operators run the show, coaches see their own team (Django auth groups)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from dashboard.models import CoachProfile

OPERATOR = "operator"
COACH = "coach"
DEMO_OPERATOR = ("operator", "courtside")  # the demo's printed login; never in production


def ensure_role_groups() -> None:
    """The role groups exist (they are data, created on first use)."""
    for name in (OPERATOR, COACH):
        Group.objects.get_or_create(name=name)


def has_role(user, role: str) -> bool:
    """Whether a user holds a role (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def ensure_demo_operator() -> tuple[str, str]:
    """The demo's operator account; its username and password."""
    ensure_role_groups()
    username, password = DEMO_OPERATOR
    user, created = User.objects.get_or_create(username=username)
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=OPERATOR))
    return username, password


DEMO_COACH = ("coach", "courtside")  # the demo's printed coach login; never in production


def coach_team(user) -> tuple[int, str] | None:
    """The (team id, team name) a coach coaches, or None (not a coach, or no team set)."""
    if not has_role(user, COACH):
        return None
    profile = CoachProfile.objects.filter(user=user).first()
    return (profile.team_id, profile.team_name) if profile is not None else None


def ensure_demo_coach(team_id: int, team_name: str) -> tuple[str, str]:
    """The demo's coach account, coaching ``team_id``; its username and password."""
    ensure_role_groups()
    username, password = DEMO_COACH
    user, created = User.objects.get_or_create(username=username)
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    user.groups.add(Group.objects.get(name=COACH))
    CoachProfile.objects.update_or_create(
        user=user, defaults={"team_id": team_id, "team_name": team_name}
    )
    return username, password
