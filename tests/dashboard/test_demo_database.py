"""The demo's SQLite file takes an admin's writes while the relay writes continuously.

``manage.py demo`` runs as a subprocess (``tests/demo.py``), as ``bin/run`` starts it;
staff log in with the admin login it prints and add users through the admin meanwhile
(before WAL, a busy timeout and immediate transactions, most "Add user" failed: "database
is locked").
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.demo import Demo

USERS_ADDED = 12


@pytest.fixture
def busy_demo(tmp_path) -> Iterator[Demo]:
    """The demo with two games at 8x speed, until it printed its URL and logins."""
    running = Demo(tmp_path / "demo.sqlite3", "--speed", "8", "--games", "2")
    running.start()
    yield running
    running.stop()
    assert "database is locked" not in "".join(running.output)


def feed_rows(database: Path) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute("SELECT COUNT(*) FROM broadcast_feedevent").fetchone()[0]


def wait_for_rows(database: Path, above: int, seconds: float) -> int:
    """The feed row count once it exceeds ``above`` (or as it is after ``seconds``)."""
    deadline = time.monotonic() + seconds
    while (rows := feed_rows(database)) <= above and time.monotonic() < deadline:
        time.sleep(0.2)
    return rows


def add_user(browser: httpx.Client, username: str) -> int:
    assert browser.get("/admin/auth/user/add/").status_code == 200
    return browser.post(
        "/admin/auth/user/add/",
        data={
            "username": username,
            "usable_password": "true",
            "password1": "a-long-enough-passphrase-2024",
            "password2": "a-long-enough-passphrase-2024",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
    ).status_code


def test_staff_add_users_in_the_admin_while_the_relay_writes(busy_demo):
    url, (username, password), database = busy_demo.url, busy_demo.admin, busy_demo.database
    # The relay is storing the feed before the first add (a game may still be tipping off).
    wait_for_rows(database, feed_rows(database), seconds=60)
    with httpx.Client(base_url=url, timeout=30) as browser:
        browser.get("/accounts/login/")
        logged_in = browser.post(
            "/accounts/login/",
            data={"username": username, "password": password,
                  "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        )  # fmt: skip
        assert logged_in.status_code == 302
        assert browser.get("/admin/").status_code == 200  # the printed login is staff
        rows_before = feed_rows(database)
        answers = [add_user(browser, f"coach{n}") for n in range(USERS_ADDED)]
        # A loaded machine can add them all between two of the relay's writes (a quiet
        # stretch of play stores a row a second or less): add more until one lands between.
        deadline = time.monotonic() + 30
        while feed_rows(database) <= rows_before and time.monotonic() < deadline:
            answers.append(add_user(browser, f"coach{len(answers)}"))
        rows_after = feed_rows(database)
        listed = browser.get("/admin/auth/user/?all=").text
    # Every add went through (302 to the user's page), none a 500 "database is locked",
    assert answers == [302] * len(answers)
    assert all(f"coach{n}" in listed for n in range(len(answers)))
    # while the relay kept storing the feed.
    assert rows_after > rows_before, f"no feed row stored while {len(answers)} users were added"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
