"""Running it: /healthz and /readyz, structured logs, and the reverse proxy's headers.

/healthz: the process answers (no I/O). /readyz: the database answers, the catalogue has
trees, and the usage spool is not backing up. Both are cheap, set no cookie, and say nothing
about visitors: only states and counts of waiting counters (docs/operations.md).
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Flask, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.middleware.proxy_fix import ProxyFix

from . import logs

bp = Blueprint("operations", __name__)


def init_app(app: Flask) -> None:
    """Logging, the proxy's headers (PROXY_FIX_HOPS trusted proxies; 0 = none), the health routes."""
    logs.init_app(app)
    check_limiter_storage(app)
    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops > 0:
        # Only the nearest `hops` proxies are believed: a visitor cannot forge their own address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    app.register_blueprint(bp)


def check_limiter_storage(app: Flask) -> None:
    """A redis:// limiter storage needs the [redis] extra: say so at start, not at the first sign-in."""
    uri = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if uri.split(":", 1)[0] in ("redis", "rediss", "redis+unix", "redis+sentinel", "redis+cluster"):
        try:
            import redis  # noqa: F401
        except ImportError:
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI is a Redis URL but the Redis client is not installed: "
                "pip install 'helpwanted[redis]'"
            ) from None


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """The process answers."""
    return _plain({"status": "ok"}, 200)


@bp.get("/readyz")
def readyz() -> ResponseReturnValue:
    """Ready to serve fully: database reachable, catalogue loaded, spool not backing up."""
    checks = {"database": _database(), "catalogue": _catalogue(), **_spool()}
    ready = checks["database"] == "ok" and checks["catalogue"] == "ok" and checks["spool"] == "ok"
    return _plain({"status": "ok" if ready else "unavailable", **checks}, 200 if ready else 503)


def _database() -> str:
    try:
        with current_app.extensions["helpwanted.engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return "unreachable"
    return "ok"


def _catalogue() -> str:
    from .trees import catalog

    return "ok" if catalog().trees else "empty"


def _spool() -> dict[str, Any]:
    status = current_app.extensions["helpwanted.counters"].status()
    limit = float(current_app.config["READY_SPOOL_SECONDS"])
    since = status.last_written
    backing_up = status.waiting > 0 and (since is None or time.time() - since > limit)
    return {
        "spool": "backing up" if backing_up else "ok",
        "counters_waiting": status.waiting,
        "counters_set_aside": status.set_aside,
    }


def _plain(body: dict[str, Any], status: int) -> ResponseReturnValue:
    response = jsonify(body)
    response.status_code = status
    return response
