"""The production settings pass ``manage.py check --deploy``, and behave as it assumes.

Production here is exactly what the README asks for: ``DJANGO_DEBUG=0``, a long random
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``; each test runs Django in a child
process with that environment (settings are read once, at start).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from tests.stack import ROOT, collected_static

HOST = "courtside.example.org"


def production(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.pop("DATABASE_URL", None)
    return {
        **env,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "COURTSIDE_STATIC_ROOT": collected_static(),
        **extra,
    }


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_check_deploy_speaks_up_when_https_is_turned_off():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production(DJANGO_HTTPS="0")
    )
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


RESPONSES = """
import json
from django.test import Client
client = Client(SERVER_NAME="courtside.example.org")
plain = client.get("/accounts/login/")
secure = client.get("/accounts/login/", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "secure": [secure.status_code, secure.get("Strict-Transport-Security", "")],
    "cookies": {name: bool(cookie["secure"]) for name, cookie in secure.cookies.items()},
    "csp": secure.get("Content-Security-Policy", ""),
}))
"""


def test_in_production_plain_http_is_redirected_and_cookies_are_secure():
    result = manage("shell", "-c", RESPONSES, env=production())
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["plain"] == [301, f"https://{HOST}/accounts/login/"]
    status, hsts = seen["secure"]
    assert status == 200
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert seen["cookies"] == {"csrftoken": True}
    assert "default-src 'self'" in seen["csp"]


def test_production_refuses_to_start_without_a_secret_key():
    env = production()
    env.pop("DJANGO_SECRET_KEY")
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
