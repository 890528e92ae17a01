"""CPU time and resident memory of a process, read from ``/proc`` (Linux; no psutil here)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        # The command name (field 2) may hold spaces; the fields after it are fixed.
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of the process in MB."""
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * _PAGE / 1e6


@dataclass
class CpuMeter:
    """Share of one core a process used between ``start()`` and ``read()`` (1.0 = a core)."""

    pid: int
    _cpu: float = 0.0
    _wall: float = 0.0

    def start(self) -> CpuMeter:
        self._cpu, self._wall = cpu_seconds(self.pid), time.monotonic()
        return self

    def read(self) -> float:
        wall = time.monotonic() - self._wall
        return (cpu_seconds(self.pid) - self._cpu) / wall if wall > 0 else 0.0

    def used_s(self) -> float:
        """CPU seconds the process has used since ``start()``."""
        return cpu_seconds(self.pid) - self._cpu


def machine_load() -> float:
    """The one-minute load average (other work on the box skews every figure)."""
    return os.getloadavg()[0]


def _machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine so far, from /proc/stat."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return total - idle, total


@dataclass
class MachineMeter:
    """Cores the whole machine kept busy between ``start()`` and ``read()``."""

    _busy: int = 0
    _total: int = 0

    def start(self) -> MachineMeter:
        self._busy, self._total = _machine_ticks()
        return self

    def read(self) -> float:
        busy, total = _machine_ticks()
        if total == self._total:
            return 0.0
        return (busy - self._busy) / (total - self._total) * (os.cpu_count() or 1)
