"""The session cookie, encrypted: unreadable without the key, gone when the browser closes.

A visitor's answers name their situation, so the cookie that carries them is encrypted and
authenticated (AES-256-GCM-SIV from `cryptography`: an AEAD whose safety does not rest on
random nonces never repeating), not only signed. The sealing time is part of the authenticated
data: the idle limit is checked on the server from it. It is a browser-session cookie (no Expires,
no Max-Age): the browser does not keep it on disk past the session. A page renews the idle clock by
sealing the cookie again, unless it was sealed less than IDLE_CLOCK_STEP seconds ago: the page after
a form's redirect comes milliseconds after the POST that sealed it (security._refresh_session).

Keys are derived from SECRET_KEY with HKDF, one purpose per derived key. Rotation: put the
new key in SECRET_KEY and the old one in SECRET_KEY_FALLBACKS; cookies made with the old key
are still read (and re-encrypted with the new one at the next page) until the fallback is removed.
SECRET_KEY_FALLBACKS is a list, or in the environment one key or several separated by commas;
outside tests every key must be at least MIN_KEY_CHARS long (start-up refuses it otherwise).
Cookies of the previous format (Fernet, AES-128-CBC + HMAC) are still read, so a deploy does not
end the visits in progress; every page re-seals them in the current format.
"""

from __future__ import annotations

import base64
import json
import os
import re
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCMSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SessionInterface
from werkzeug.http import dump_cookie, parse_cookie

_PURPOSE = b"helpwanted session cookie v1"  # Fernet, the previous format: read only
_SEALING_PURPOSE = b"helpwanted session cookie v2 (AES-256-GCM-SIV)"
_FORMAT = b"\x02"  # first byte of a sealed cookie; a Fernet token starts with 0x80 ("gAAAAA" in base64)
_NONCE = 12
_CLOCK_SKEW = 60  # seconds a cookie's time may lie ahead of ours (another worker, another machine)
# A page renews the idle clock only when the cookie is older than this: a visit's idle limit ends at
# most this much early (the page warns two minutes before; SESSION_IDLE_MINUTES is at least one).
IDLE_CLOCK_STEP = 5
MIN_KEY_CHARS = 16


class SessionKeyError(ValueError):
    """SECRET_KEY or SECRET_KEY_FALLBACKS cannot be used as given."""


def fallback_keys(value: object) -> list[str]:
    """SECRET_KEY_FALLBACKS as a list of keys: a list, or a string of keys separated by commas.

    A plain string from the environment ("HELPWANTED_SECRET_KEY_FALLBACKS=<old key>") was taken
    character by character: every single character became an accepted key, and the old key was not.
    """
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [key for key in re.split(r"[\s,]+", value) if key]
    if isinstance(value, list | tuple) and all(isinstance(key, str) and key for key in value):
        return list(value)
    raise SessionKeyError("SECRET_KEY_FALLBACKS must be a list of keys, or keys separated by commas")


def check_keys(app: Flask) -> None:
    """Settle SECRET_KEY_FALLBACKS into a list; outside tests refuse keys too short to be secret."""
    keys = fallback_keys(app.config.get("SECRET_KEY_FALLBACKS"))
    app.config["SECRET_KEY_FALLBACKS"] = keys
    if isinstance(app.secret_key, int | float):  # the environment's value parsed as a JSON number
        app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"])
    if app.testing or app.debug:
        return
    for name, key in [("SECRET_KEY", app.secret_key), *(("SECRET_KEY_FALLBACKS", key) for key in keys)]:
        if key is not None and len(str(key)) < MIN_KEY_CHARS:
            raise SessionKeyError(
                f"{name} has a key of {len(str(key))} characters; use at least {MIN_KEY_CHARS} "
                "(python -c 'import secrets; print(secrets.token_hex(32))')"
            )


def derive_key(secret: str | bytes) -> bytes:
    """A Fernet key for the session cookie, derived from one secret key (the previous format)."""
    return base64.urlsafe_b64encode(_derive(secret, _PURPOSE))


def _derive(secret: str | bytes, purpose: bytes) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(material)


class Sealer:
    """Seals session payloads with the first secret; opens what any of the secrets sealed."""

    def __init__(self, secrets: Sequence[str | bytes]) -> None:
        self.keys = [AESGCMSIV(_derive(secret, _SEALING_PURPOSE)) for secret in secrets]
        self.legacy = MultiFernet([Fernet(derive_key(secret)) for secret in secrets])

    def seal(self, payload: bytes, at: int | None = None) -> str:
        """The cookie value: format, time sealed (both authenticated), nonce, ciphertext and tag."""
        header = _FORMAT + int(time.time() if at is None else at).to_bytes(8, "big")
        nonce = os.urandom(_NONCE)
        sealed = header + nonce + self.keys[0].encrypt(nonce, payload, header)
        return base64.urlsafe_b64encode(sealed).rstrip(b"=").decode("ascii")

    def open(self, token: str, ttl: int) -> bytes:
        """The payload; InvalidToken when forged, damaged, sealed with an unknown key, or older than ttl."""
        return self.open_sealed(token, ttl)[0]

    def open_sealed(self, token: str, ttl: int) -> tuple[bytes, float | None]:
        """The payload and when it was sealed, or None when it must be sealed again whatever its age
        (the previous format, or a key other than the first); InvalidToken as for open."""
        if token.startswith("gAAAAA"):
            return self.legacy.decrypt(token.encode("ascii"), ttl=ttl), None
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        header, nonce, sealed = raw[:9], raw[9 : 9 + _NONCE], raw[9 + _NONCE :]
        if len(header) != 9 or header[:1] != _FORMAT or len(nonce) != _NONCE:
            raise InvalidToken
        for index, key in enumerate(self.keys):
            try:
                payload = key.decrypt(nonce, sealed, header)
            except InvalidTag:
                continue
            sealed_at = int.from_bytes(header[1:], "big")
            if not -_CLOCK_SKEW <= time.time() - sealed_at <= ttl:
                raise InvalidToken
            return payload, (sealed_at if index == 0 else None)
        raise InvalidToken


