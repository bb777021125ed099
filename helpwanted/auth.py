"""Who is signed in: staff sign-in state (Flask-Login), the role check every staff area uses, the rate limit."""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, current_app, session
from flask_limiter import Limiter
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from . import limitstore, signin_limits
from .accounts import end_all_sessions, new_session_token
from .audit import record
from .database import db
from .hooks import only_for
from .models import StaffUser

F = TypeVar("F", bound=Callable[..., Any])
login_manager = LoginManager()


class SignInLimiter(Limiter):
    """Flask-Limiter without its per-request pass: only the sign-in view carries limits.

    The limits decorated on a view are checked from the view's own wrapper (in_middleware=False);
    the global before-request pass would find nothing for any other page, at a cost on every one.
    """

    def _check_request_limit(self, callable_name: str | None = None, in_middleware: bool = True) -> None:
        if not in_middleware:
            super()._check_request_limit(callable_name, in_middleware)


limiter = SignInLimiter(key_func=signin_limits.client_address, default_limits=[])


class StaffIdentity:
    """What the session knows of a signed-in staff member: who, the role, the session token.

    Implements the user protocol Flask-Login expects (rather than subclassing its untyped UserMixin).
    """

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: StaffUser) -> None:
        self.id = user.id
        self.email = user.email
        self.role = user.role
        self.token = user.session_token or ""

    def get_id(self) -> str:
        """The id Flask-Login keeps in the session: account and token, checked on every request."""
        return f"{self.id}:{self.token}"


def init_app(app: Flask) -> None:
    """Flask-Login (no remember-me), the sign-in rate limits, and no stray cookies — in the staff area.

    Their request hooks run only for the staff blueprints (hooks.only_for): visitor pages never
    look at a staff account and carry no rate limit, so a visitor's request neither loads a user,
    lets Flask-Login touch the session, nor passes through Flask-Limiter.
    """
    with only_for(app, STAFF_BLUEPRINTS):
        app.after_request(_drop_remember_cookie)  # registered first, so it runs after Flask-Login's
        login_manager.init_app(app, add_context_processor=False)
        app.context_processor(_staff_template_context)
        app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
        if not app.config.get("RATELIMIT_STORAGE_URI"):  # shared by every worker of the machine, kept over restarts
            app.config["RATELIMIT_STORAGE_URI"] = limitstore.default_uri(app)
        limiter.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"
    login_manager.user_loader(load_user)


STAFF_BLUEPRINTS = frozenset({"staff", "editor", "coordinator"})


def _staff_template_context() -> dict[str, Any]:
    return {"current_user": current_user}


def _drop_remember_cookie(response: Any) -> Any:
    # Remember-me is never used, yet Flask-Login answers a stale `remember_token` with a
    # deletion cookie (without Secure). Nothing sets that cookie, so nothing needs deleting.
    name = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    kept = [c for c in response.headers.getlist("Set-Cookie") if not c.startswith(f"{name}=")]
    if len(kept) != len(response.headers.getlist("Set-Cookie")):
        response.headers.setlist("Set-Cookie", kept)
    return response


def load_user(user_id: str) -> StaffIdentity | None:
    """The signed-in user, if the account is active and the session's token is still its token."""
    account, _, token = user_id.partition(":")
    try:
        user = db().get(StaffUser, int(account))
    except (ValueError, SQLAlchemyError):
        return None
    if user is None or not user.active or not user.session_token or not token:
        return None
    return StaffIdentity(user) if hmac.compare_digest(user.session_token, token) else None


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow only signed-in staff with one of these roles (admin may do everything)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated or _signed_in_too_long():
                logout_user()
                return login_manager.unauthorized()
            if current_user.role not in (*roles, "admin"):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def _signed_in_too_long() -> bool:
    since = session.get("staff_since", 0)
    return bool(time.time() - float(since) > 60 * int(current_app.config["STAFF_SESSION_MINUTES"]))


def sign_in(user: StaffUser) -> None:
    """Start a staff session for user (no visitor state crosses over) and record it."""
    session.clear()  # no visitor state or old token crosses into a staff session
    if not user.session_token:
        user.session_token = new_session_token()
    login_user(StaffIdentity(user))
    session["staff_since"] = time.time()
    record(user.email, "sign-in")
    db().commit()


def sign_out() -> None:
    """End the staff session and every copy of it (on any device), recording it."""
    if current_user.is_authenticated:
        user = db().get(StaffUser, current_user.id)
        if user is not None:
            end_all_sessions(user)
        record(current_user.email, "sign-out")
        db().commit()
    logout_user()
    session.clear()
