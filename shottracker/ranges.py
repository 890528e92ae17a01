"""The team endpoints' date-range rule, in one place: ``from``/``to`` in epoch ms, both > 0,
``from < to``, and at most 8 calendar months apart.

Months are calendar months in UTC with the day clamped to the end of the target month
(31 January + 8 months = 30 September). The emulator enforces the rule with these
functions; clients split longer ranges with ``split_range`` and merge the answers.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime

RANGE_MONTHS = 8


def add_months(epoch_ms: int, months: int) -> int:
    """``epoch_ms`` plus calendar months in UTC, the day clamped to the target month's end."""
    moment = datetime.fromtimestamp(epoch_ms / 1000, UTC)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp() * 1000)


def range_problem(from_ms: int, to_ms: int) -> str | None:
    """What is wrong with a range, in the API's words, or None when it is accepted."""
    if from_ms <= 0 or to_ms <= 0:
        return "Both from and to must be greater than 0"
    if from_ms >= to_ms:
        return "from timestamp must be less than to timestamp"
    if to_ms > add_months(from_ms, RANGE_MONTHS):
        return "Request may not exceed more than 8 months"
    return None


def split_range(from_ms: int, to_ms: int, months: int = RANGE_MONTHS) -> list[tuple[int, int]]:
    """``[from_ms, to_ms]`` as consecutive windows the API accepts, oldest first.

    Each window is at most ``months`` long and has ``from < to``; together they cover the
    range exactly once (both ends inclusive: a window starts 1 ms after the previous one
    ends). Raises ``ValueError`` when the range itself is empty or reversed.
    """
    if from_ms <= 0 or to_ms <= 0 or from_ms >= to_ms:
        raise ValueError("a range needs 0 < from < to")
    windows = []
    start = from_ms
    while True:
        limit = add_months(start, months)
        if to_ms <= limit:
            windows.append((start, to_ms))
            return windows
        end = limit
        if to_ms - end == 1:
            # The rest would be the single millisecond [to, to], which the API refuses.
            end -= 1
        windows.append((start, end))
        start = end + 1
