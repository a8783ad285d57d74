"""Structured logs: one JSON object per line (``HELPFIRST_LOG_FORMAT=json``) or plain text.

Request fields (request id, method, path, status, duration, user id) come from
:class:`helpfirst.operations.middleware.RequestLogMiddleware` as ``extra=`` attributes.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id", "remote")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object: time, level, logger, message and request fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Human-readable lines; request fields appended as key=value."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        rid = getattr(record, "request_id", None)
        return f"{line} [{rid}]" if rid else line


def logging_config(log_format: str, level: str = "WARNING") -> dict:
    """The LOGGING dict for Django (and gunicorn's own loggers)."""
    formatter = "json" if log_format == "json" else "text"
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "json": {"()": "helpfirst.operations.logs.JsonFormatter"},
            "text": {"()": "helpfirst.operations.logs.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": formatter}},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "helpfirst": {"handlers": ["console"], "level": level, "propagate": False},
            # The access log: one INFO line per request, whatever HELPFIRST_LOG_LEVEL says.
            "helpfirst.request": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # The request log below replaces Django's own per-request 4xx/5xx lines.
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        },
    }
