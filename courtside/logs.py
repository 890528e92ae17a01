"""Log records as people read them: refusals in one line, and JSON lines when asked.

Django logs every refused request (403, 404, 400, …) through ``django.request`` with the
exception attached, so a PermissionDenied printed a full traceback for what is an ordinary
answer (2,243 log lines in 12 minutes of demo, with httpx's line per REST call). A refusal
is now one line that names the status, the path and the reason; server errors (5xx) keep
their traceback.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class OneLineRefusals(logging.Filter):
    """Drop the traceback of a 4xx record and append the exception's message instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        refused = isinstance(status, int) and 400 <= status < 500
        if record.name.startswith("django.security."):
            refused = True  # DisallowedHost, bad CSRF, … : a refusal too
        if refused and record.exc_info:
            reason = str(record.exc_info[1] or "").strip()
            record.msg = record.getMessage() + (f" ({reason})" if reason else "")
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and a traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if isinstance(path, str):
            entry["path"] = path
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
