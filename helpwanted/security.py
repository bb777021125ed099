"""Response headers that keep a visitor's traces small and the pages locked down."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request, session
from flask_wtf.csrf import CSRFProtect

from . import sessions

csrf = CSRFProtect()
QUIET_ENDPOINTS = {"static", "visitor.favicon", "visitor.quick_exit"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)


def init_app(app: Flask) -> None:
    """Encrypted session; CSRF on every form; refuse to serve without a secret key; headers."""
    sessions.init_app(app)
    csrf.init_app(app)
    app.before_request(_require_secret_key)
    app.after_request(_refresh_session)
    app.after_request(_add_headers)


def _require_secret_key() -> None:
    if not current_app.secret_key:
        current_app.logger.error("no SECRET_KEY: run `flask --app helpwanted init` or set HELPWANTED_SECRET_KEY")
        abort(503)


def _refresh_session(response: Response) -> Response:
    # The cookie's encrypted timestamp is its idle clock (sessions.py): only pages renew it.
    # A favicon, a stylesheet or the exit itself never re-sends the cookie, so no request
    # still in flight can bring back a session that the quick exit cleared.
    if not session:
        return response
    if response.mimetype == "text/html" and request.endpoint not in QUIET_ENDPOINTS:
        session.modified = True
    return response


def _add_headers(response: Response) -> Response:
    headers = response.headers
    headers["Cache-Control"] = "no-store, max-age=0"
    headers["Pragma"] = "no-cache"
    headers["Expires"] = "0"
    headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    response.vary.add("Cookie")
    return response
