"""Logs people can read: a refusal in one line, no line per REST call, JSON lines on request.

Each test runs Django in a child process (logging is configured once, at start) and reads
what it wrote to stderr, as an operator reads a container's log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.stack import ROOT

# A user without a role opens the console (403), and the SDK makes a REST call (httpx
# logs one INFO line per request); then a marker, so the output is known to be complete.
REFUSED_AND_CALLED = """
import logging
from django.contrib.auth.models import User
from django.test import Client
user, _ = User.objects.get_or_create(username="nobody")
client = Client()
client.force_login(user)
assert client.get("/").status_code == 403
logging.getLogger("httpx").info('HTTP Request: GET http://api.example/v1/x "HTTP/1.1 200 OK"')
logging.getLogger("courtside").warning("done")
"""


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("logs") / "logs.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env["DATABASE_URL"] = f"sqlite:///{path}"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=180,
    )  # fmt: skip
    return path


def run_logged(database: Path, **env: str) -> list[str]:
    """The lines a Django process wrote to stderr while refusing a page and calling an API."""
    child_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("COURTSIDE_", "REDIS_"))},
        "DATABASE_URL": f"sqlite:///{database}",
        **env,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REFUSED_AND_CALLED],
        cwd=ROOT, env=child_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and "done" in lines[-1], result.stderr
    return lines


def test_a_refused_page_is_one_line_without_a_traceback(database):
    lines = run_logged(database)
    refused = [line for line in lines if "Forbidden" in line]
    assert len(refused) == 1
    assert "/" in refused[0] and "the console is for operators" in refused[0]
    assert not any("Traceback" in line for line in lines)


def test_rest_calls_are_not_logged_at_info(database):
    assert not any("HTTP Request" in line for line in run_logged(database))


def test_rest_calls_are_logged_at_debug(database):
    lines = run_logged(database, COURTSIDE_LOG_LEVEL="DEBUG")
    assert any("HTTP Request" in line for line in lines)


def test_json_logs_are_one_object_per_line(database):
    entries = [json.loads(line) for line in run_logged(database, COURTSIDE_LOG_JSON="1")]
    refused = [entry for entry in entries if entry.get("status") == 403]
    assert len(refused) == 1
    assert refused[0]["path"] == "/"
    assert refused[0]["level"] == "WARNING"
    assert refused[0]["logger"] == "django.request"
    assert "traceback" not in refused[0]
    assert entries[-1]["message"] == "done"