class SealedSession(SecureCookieSession):
    """A session read from the cookie, and when that cookie was sealed (None: seal it again at the next page)."""

    sealed_at: float | None = None

    def renew_idle_clock(self) -> None:
        """Seal the cookie again with the time now (its idle clock), unless it was sealed a moment ago."""
        if self.sealed_at is None or time.time() - self.sealed_at >= IDLE_CLOCK_STEP:
            self.modified = True


class EncryptedCookieSessionInterface(SessionInterface):
    """Flask's cookie session, with the payload encrypted and the idle limit checked here."""

    def __init__(self) -> None:
        self._cache: tuple[tuple[Any, ...], Sealer] | None = None

    def _sealer(self, app: Flask) -> Sealer | None:
        if not app.secret_key:
            return None
        fallbacks = app.config.get("SECRET_KEY_FALLBACKS") or ()
        secrets = (app.secret_key, *fallbacks)
        if self._cache is None or self._cache[0] != secrets:  # keys are derived once, not per request
            self._cache = (secrets, Sealer(secrets))
        return self._cache[1]

    def open_session(self, app: Flask, request: Request) -> SealedSession | None:
        """The session from the cookie; empty when it is missing, forged, or idle too long."""
        if not app.secret_key:
            return None  # a null session: Flask refuses to store anything in it
        if "HTTP_COOKIE" not in request.environ:  # a first visit: no cookie header to parse
            return SealedSession()
        # Werkzeug's parser given the environ's one Cookie header (a WSGI server joins them), as
        # request.cookies does after looking the header up among all of the environ's keys.
        try:
            cookies = parse_cookie(request.environ)
        except UnicodeDecodeError:  # bytes that are not UTF-8: request.cookies reads them as Werkzeug does
            cookies = request.cookies
        token = cookies.get(self.get_cookie_name(app))
        if not token:
            return SealedSession()
        sealer = self._sealer(app)
        if sealer is None:
            return None
        idle_seconds = int(app.permanent_session_lifetime.total_seconds())
        try:
            payload, sealed_at = sealer.open_sealed(token, idle_seconds)
            data = json.loads(payload)  # plain JSON: the session holds strings, numbers, lists and dicts only
        except (InvalidToken, UnicodeError, ValueError, TypeError):
            return SealedSession()
        session = SealedSession(data if isinstance(data, dict) else {})
        session.sealed_at = sealed_at
        return session

    def save_session(self, app: Flask, session: SecureCookieSession, response: Response) -> None:  # type: ignore[override]
        """Write the cookie (browser-session: no expiry) when the session changed."""
        # No `Vary: Cookie` here: security.SafetyHeaders puts it on every response.
        if not (session.modified if not session else self.should_set_cookie(app, session)):
            return  # nothing to write or to delete
        name = self.get_cookie_name(app)
        settings = (
            self.get_cookie_domain(app),
            self.get_cookie_path(app),
            self.get_cookie_secure(app),
            self.get_cookie_samesite(app),
            self.get_cookie_httponly(app),
        )
        domain, path, secure, samesite, httponly = settings
        if not session:
            response.delete_cookie(name, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly)
            return
        sealer = self._sealer(app)
        if sealer is None:
            return
        token = sealer.seal(_compact_json(dict(session)).encode())
        before, after = _set_cookie_around(name, *settings)
        if len(before) + len(token) + len(after) > response.max_cookie_size:
            # Werkzeug's own call, for its warning of a cookie too large for browsers
            response.set_cookie(
                name, token, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly
            )
            return
        response.headers.add("Set-Cookie", before + token + after)


_compact_json = json.JSONEncoder(separators=(",", ":")).encode  # one encoder, not a new one per page


@lru_cache(maxsize=16)
def _set_cookie_around(
    name: str, domain: str | None, path: str, secure: bool, samesite: str | None, httponly: bool
) -> tuple[str, str]:
    """Werkzeug's Set-Cookie header for these settings, as the text before and after the value.

    A sealed token is base64url, which dump_cookie sends as it is: so the header for any token is
    this text around it, and Werkzeug's cookie code runs once per setting rather than on every page.
    """
    mark = "0" * 16
    header = dump_cookie(name, mark, domain=domain, path=path, secure=secure, samesite=samesite, httponly=httponly)
    value_at = header.index("=") + 1  # dump_cookie writes name=value first (a name may hold zeros too)
    if header[value_at : value_at + len(mark)] != mark:
        raise ValueError(f"unexpected Set-Cookie header from Werkzeug: {header!r}")
    return header[:value_at], header[value_at + len(mark) :]


def init_app(app: Flask) -> None:
    """Use the encrypted session cookie, with keys checked at start-up."""
    check_keys(app)
    app.session_interface = EncryptedCookieSessionInterface()
