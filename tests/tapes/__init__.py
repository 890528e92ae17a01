"""Tapes of emulator games, checked in as fixtures (``regenerate.py`` makes them again).

Every ``*.jsonl.gz`` in this folder is replayed through the relay by
``tests/broadcast/relay/test_tape_fixtures.py`` and must end equal to the tape's final
catch-up: a real ShotTracker tape dropped here is checked the same way.
"""

from __future__ import annotations

from pathlib import Path

TAPES = Path(__file__).resolve().parent


def tape_paths() -> list[Path]:
    return sorted(TAPES.glob("*.jsonl.gz"))
