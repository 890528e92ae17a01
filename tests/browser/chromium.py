"""What the browser tests share: Debian's Chromium launched as this machine allows, a free
port, and an operator's login (the same flags as the harness's, ``bench/console.py``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.console import CHROMIUM, CHROMIUM_ARGS
from bench.stack import free_port  # noqa: F401 - the one free_port, re-exported


@contextlib.contextmanager
def chromium() -> Iterator:
    """Headless Chromium driven by Playwright's sync API (it cannot download its own)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: bin/services installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def log_in(page, demo) -> None:
    """Sign in on the login page with the demo's printed login; back on the games list."""
    page.goto(demo.url + "/accounts/login/")
    page.fill("input[name=username]", demo.username)
    page.fill("input[name=password]", demo.password)
    page.click("button[type=submit]")
    page.wait_for_url(demo.url + "/")
