"""The README's Production section, walked: a fresh database to an operator and a coach at work.

Docker does not run here, so the processes of ``docker-compose.yml`` run directly, with the
commands written in that file (web and relay) and the image's own HEALTHCHECK from the
Dockerfile: a private Redis, a fresh PostgreSQL database, the emulator standing in for
ShotTracker, ``migrate``, ``collectstatic``, the relay and the web process with production settings,
behind a proxy that appends ``X-Forwarded-For`` (``COURTSIDE_TRUSTED_PROXIES=1``). Staff
create the operator and the coach in the admin, as the README says.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import psycopg
import pytest
from django.conf import settings

from tests.dashboard.html import parse
from tests.stack import ROOT, RedisServer, free_port

pytestmark = pytest.mark.stack

STAFF = ("stella", "walk-the-readme-2024")
OPERATOR = ("olga", "on-air-operator-2024")
COACH = ("carl", "courtside-coach-2024")
PROXY = "10.0.0.2"  # the TLS proxy's address: every request comes from it


def compose_command(service: str) -> list[str]:
    """The ``command:`` of a service in docker-compose.yml (a flow sequence, JSON-shaped)."""
    text = (ROOT / "docker-compose.yml").read_text()
    block = text[text.index(f"\n  {service}:\n") :]
    match = re.search(r"\n    command: (\[.*?\])\n", block, re.S)
    assert match, f"no command for {service}"
    return json.loads(match.group(1))


def dockerfile_healthcheck() -> list[str]:
    """The Dockerfile's HEALTHCHECK command (exec form)."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    match = re.search(r"^HEALTHCHECK .*? CMD (\[.*\])$", text, re.M)
    assert match, "no HEALTHCHECK in the Dockerfile"
    return json.loads(match.group(1))


@dataclass
class Stack:
    url: str
    env: dict[str, str]
    redis: RedisServer

    def manage(self, *args: str, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env={**self.env, **extra}, capture_output=True, text=True, timeout=180,
        )  # fmt: skip


