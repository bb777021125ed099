"""Sign-in limits that stop guessing without letting an attacker lock staff out.

Failed sign-ins (401) count against the client's address and against the account that was
tried; successful ones count for nothing. A browser that signed in to an account before holds
a signed device cookie for it (OWASP's "device cookie"): for that account it is judged by its
own limit only, so an attack on the account or from a shared address cannot lock its owner out.
The limits live in Flask-Limiter's storage (RATELIMIT_STORAGE_URI: by default a SQLite file
that every process of the machine shares, limitstore.py; Redis when several machines serve the
site). Addresses and accounts are kept there as keys only, the account as a hash.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from .accounts import normalise

DEVICE_COOKIE = "staff_device"
DEVICE_DAYS = 90


def client_address() -> str:
    """The client's address, as the limiter's key (in its storage only; never logged).

    An IPv6 client counts by its /64: one home or server gets a whole /64, so a limit per single
    address would let one attacker take a fresh address for every guess.
    """
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is None:
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else ip)


def _account_digest(email: str) -> str:
    return hashlib.sha256(normalise(email).encode()).hexdigest()[:32]


def account_key() -> str:
    """The limiter key of the account that this sign-in tries."""
    return "account:" + _account_digest(request.form.get("email", ""))


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(str(current_app.secret_key), salt="staff-device")


def trusted_device() -> str | None:
    """This browser's device id, when it signed in before to the account being tried."""
    raw = request.cookies.get(DEVICE_COOKIE, "")
    try:
        data = _devices().loads(raw, max_age=DEVICE_DAYS * 86400) if raw else None
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("account") != _account_digest(request.form.get("email", "")):
        return None
    return str(data.get("device", ""))


def device_key() -> str:
    """The limiter key of a trusted device."""
    return "device:" + (trusted_device() or "")


def is_trusted() -> bool:
    """Whether the address and account limits leave this sign-in alone."""
    return trusted_device() is not None


def is_untrusted() -> bool:
    """Whether the trusted-device limit leaves this sign-in alone."""
    return trusted_device() is None


def failed(response: Response) -> bool:
    """Only a wrong e-mail or password counts against a limit."""
    return response.status_code == 401


def address_limit() -> str:
    """Failed sign-ins per client address."""
    return str(current_app.config["LOGIN_RATE_LIMIT"])


def account_limit() -> str:
    """Failed sign-ins per account, from anywhere."""
    return str(current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"])


def device_limit() -> str:
    """Failed sign-ins per trusted device."""
    return str(current_app.config["LOGIN_DEVICE_RATE_LIMIT"])


def remember_device(response: Response, email: str) -> None:
    """After a successful sign-in: mark this browser as a known device of the account."""
    token = _devices().dumps({"account": _account_digest(email), "device": secrets.token_urlsafe(18)})
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_DAYS * 86400,
        path="/staff/login",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Strict",
    )
