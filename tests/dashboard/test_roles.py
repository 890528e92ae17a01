"""The role groups exist on a fresh database, with their permissions, from the migrations."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password

from dashboard.roles import (
    DEMO_ADMIN,
    DEMO_COACH,
    DEMO_OPERATOR,
    ROLE_PERMISSIONS,
    ensure_demo_admin,
    role_group,
)
from tests.stack import ROOT

GROUPS_AFTER_MIGRATE = """
import json
from django.contrib.auth.models import Group
print(json.dumps({
    group.name: sorted(
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
    )
    for group in Group.objects.all()
}))
"""


def test_a_freshly_migrated_database_has_the_operator_and_coach_groups(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"

    def manage(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--noinput", "-v", "0")
    groups = json.loads(manage("shell", "-c", GROUPS_AFTER_MIGRATE).strip().splitlines()[-1])
    assert groups == {role: sorted(names) for role, names in ROLE_PERMISSIONS.items()}


def test_the_migration_and_the_roles_module_name_the_same_permissions():
    migration = importlib.import_module("dashboard.migrations.0003_role_groups")
    assert migration.ROLE_PERMISSIONS == ROLE_PERMISSIONS


@pytest.mark.django_db
def test_a_role_group_emptied_away_comes_back_with_its_permissions():
    Group.objects.all().delete()  # as a test's flush leaves the database
    group = role_group("operator")
    names = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert names == set(ROLE_PERMISSIONS["operator"])


@pytest.mark.django_db
def test_the_demo_admin_is_staff_and_may_open_the_admin(client):
    username, password = ensure_demo_admin()
    assert client.login(username=username, password=password)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("login", [DEMO_OPERATOR, DEMO_COACH, DEMO_ADMIN], ids=lambda x: x[0])
def test_the_demos_printed_passwords_pass_the_password_validators(login):
    from django.contrib.auth.models import User

    username, password = login
    validate_password(password, User(username=username))  # raises ValidationError if not
