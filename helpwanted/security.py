"""Response headers that keep a visitor's traces small and the pages locked down."""

from __future__ import annotations

import hmac
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from flask import Flask, Response, abort, current_app, g, request, session
from flask_wtf.csrf import CSRFProtect, generate_csrf
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.routing import RequestRedirect

from . import sessions
from .hooks import added_hooks

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

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
# Every response, whatever sent it (a page, a redirect, an error, a static file), carries these.
SAFETY_HEADERS = (
    ("Cache-Control", "no-store, max-age=0"),
    ("Pragma", "no-cache"),
    ("Expires", "0"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("Referrer-Policy", "no-referrer"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)
HTTPS_HEADERS = (*SAFETY_HEADERS, ("Strict-Transport-Security", "max-age=31536000"))
_REPLACED = frozenset(name.lower() for name, _ in HTTPS_HEADERS)


def init_app(app: Flask) -> None:
    """Encrypted session; CSRF on every form; refuse to serve without a secret key; headers."""
    sessions.init_app(app)
    with added_hooks(app) as flask_wtf:
        csrf.init_app(app)
    # Flask-WTF's own before-request check looks up the view's exemptions before it looks at the
    # method, on every GET too; ours asks the method first and then lets Flask-WTF check as before.
    for hook in flask_wtf.before_request:
        app.before_request_funcs[None].remove(hook)
    app.before_request(_protect_from_forgery)
    for processor in flask_wtf.context_processor:  # its csrf_token, which ours replaces on every page
        app.template_context_processors[None].remove(processor)
    app.context_processor(_csrf_token_context)
    app.before_request(_require_secret_key)
    app.before_request(_refuse_nul)
    app.after_request(_refresh_session)
    app.wsgi_app = SafetyHeaders(app, app.wsgi_app)  # type: ignore[method-assign]
    app.jinja_env.globals["return_path"] = return_path


def return_path() -> str:
    """This page as a place to come back to (the language switch), or home when it is not one of ours.

    A fuzzed URL may hold control characters; echoed into a page they would make its HTML invalid.
    """
    here = request.full_path.rstrip("?") if request.method == "GET" else request.path
    # Every page asks this (the language switch); the answer depends only on the path and the
    # routes, and matching it against the routes cost more than the rest of the switch.
    known: dict[str, str | None] = current_app.extensions.setdefault("helpwanted.local_paths", {})
    if here not in known:
        if len(known) >= MAX_KNOWN_PATHS:  # many different (fuzzed) URLs: start afresh
            known.clear()
        known[here] = local_path(here)
    return known[here] or "/"


def _protect_from_forgery() -> None:
    """Flask-WTF's CSRF check of every POST (CSRFProtect.protect), asked only of the methods it checks.

    A token this process signed itself for the session's raw token (csrf_token below) is known to
    be valid without verifying its HMAC again: it is the very string that verification would accept.
    Any other token goes through Flask-WTF's full check, which also gives the error responses.
    """
    config = current_app.config
    if request.method not in config["WTF_CSRF_METHODS"]:
        return
    if not config["WTF_CSRF_ENABLED"] or not config["WTF_CSRF_CHECK_DEFAULT"]:
        return
    if _signed_by_us() and not (request.is_secure and config["WTF_CSRF_SSL_STRICT"]) and not csrf._is_exempt():
        g.csrf_valid = True  # as CSRFProtect.protect marks a checked request: the forms skip the check
        return
    csrf.protect(apply_exemptions=True)


def _signed_by_us() -> bool:
    config = current_app.config
    name = config["WTF_CSRF_FIELD_NAME"]
    if config["WTF_CSRF_TIME_LIMIT"] is not None or name not in session:
        return False
    signed = current_app.extensions.get("helpwanted.csrf_tokens", {})
    known = signed.get((config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, str(session[name])))
    sent = request.form.get(name)
    return known is not None and sent is not None and hmac.compare_digest(known.encode(), sent.encode())


def _csrf_token_context() -> dict[str, object]:
    return {"csrf_token": csrf_token}


MAX_SIGNED_TOKENS = 4096
MAX_KNOWN_PATHS = 1024


def csrf_token() -> str:
    """Flask-WTF's CSRF token for this session, signed once per session and process, not per page.

    The signed form of a session's raw token is as valid on the tenth page as on the first (tokens
    never expire by themselves: WTF_CSRF_TIME_LIMIT is None, the session's idle limit ends them),
    so it is remembered instead of signed again with HMAC on every page (the first page's token
    too, so that the forms of every page carry the one remembered token, which _signed_by_us
    recognises). Validation is unchanged.
    """
    answered: str | None = g.get("_helpwanted_csrf_token")
    if answered is not None:  # this function's answer earlier in the request (a page asks three times)
        return answered
    config = current_app.config
    if config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return str(generate_csrf())
    name = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    signed: dict[tuple[object, str], str] = current_app.extensions.setdefault("helpwanted.csrf_tokens", {})
    if name in session:  # also where a form made a token already: every page carries the remembered one
        token = signed.get((secret, str(session[name])))
        if token is not None:
            setattr(g, name, token)  # what generate_csrf would have kept for the rest of the request
            g._helpwanted_csrf_token = token
            return token
    token = str(generate_csrf())  # this request's token (a form field may have made it already)
    if len(signed) >= MAX_SIGNED_TOKENS:
        signed.clear()
    signed.setdefault((secret, str(session[name])), token)
    g._helpwanted_csrf_token = token
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

    The query string is parsed only when its raw bytes could decode to a NUL (a "%00" or a NUL
    itself), and the body only when Werkzeug would parse it as a form (it has a content type):
    otherwise request.args and request.form cannot hold one, and a GET pays for neither.
    """
    if "\x00" in request.path:
        raise BadRequest()
    query = request.query_string
    if (b"%00" in query or b"\x00" in query) and _holds_nul(request.args):
        raise BadRequest()
    if request.want_form_data_parsed and _holds_nul(request.form):
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
        opened: sessions.SealedSession = session._get_current_object()  # type: ignore[attr-defined]
        opened.renew_idle_clock()  # not when it was sealed a moment ago: by the POST this page follows
    return response


class SafetyHeaders:
    """WSGI middleware: SAFETY_HEADERS and `Vary: Cookie` on every response of the app.

    Werkzeug's Headers.set checks and de-duplicates each header on its own; for a dozen fixed
    values that was about a twentieth of a minimal page. These never change, so they go into the
    WSGI header list in one step, replacing any the response set itself (send_file's caching).
    Errors, redirects and static files pass through here like pages: nothing leaves without them.
    """

    def __init__(self, app: Flask, wsgi_app: WSGIApplication) -> None:
        self.config = app.config
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Run the app; add the headers when it starts its response."""
        secure = bool(self.config["SESSION_COOKIE_SECURE"])

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], object]:
            return start_response(status, with_safety_headers(headers, secure), exc_info)

        return self.wsgi_app(environ, start)


def with_safety_headers(headers: list[tuple[str, str]], secure: bool) -> list[tuple[str, str]]:
    """headers without any of ours, then ours (HSTS only over HTTPS), and Cookie in Vary."""
    kept = [(name, value) for name, value in headers if name.lower() not in _REPLACED]
    for index, (name, value) in enumerate(kept):
        if name.lower() == "vary":
            if "cookie" not in {token.strip().lower() for token in value.split(",")}:
                kept[index] = (name, f"{value}, Cookie")
            break
    else:
        kept.append(("Vary", "Cookie"))  # the page depends on the session cookie: no shared caching
    kept.extend(HTTPS_HEADERS if secure else SAFETY_HEADERS)
    return kept


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
