"""No log line holds an IP address, a user agent, a query string or a cookie: app and gunicorn."""

from __future__ import annotations

import json
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from flask.logging import default_handler
from gunicorn.config import Config

from helpwanted.logs import ADDRESS, GunicornLogger, JsonFormatter, scrub

from .harness import Gunicorn, Load, app_environment, flask_init, get


def test_scrub_removes_addresses_and_queries_but_not_times() -> None:
    assert scrub("Invalid request from ip=192.168.1.20: bad") == "Invalid request from ip=[address]: bad"
    assert scrub("from 2001:db8::1 and ::1 and fe80::1%eth0") == "from [address] and [address] and [address]%eth0"
    assert scrub("full 2001:0db8:0000:0000:0000:ff00:0042:8329 end") == "full [address] end"
    assert scrub("GET /q/1?change=1&x=y HTTP/1.1") == "GET /q/1?… HTTP/1.1"
    assert scrub("at 12:30:45, version 1.2.3, took 3.5 ms") == "at 12:30:45, version 1.2.3, took 3.5 ms"


def test_no_log_line_holds_an_address_an_agent_or_a_cookie(tmp_path: Path) -> None:
    environment = app_environment(f"sqlite:///{tmp_path / 'logs.sqlite'}", tmp_path)
    flask_init(environment)
    log = tmp_path / "gunicorn.log"
    server = Gunicorn(environment, workers=1, log=log)
    server.start()
    try:
        with Load(server.port, 2) as load:
            load.completions(2)
        with socket.create_connection(("127.0.0.1", server.port)) as raw:  # gunicorn: "Invalid request from ip=…"
            raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            raw.recv(1024)
        with socket.create_connection(("127.0.0.1", server.port)) as raw:
            raw.sendall(
                b"GET /q/1?answer=secret HTTP/1.1\r\nHost: x\r\nUser-Agent: AgentSmith/1.0\r\n"
                b"X-Forwarded-For: 203.0.113.9\r\nCookie: s=cookievalue123\r\nReferer: http://198.51.100.4/\r\n\r\n"
            )
            raw.recv(1024)
        assert get(server.port, "/203.0.113.10")[0] == 404
    finally:
        server.stop()
    lines = log.read_text().splitlines()
    assert len(lines) > 20
    for line in lines:
        record = json.loads(line)  # every line is one structured record
        assert {"time", "level", "logger", "message"} <= record.keys()
        assert not ADDRESS.search(line), line
        for secret in ("AgentSmith", "cookievalue123", "answer=secret", "127.0.0.1"):
            assert secret not in line, line
    assert any("Invalid request from ip=[address]" in line for line in lines), "gunicorn's own line, scrubbed"
    assert any('"path": "/q/1"' in line for line in lines), "the access log is there, without query strings"
    access = [json.loads(line) for line in lines if '"logger": "gunicorn.access"' in line]
    assert access and all(isinstance(record["pid"], int) and record["status"] for record in access)


@contextmanager
def _access_logger(path: Path) -> Iterator[GunicornLogger]:
    """gunicorn's logger as a worker has it, writing to files; its handlers (on logging's shared
    loggers) closed and removed after."""
    config = Config()
    config.set("accesslog", str(path))
    config.set("errorlog", str(path.with_suffix(".errors")))
    logger = GunicornLogger(config)
    try:
        yield logger
    finally:
        for log in (logger.access_log, logger.error_log):
            for handler in list(log.handlers):
                log.removeHandler(handler)
                handler.close()
        default_handler.setFormatter(JsonFormatter())  # as helpwanted.logs.init_app leaves it


def test_the_access_line_written_directly_is_the_line_logging_writes(tmp_path: Path) -> None:
    """The direct write skips the LogRecord, not a field: same keys, same values, same scrubbing."""
    response = SimpleNamespace(status_code=303)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/q/1", "QUERY_STRING": "x=1", "REMOTE_ADDR": "192.0.2.1"}
    with _access_logger(tmp_path / "access.log") as logger:
        logger.access(response, None, environ, timedelta(microseconds=1530))
        logger._access_streams = None  # the logging path, as with a handler it cannot write to directly
        logger.access(response, None, environ, timedelta(microseconds=1530))
    direct, through_logging = (json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines())
    assert direct == through_logging
    assert direct["path"] == "/q/1" and direct["status"] == 303 and direct["ms"] == 1.5 and direct["pid"] == os.getpid()


def test_a_filter_on_the_access_log_is_obeyed(tmp_path: Path) -> None:
    """A filter (or a handler of another kind) decides about records: then every line goes through logging."""
    refuse_all = logging.Filter("nothing")  # passes no record of gunicorn.access
    logging.getLogger("gunicorn.access").addFilter(refuse_all)
    try:
        with _access_logger(tmp_path / "access.log") as logger:
            logger.access(SimpleNamespace(status_code=200), None, {"PATH_INFO": "/"}, timedelta(milliseconds=1))
    finally:
        logging.getLogger("gunicorn.access").removeFilter(refuse_all)
    assert (tmp_path / "access.log").read_text() == ""
