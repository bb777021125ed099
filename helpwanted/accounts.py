"""Staff accounts: creation, passwords (argon2, a strength check offline) and session tokens."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .database import db
from .models import StaffUser

ROLES = ("editor", "coordinator", "admin")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024
# zxcvbn's scale: 3 = "safely unguessable" against an offline attack on a slow hash. Its
# dictionaries (common passwords, names, keyboard walks, repeats) ship with the package: no
# third-party call.
MIN_PASSWORD_SCORE = 3


class AccountError(ValueError):
    """The account cannot be created as asked."""


def hasher() -> PasswordHasher:
    """argon2 with library defaults; tests may configure a cheap profile."""
    return _hasher(_cheap_profile())


def _cheap_profile() -> bool:
    return bool(current_app.config["ARGON2_PROFILE"] == "fast-for-tests")


@cache
def _hasher(cheap: bool) -> PasswordHasher:
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1) if cheap else PasswordHasher()


@cache
def _dummy_hash(cheap: bool) -> str:
    # Verified when the e-mail is unknown: made with the same parameters as real hashes, so an
    # unknown address costs as much as a known one (no enumeration by timing).
    return _hasher(cheap).hash(secrets.token_urlsafe(16))


def normalise(email: str) -> str:
    """E-mail addresses compare case-insensitively."""
    return email.strip().lower()


def checked_email(email: str) -> str:
    """The normalised address; raise AccountError when it is not a valid e-mail address."""
    # Imported on use (as zxcvbn below): both compile tables at import, a cost every `flask`
    # command and worker start paid for the few requests that create or change an account.
    from email_validator import EmailNotValidError, validate_email

    try:
        valid = validate_email(email.strip(), check_deliverability=False)  # no DNS lookup
    except EmailNotValidError:
        raise AccountError("that is not a valid e-mail address") from None
    return normalise(valid.normalized)


def check_password(password: str, email: str = "") -> None:
    """Raise AccountError for a short, long, common, repetitive or guessable password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"the password may have at most {MAX_PASSWORD_LENGTH} characters")
    from zxcvbn import zxcvbn

    hints = [part for part in (email, email.split("@")[0], "helpwanted") if part]
    result = zxcvbn(password[:100], user_inputs=hints)  # the first 100 characters decide
    if result["score"] < MIN_PASSWORD_SCORE:
        warning = result["feedback"].get("warning") or "it is too easy to guess"
        raise AccountError(f"choose a stronger password: {warning.rstrip('.').lower()}")


def create_user(email: str, password: str, role: str) -> StaffUser:
    """Add a staff account; raise AccountError for a bad role, e-mail or password."""
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    email = checked_email(email)
    check_password(password, email)
    user = StaffUser(
        email=email,
        password_hash=hasher().hash(password),
        role=role,
        created_at=datetime.now(UTC),
        session_token=new_session_token(),
    )
    session = db()
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise AccountError(f"an account for {email} exists already") from None
    return user


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active user with this e-mail and password, else None (same effort either way)."""
    session = db()
    user = session.scalars(select(StaffUser).where(func.lower(StaffUser.email) == normalise(email))).first()
    try:
        hasher().verify(user.password_hash if user else _dummy_hash(_cheap_profile()), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
        session.commit()
    return user


def new_session_token() -> str:
    """A fresh random token; every signed-in session of the user carries it."""
    return secrets.token_urlsafe(32)


def end_all_sessions(user: StaffUser) -> None:
    """Invalidate every copy of every session cookie of user (sign-out, password change)."""
    user.session_token = new_session_token()


def set_password(email: str, password: str) -> StaffUser:
    """Change a password; every session of the account ends. Raise AccountError when refused."""
    session = db()
    user = session.scalars(select(StaffUser).where(func.lower(StaffUser.email) == normalise(email))).first()
    if user is None:
        raise AccountError(f"there is no account for {normalise(email)}")
    check_password(password, user.email)
    user.password_hash = hasher().hash(password)
    end_all_sessions(user)
    session.commit()
    return user
