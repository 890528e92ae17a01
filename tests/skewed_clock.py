"""Run a Python script with its wall clock off: ``python -m tests.skewed_clock S SCRIPT ARGS…``.

As on a host whose clock is wrong: ``time.time()`` (what request signatures, ``relay_ms``
and every epoch stamp read) returns the real time plus S seconds; monotonic clocks, which
only measure intervals, are left alone. Patched before the script imports anything, so
defaults bound at import (``clock=time.time``) take the skewed clock too.
"""

from __future__ import annotations

import runpy
import sys
import time


def main() -> None:
    offset_s = float(sys.argv[1])
    real_time = time.time

    def skewed_time() -> float:
        return real_time() + offset_s

    time.time = skewed_time
    sys.argv = sys.argv[2:]
    runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
