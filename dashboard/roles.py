"""Roles: operators run the show, coaches see their own team (Django auth groups).

The groups and their permissions come from a data migration
(``dashboard/migrations/0003_role_groups.py``), so they exist on a fresh database after
``migrate`` and staff can put people in them in the admin. This module reads them.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission, User

from dashboard.models import CoachProfile

OPERATOR = "operator"
COACH = "coach"
# As the migration wrote them (a test holds the two equal).
ROLE_PERMISSIONS = {
    OPERATOR: (
        "broadcast.view_game",
        "broadcast.view_livesession",
        "dashboard.add_output",
        "dashboard.change_output",
        "dashboard.view_output",
    ),
    COACH: (
        "broadcast.view_game",
        "dashboard.view_coachprofile",
    ),
}
DEMO_OPERATOR = ("operator", "courtside")  # the demo's printed login; never in production
DEMO_ADMIN = ("admin", "courtside")  # the demo's staff login, for /admin/; never in production


def role_group(role: str) -> Group:
    """The group of a role, as the migration made it.

    Restored with its permissions if it is missing: a database emptied without migrating
    again (a test's flush) has no groups.
    """
    group, created = Group.objects.get_or_create(name=role)
    if created:
        for name in ROLE_PERMISSIONS[role]:
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
    return group


def ensure_role_groups() -> None:
    """Both role groups are there (see ``role_group``)."""
    for role in ROLE_PERMISSIONS:
        role_group(role)


def has_role(user, role: str) -> bool:
    """Whether a user holds a role (superusers hold every role)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=role).exists()


def ensure_demo_operator() -> tuple[str, str]:
    """The demo's operator account; its username and password."""
    username, password = DEMO_OPERATOR
    user = _demo_user(username, password)
    user.groups.add(role_group(OPERATOR))
    return username, password


def ensure_demo_admin() -> tuple[str, str]:
    """The demo's superuser (staff, every role, ``/admin/``); its username and password."""
    username, password = DEMO_ADMIN
    user = _demo_user(username, password)
    if not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return username, password


def _demo_user(username: str, password: str) -> User:
    # set_password does not run AUTH_PASSWORD_VALIDATORS; the demo's passwords pass them
    # anyway (a test checks), so the printed logins are no worse than a real user's.
    user, created = User.objects.get_or_create(username=username)
    if created or not user.check_password(password):
        user.set_password(password)
        user.save()
    return user


DEMO_COACH = ("coach", "courtside")  # the demo's printed coach login; never in production


def coach_team(user) -> tuple[int, str] | None:
    """The (team id, team name) a coach coaches, or None (not a coach, or no team set)."""
    if not has_role(user, COACH):
        return None
    profile = CoachProfile.objects.filter(user=user).first()
    return (profile.team_id, profile.team_name) if profile is not None else None


def ensure_demo_coach(team_id: int, team_name: str) -> tuple[str, str]:
    """The demo's coach account, coaching ``team_id``; its username and password."""
    username, password = DEMO_COACH
    user = _demo_user(username, password)
    user.groups.add(role_group(COACH))
    CoachProfile.objects.update_or_create(
        user=user, defaults={"team_id": team_id, "team_name": team_name}
    )
    return username, password
