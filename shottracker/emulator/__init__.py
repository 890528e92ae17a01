"""The whole ShotTracker API as a local service, driven by a game simulator.

``Emulator`` serves the REST API and the live feed from one asyncio process (use it
in-process, as tests and ``manage.py demo`` do, or run ``python -m shottracker.emulator``).
"""

from __future__ import annotations

from shottracker.emulator.app import Emulator
from shottracker.emulator.feed import Chaos
from shottracker.emulator.runner import GameHandle
from shottracker.emulator.security import MOCK_SECRET, MOCK_USERNAME, Credential

__all__ = ["MOCK_SECRET", "MOCK_USERNAME", "Chaos", "Credential", "Emulator", "GameHandle"]
