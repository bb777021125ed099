"""Response headers that keep a visitor's traces small and the pages locked down."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import RequestRedirect

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
    app.context_processor(_csrf_token_context)  # after Flask-WTF's, so its csrf_token is replaced
    app.before_request(_require_secret_key)
    app.before_request(_refuse_nul)
    app.after_request(_refresh_session)
    app.after_request(_add_headers)
    app.jinja_env.globals["return_path"] = return_path


def return_path() -> str:
    """This page as a place to come back to (the language switch), or home when it is not one of ours.

    A fuzzed URL may hold control characters; echoed into a page they would make its HTML invalid.
    """
    here = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return local_path(here) or "/"


def _csrf_token_context() -> dict[str, object]:
    return {"csrf_token": csrf_token}


MAX_SIGNED_TOKENS = 4096


def csrf_token() -> str:
    """Flask-WTF's CSRF token for this session, signed once per session and process, not per page.

    The signed form of a session's raw token is as valid on the tenth page as on the first (tokens
    never expire by themselves: WTF_CSRF_TIME_LIMIT is None, the session's idle limit ends them),
    so it is remembered instead of signed again with HMAC on every page. Validation is unchanged.
    """
    config = current_app.config
    name = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if name in g or config.get("WTF_CSRF_TIME_LIMIT") is not None or name not in session:
        return str(generate_csrf())
    secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    signed: dict[tuple[object, str], str] = current_app.extensions.setdefault("helpwanted.csrf_tokens", {})
    key = (secret, str(session[name]))
    token = signed.get(key)
    if token is None:
        token = str(generate_csrf())
        if len(signed) >= MAX_SIGNED_TOKENS:
            signed.clear()
        signed[key] = token
    else:
        setattr(g, name, token)  # what generate_csrf would have kept for the rest of the request
    return token


def _require_secret_key() -> None:
    if not current_app.secret_key:
        current_app.logger.error("no SECRET_KEY: run `flask --app helpwanted init` or set HELPWANTED_SECRET_KEY")
        abort(503)


def _refuse_nul() -> None:
    """A NUL byte anywhere in the URL, the query or a form is a 400, before any view sees it.

    No text this site accepts may hold one, and PostgreSQL refuses it in every text column and
    query parameter (a DataError, so a 500): the sign-in e-mail, a publish note, an id in a URL.
    One check for every request, so no new field or route can forget it.
    """
    if "\x00" in request.path or _holds_nul(request.args) or _holds_nul(request.form):
        raise BadRequest()


def _holds_nul(values: MultiDict[str, str]) -> bool:
    return any("\x00" in name or any("\x00" in value for value in values.getlist(name)) for name in values)


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


def local_path(value: str | None) -> str | None:
    """value if it names a page of this site (a path, no scheme, host or control character), else None.

    Browsers ignore tabs and newlines in a Location and read a backslash as a slash, so such
    characters are refused outright rather than cleaned; the path must match one of our routes.
    """
    if not value or len(value) > 512 or "\\" in value:
        return None
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    try:
        current_app.url_map.bind("localhost").match(parts.path, method="GET")
    except RequestRedirect:
        pass  # a route that adds a trailing slash is still ours
    except HTTPException:
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))
