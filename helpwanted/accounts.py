"""Staff accounts: creation and password checks with argon2."""

from __future__ import annotations

from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .database import db
from .models import StaffUser

ROLES = ("editor", "coordinator", "admin")
MIN_PASSWORD_LENGTH = 12
# A hash to verify against when the e-mail is unknown, so both cases take as long.
_DUMMY = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("not a password")


class AccountError(ValueError):
    """The account cannot be created as asked."""


def hasher() -> PasswordHasher:
    """argon2 with library defaults; tests may configure a cheap profile."""
    if current_app.config["ARGON2_PROFILE"] == "fast-for-tests":
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    return PasswordHasher()


def normalise(email: str) -> str:
    """E-mail addresses compare case-insensitively."""
    return email.strip().lower()


def create_user(email: str, password: str, role: str) -> StaffUser:
    """Add a staff account; raise AccountError for a bad role, e-mail or password."""
    email = normalise(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    if "@" not in email or len(email) > 254:
        raise AccountError("that is not an e-mail address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    user = StaffUser(email=email, password_hash=hasher().hash(password), role=role, created_at=datetime.now(UTC))
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
        hasher().verify(user.password_hash if user else _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hasher().hash(password)
        session.commit()
    return user
