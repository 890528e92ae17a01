"""Settings for ``manage.py demo`` in the browser tests: the project's, with the overlay mounted."""

from __future__ import annotations

from courtside.settings import *  # noqa: F403

ROOT_URLCONF = "tests.dashboard.overlay.mounted_urls"
