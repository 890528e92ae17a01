"""Roles: operators run the show, coaches see their own team (Django auth groups)."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

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
