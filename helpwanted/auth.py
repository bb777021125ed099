"""Who is signed in: staff sign-in state (Flask-Login), the role check every staff area uses, the rate limit."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, current_app, request, session
from flask_limiter import Limiter
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from .audit import record
from .database import db
from .models import StaffUser

F = TypeVar("F", bound=Callable[..., Any])
login_manager = LoginManager()
limiter = Limiter(key_func=lambda: _client_address(), default_limits=[])


def _client_address() -> str:
    # The limiter needs an address in memory only; it is never stored or logged.
    return request.remote_addr or "unknown"


class StaffIdentity(UserMixin):
    """What the session knows of a signed-in staff member."""

    def __init__(self, user: StaffUser) -> None:
        self.id = user.id
        self.email = user.email
        self.role = user.role


def init_app(app: Flask) -> None:
    """Flask-Login without remember-me cookies, and the sign-in rate limiter."""
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(seconds=0)
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)
    limiter.init_app(app)


@login_manager.user_loader
def load_user(user_id: str) -> StaffIdentity | None:
    """The signed-in user, if the account still exists and is active."""
    try:
        user = db().get(StaffUser, int(user_id))
    except (ValueError, SQLAlchemyError):
        return None
    return StaffIdentity(user) if user is not None and user.active else None


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
    login_user(StaffIdentity(user))
    session["staff_since"] = time.time()
    record(user.email, "sign-in")
    db().commit()


def sign_out() -> None:
    """End the staff session, recording it if someone was signed in."""
    if current_user.is_authenticated:
        record(current_user.email, "sign-out")
        db().commit()
    logout_user()
    session.clear()
