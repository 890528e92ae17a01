"""``manage.py demo`` as a test's subprocess, exactly as ``bin/run`` starts it.

The demo runs on free ports with its own SQLite file (emulator, relay and web server in one
process, with the in-memory channel layer); a test reads the URL and the logins it prints,
and can stop and start it again on the same ports and database (a restart).
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.browser.chromium import free_port
from tests.stack import ROOT

LIVE_LINE = re.compile(r"Courtside is live at (http://\S+?)/?$")
LOGIN_LINE = re.compile(r"log in as '([^']+)' with password '([^']+)'")
ADMIN_LINE = re.compile(r"staff .*: '([^']+)' with password '([^']+)', at /admin/")


class Demo:
    """The demo on fixed free ports: its URL, operator and admin logins, and what it printed."""

    def __init__(self, database: Path, *options: str, settings: str | None = None) -> None:
        self.database = database
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
        if settings:
            self.env["DJANGO_SETTINGS_MODULE"] = settings
        self.env.pop("REDIS_URL", None)  # the demo is one process with the in-memory layer
        ports = {"--port": free_port(), "--api-port": free_port(), "--ws-port": free_port()}
        self.command = [sys.executable, "manage.py", "demo", *options]
        for flag, port in ports.items():
            self.command += [flag, str(port)]
        self.url = self.username = self.password = ""
        self.admin: tuple[str, str] = ("", "")
        self.output: list[str] = []
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> None:
        """Start it and wait until it printed its URL and both logins."""
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.env, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        lines: queue.Queue[str | None] = queue.Queue()
        process, output = self.process, self.output

        def pump() -> None:
            for line in process.stdout:
                output.append(line)
                lines.put(line)
            lines.put(None)

        self.reader = threading.Thread(target=pump, daemon=True)
        self.reader.start()
        self.url = self.username = ""
        self.admin = ("", "")
        while not (self.url and self.username and self.admin[0]):
            line = lines.get(timeout=timeout)
            if line is None:
                pytest.fail("the demo stopped:\n" + "".join(output[-40:]))
            if match := LIVE_LINE.search(line.strip()):
                self.url = match.group(1)
            if match := LOGIN_LINE.search(line):
                self.username, self.password = match.groups()
            if match := ADMIN_LINE.search(line):
                self.admin = match.groups()

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()
        self.process = None
