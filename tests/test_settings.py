"""Settings read from the environment fail loudly on bad values."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from courtside.env import env_bool, env_int, env_list, env_url
from tests.stack import ROOT


def test_it_reads_booleans_in_their_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_it_refuses_a_boolean_it_cannot_read(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_it_refuses_a_number_out_of_range(monkeypatch):
    monkeypatch.setenv("X_HZ", "500")
    with pytest.raises(ImproperlyConfigured, match="outside"):
        env_int("X_HZ", 25, minimum=1, maximum=120)


def test_it_refuses_a_url_without_a_host(monkeypatch):
    monkeypatch.setenv("X_URL", "http://")
    with pytest.raises(ImproperlyConfigured, match="X_URL"):
        env_url("X_URL", "http://127.0.0.1", schemes=("http",))


def test_it_splits_lists_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("X_HOSTS", "a.example, ,b.example")
    assert env_list("X_HOSTS", []) == ["a.example", "b.example"]


# -- databases -----------------------------------------------------------------------------

DATABASE_OF = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"engine": db["ENGINE"], "options": db["OPTIONS"], "age": db["CONN_MAX_AGE"]},
                 default=str))
"""


def database_settings(url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    if url is not None:
        env["DATABASE_URL"] = url
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {DATABASE_OF}"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "courtside.settings"},
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("url", [None, "sqlite:////tmp/elsewhere.sqlite3"], ids=["default", "url"])
def test_sqlite_waits_for_the_writer_in_wal_mode_with_immediate_transactions(url):
    db = database_settings(url)
    assert db["engine"] == "django.db.backends.sqlite3"
    assert db["options"]["transaction_mode"] == "IMMEDIATE"
    assert db["options"]["timeout"] >= 5
    assert "journal_mode=WAL" in db["options"]["init_command"]
    assert "pool" not in db["options"]


def test_postgresql_goes_through_a_pool_without_persistent_connections():
    db = database_settings("postgres://postgres@127.0.0.1:5432/courtside")
    assert db["engine"] == "django.db.backends.postgresql"
    assert db["options"]["pool"] == {"min_size": 1, "max_size": 10, "timeout": 10}
    assert db["age"] == 0


@pytest.mark.django_db
def test_this_test_runs_on_a_pooled_connection_when_on_postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the suite runs on SQLite here")
    from psycopg_pool import ConnectionPool

    assert isinstance(connection.pool, ConnectionPool)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert connection.pool.get_stats()["pool_size"] >= 1


# -- passwords -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", ["short1", "password123", "12345678901", "olivia-2024"], ids=str
)
def test_weak_passwords_are_refused(password):
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password(password, User(username="olivia-2024"))


def test_a_long_passphrase_passes():
    from django.contrib.auth.models import User
    from django.contrib.auth.password_validation import validate_password

    validate_password("correct horse battery staple", User(username="olivia"))