class Browser:
    """A browser behind the proxy: the client's address in X-Forwarded-For, its own cookies."""

    opened: list[httpx.Client] = []

    def __init__(self, stack: Stack, address: str) -> None:
        self.client = httpx.Client(base_url=stack.url, timeout=30, follow_redirects=False)
        self.client.headers.update({"X-Forwarded-For": address, "Referer": stack.url + "/"})
        Browser.opened.append(self.client)

    def csrf(self, path: str) -> str:
        self.client.get(path)
        return self.client.cookies["csrftoken"]

    def log_in(self, username: str, password: str) -> httpx.Response:
        token = self.csrf("/accounts/login/")
        return self.client.post(
            "/accounts/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )

    def submit(self, path: str, **changes: str | list[str]) -> httpx.Response:
        """Post a form of the page as a browser would: its current values with ``changes``."""
        page = self.client.get(path)
        assert page.status_code == 200, page.status_code
        form = parse(page.text).one(id=re.search(r'<form [^>]*id="(\w+_form)"', page.text)[1])
        data: dict[str, str | list[str]] = {}
        for field in form.find_all(name=None):
            name, kind = field.attrs["name"], field.attrs.get("type", "")
            if field.tag == "input" and kind in ("checkbox", "radio"):
                if "checked" in field.attrs:
                    data.setdefault(name, []).append(field.attrs.get("value", "on"))
            elif field.tag == "input" and kind not in ("submit", "button"):
                data[name] = field.attrs.get("value", "")
            elif field.tag == "select":
                chosen = [o.attrs["value"] for o in field.find_all(selected=None)]
                data[name] = chosen if "multiple" in field.attrs else (chosen or [""])[0]
            elif field.tag == "textarea":
                data[name] = field.text
        data.update(changes)
        return self.client.post(path, data=data)


@pytest.fixture
def fresh_database() -> Iterator[str]:
    """A PostgreSQL database of its own, empty, as a new deployment starts."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the production walk runs on PostgreSQL (bin/test sets DATABASE_URL)")
    name = f"{db['NAME']}_walk"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    user = db.get("USER") or "postgres"
    admin = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{user}@{host}:{port}/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def stack(fresh_database, tmp_path):
    redis = RedisServer(tmp_path)
    redis.start()
    asyncio.run(redis.ready())
    api_port, ws_port, web_port = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{web_port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "COURTSIDE_"))},
        "DATABASE_URL": fresh_database,
        "REDIS_URL": redis.url,
        "SHOTTRACKER_API_URL": f"http://127.0.0.1:{api_port}",
        "SHOTTRACKER_WS_URL": f"ws://127.0.0.1:{ws_port}/",
        "COURTSIDE_PUBLIC_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "walk-" + "k" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",  # the proxy would speak TLS; here it is plain HTTP
        "COURTSIDE_TRUSTED_PROXIES": "1",
        "COURTSIDE_LOGIN_FAILURES_PER_ADDRESS": "5",
        "COURTSIDE_STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONUNBUFFERED": "1",
    }
    children: list[subprocess.Popen] = []

    def spawn(name: str, args: list[str]) -> None:
        with open(tmp_path / f"{name}.log", "wb") as log:
            children.append(
                subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
            )

    spawn("emulator", [sys.executable, "-m", "shottracker.emulator", "--host", "127.0.0.1",
                       "--port", str(api_port), "--ws-port", str(ws_port), "--games", "1",
                       "--speed", "4"])  # fmt: skip
    try:
        yield Stack(url, env, redis), spawn, tmp_path
    finally:
        while Browser.opened:
            Browser.opened.pop().close()
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(5)
        redis.stop()


def wait_for(probe, what: str, within: float = 60.0):
    deadline = time.monotonic() + within
    while True:
        try:
            if result := probe():
                return result
        except (httpx.HTTPError, OSError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not within {within}s")
        time.sleep(0.2)


def test_the_readme_walks_a_fresh_database_to_an_operator_and_a_coach(stack):
    stack, spawn, logs = stack
    port = stack.url.rsplit(":", 1)[1]

    # 1. The schema and the role groups, the static files, the first staff account.
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput", "-v", "0"]):
        done = stack.manage(*step)
        assert done.returncode == 0, done.stderr
    made = stack.manage(
        "createsuperuser", "--noinput", "--username", STAFF[0], "--email", "s@example.org",
        DJANGO_SUPERUSER_PASSWORD=STAFF[1],
    )  # fmt: skip
    assert made.returncode == 0, made.stderr

    # 2. The relay and a web process, with docker-compose.yml's commands.
    spawn("relay", [sys.executable, *compose_command("relay")[1:]])
    web = compose_command("web")
    web[web.index("--port") + 1] = port
    spawn("web", [sys.executable, *web[1:], "--host", "127.0.0.1"])

    def healthy():
        response = httpx.get(stack.url + "/healthz", timeout=5)
        return response if response.json()["status"] == "ok" else None

    health = wait_for(healthy, "a healthy stack (web answering, relay beating)", 90).json()
    assert health["database"]["ok"] and health["channel_layer"]["ok"]
    assert health["relay"]["heartbeat_age_s"] < 10
    # The image's HEALTHCHECK and the relay service's, as Docker would run them.
    check = [part.replace(":8000/", f":{port}/") for part in dockerfile_healthcheck()]
    assert subprocess.run([sys.executable, *check[1:]], timeout=30).returncode == 0
    assert stack.manage("relay", "--alive").returncode == 0

    # 3. Staff make an operator and a coach in the admin.
    staff = Browser(stack, "198.51.100.10")
    assert staff.log_in(*STAFF).status_code == 302
    for username, password in (OPERATOR, COACH):
        added = staff.submit(
            "/admin/auth/user/add/",
            username=username, usable_password="true", password1=password, password2=password,
        )  # fmt: skip
        assert added.status_code == 302, added.text[:2000]
    listed = parse(staff.client.get("/admin/auth/user/").text)
    user_path = next(a.attrs["href"] for a in listed.find_all(href=None) if a.text == OPERATOR[0])
    form = parse(staff.client.get(user_path).text)
    groups = {o.text: o.attrs["value"] for o in form.one(name="groups").find_all(value=None)}
    assert set(groups) >= {"operator", "coach"}  # made by the migration, nothing else
    saved = staff.submit(user_path, groups=[groups["operator"]])
    assert saved.status_code == 302, saved.text[:2000]
    coach_form = parse(staff.client.get("/admin/dashboard/coachprofile/add/").text)
    coach_user = next(
        o.attrs["value"]
        for o in coach_form.one(name="user").find_all(value=None)
        if o.text == COACH[0]
    )
    saved = staff.submit(
        "/admin/dashboard/coachprofile/add/", user=coach_user, team="", team_id="4242",
        team_name="Hawks",
    )  # fmt: skip
    assert saved.status_code == 302, saved.text[:2000]

    # 4. They log in and land on their own homes.
    operator = Browser(stack, "203.0.113.20")
    landed = operator.log_in(*OPERATOR)
    assert (landed.status_code, landed.headers["location"]) == (302, "/")
    console = operator.client.get("/")
    assert console.status_code == 200
    coach = Browser(stack, "203.0.113.30")
    landed = coach.log_in(*COACH)
    assert (landed.status_code, landed.headers["location"]) == (302, "/coach/")
    assert coach.client.get("/coach/").status_code in (200, 302)

    # 5. Static files under hashed names, cached for good (OBS gets new scripts on deploy).
    css = re.search(r'href="(/static/css/console\.[0-9a-f]{12}\.css)"', console.text)
    assert css, "the console's stylesheet has no hashed name"
    served = operator.client.get(css[1])
    assert served.status_code == 200
    assert "immutable" in served.headers["cache-control"]

    # 6. One client behind the proxy fails its logins: it is refused, the others are not.
    guesser = Browser(stack, "192.0.2.66")
    for n in range(5):
        guesser.log_in(f"nobody{n}", "guess")
    assert guesser.log_in(*OPERATOR).status_code == 429
    assert Browser(stack, "203.0.113.21").log_in(*OPERATOR).status_code == 302

    # 7. Redis gone: the web process says it cannot serve, and the HEALTHCHECK fails.
    stack.redis.stop()
    down = httpx.get(stack.url + "/healthz", timeout=10)
    assert down.status_code == 503
    assert down.json()["channel_layer"]["ok"] is False
    assert subprocess.run([sys.executable, *check[1:]], timeout=30, capture_output=True).returncode
    # Refusals were logged in one line each: no traceback in the web process's log.
    assert "Traceback" not in (logs / "web.log").read_text()
