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
import os
import re
import time
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
        extra = {name: value for name, value in record.__dict__.items() if name not in STANDARD and name[:1] != "_"}
        if record.exc_info and record.exc_info[0] is not None:
            extra["error"] = record.exc_info[0].__name__
            extra["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        level = record.levelname.lower()
        return self.line(record.created, level, record.name, record.process, record.getMessage(), extra)

    def line(
        self, created: float, level: str, logger: str, pid: int | None, message: str, extra: dict[str, Any]
    ) -> str:
        """The JSON line of a record with these fields (format's, and the access line's without a record)."""
        second = int(created)
        if self._second[0] != second:  # one access line per request: the time's text once per second
            self._second = (second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds"))
        line: dict[str, Any] = {"time": self._second[1], "level": level, "logger": logger, "pid": pid}
        line["message"] = scrub(message)
        for name, value in extra.items():
            line[name] = scrub(value) if isinstance(value, str) else value
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
        self._access_streams = _plain_streams(self.access_log, formatter)

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        """method, path (never the query), status and duration; no address, agent or referrer."""
        if not self.access_log_enabled:
            return
        fields = {
            "method": environ.get("REQUEST_METHOD", "-"),
            "path": environ.get("PATH_INFO", "-")[:200],
            "status": getattr(resp, "status_code", None) or str(getattr(resp, "status", "-")).split(" ")[0],
            "ms": round(request_time.total_seconds() * 1000, 1),
        }
        streams = getattr(self, "_access_streams", None)
        direct = streams is not None and self.access_log.isEnabledFor(logging.INFO)  # logging.disable() too
        if direct and _write_directly(streams[0], streams[1], self.access_log.name, "request", fields):  # type: ignore[index]
            return
        self.access_log.info("request", extra=fields)  # what no direct write can do (or a stream that failed)


def _write_directly(
    formatter: JsonFormatter,
    handlers: list[logging.StreamHandler[Any]],
    logger: str,
    message: str,
    fields: dict[str, Any],
) -> bool:
    """Write the line format() would make to each stream, without a LogRecord and the logging machinery
    around it: they cost more than twice the line itself, on every request (docs/benchmarks.md).
    False when a stream fails (closed, full): the logging path then reports it as logging does."""
    line = formatter.line(time.time(), "info", logger, os.getpid(), message, fields)
    try:
        for handler in handlers:
            with handler.lock:  # type: ignore[union-attr]  # _plain_streams checked that it has one
                handler.stream.write(line + handler.terminator)
                handler.flush()
    except (OSError, ValueError, AttributeError):  # AttributeError: a file handler whose stream reopening failed
        return False
    return True


def _plain_streams(
    log: logging.Logger, formatter: JsonFormatter
) -> tuple[JsonFormatter, list[logging.StreamHandler[Any]]] | None:
    """log's handlers when each writes formatter's lines to a stream and nothing else decides about a
    record (no filter, level or other kind of handler): then the access line is written to them directly."""
    handlers = log.handlers
    if log.filters or log.propagate or not log.isEnabledFor(logging.INFO) or not handlers:
        return None
    for handler in handlers:
        if type(handler) not in (logging.StreamHandler, logging.FileHandler) or handler.filters:
            return None
        if handler.formatter is not formatter or handler.level > logging.INFO or handler.lock is None:
            return None
    return formatter, list(handlers)  # type: ignore[arg-type]
