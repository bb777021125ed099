"""Structured log lines (one JSON object a line) that never hold visitor data.

No IP address, user agent, referrer, cookie, query string or request body reaches a log: the
access log has its own short shape (method, path without query, status, milliseconds), and every
line, the app's and gunicorn's own ("Invalid request from ip=…"), passes through `scrub`, which
replaces anything that looks like an IPv4 or IPv6 address and cuts query strings off paths.
gunicorn.conf.py installs `GunicornLogger`; `init_app` sets up Flask's own handler.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from datetime import UTC, datetime
from typing import Any

from flask import Flask
from flask.logging import default_handler
from gunicorn.glogging import Logger

IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"
# Full form (7 colons) or compressed (contains ::); times like 12:30:45 are neither.
IPV6 = (
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?)(?![\w:])"
)
ADDRESS = re.compile(f"{IPV6}|{IPV4}")
QUERY = re.compile(r"(/[^\s?\"']*)\?[^\s\"']*")
STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName"}


def scrub(text: str) -> str:
    """The text without IP addresses and query strings."""
    # Every IPv4 address holds a dot, every IPv6 address a colon, every query string a "?": a text
    # with none of them (an access line's "/q/1", "GET") is returned without running the patterns.
    if "." not in text and ":" not in text and "?" not in text:
        return text
    return QUERY.sub(r"\1?…", ADDRESS.sub("[address]", text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and the record's extra fields."""

    _second: tuple[int, str] = (-1, "")  # the last whole second written, and its text

    def format(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if self._second[0] != second:  # one access line per request: the time's text once per second
            self._second = (second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds"))
        line: dict[str, Any] = {
            "time": self._second[1],
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
            "message": scrub(record.getMessage()),
        }
        for name, value in record.__dict__.items():
            if name not in STANDARD and not name.startswith("_"):
                line[name] = scrub(str(value)) if isinstance(value, str) else value
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
            line["traceback"] = scrub("".join(traceback.format_exception(*record.exc_info)))
        return json.dumps(line, default=str, ensure_ascii=False)


def init_app(app: Flask) -> None:
    """Flask's own handler writes structured, scrubbed lines (set once per process)."""
    if not isinstance(default_handler.formatter, JsonFormatter):
        default_handler.setFormatter(JsonFormatter())
    app.logger.setLevel(logging.INFO)


class GunicornLogger(Logger):  # type: ignore[misc]  # gunicorn ships no type information
    """gunicorn's logger with structured, scrubbed error lines and a short access line."""

    def setup(self, cfg: Any) -> None:
        """Install the JSON formatter on gunicorn's handlers and on Flask's; records without what no line shows."""
        super().setup(cfg)
        # A record finds its caller's file and line and its thread's and process's names, which no line
        # shows: the logging HOWTO ("Optimization") switches them off so. About half of an access line's
        # cost, which every request pays (measured in docs/benchmarks.md).
        logging._srcfile = None
        logging.logThreads = False
        logging.logMultiprocessing = False
        formatter = JsonFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)
        default_handler.setFormatter(formatter)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """method, path (never the query), status and duration; no address, agent or referrer."""
        if not self.access_log_enabled:
            return
        self.access_log.info(
            "request",
            extra={
                "method": environ.get("REQUEST_METHOD", "-"),
                "path": environ.get("PATH_INFO", "-")[:200],
                "status": getattr(resp, "status_code", None) or str(getattr(resp, "status", "-")).split(" ")[0],
                "ms": round(request_time.total_seconds() * 1000, 1),
            },
        )
