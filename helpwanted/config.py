"""Configuration: defaults, then instance/config.py, then HELPWANTED_* variables, then tests."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

SECRET_KEY_FILE = "secret_key"  # noqa: S105 - a file name, not a key


class ConfigError(ValueError):
    """A setting holds a value of the wrong kind; the message names the setting and what to give."""


def defaults(app: Flask) -> dict[str, Any]:
    """Settings that work out of the box for a local run."""
    return {
        "SECRET_KEY": None,
        "DATABASE_URL": f"sqlite:///{Path(app.instance_path) / 'helpwanted.sqlite'}",
        "QUESTIONNAIRES_DIR": str(Path(app.root_path).parent / "questionnaires"),
        "HELP_CHANNELS_FILE": str(Path(app.root_path) / "help_channels.yaml"),
        "LANGUAGES": ["nl", "en"],
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(app.root_path).parent / "translations"),
        # A neutral, non-personalised page; content staff check it before launch.
        "EXIT_URL": "https://www.knmi.nl/nederland-nu/weer/verwachtingen",
        "SESSION_IDLE_MINUTES": 30,
        "SESSION_COOKIE_NAME": "s",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_REFRESH_EACH_REQUEST": False,  # pages refresh it themselves (security.py)
        "WTF_CSRF_TIME_LIMIT": None,
        # Over HTTPS Flask-WTF would also demand a same-origin Referer, which browsers never send
        # here (Referrer-Policy: no-referrer): every form failed behind the TLS proxy. The token
        # and the SameSite=Lax cookie protect the forms.
        "WTF_CSRF_SSL_STRICT": False,  # the session's idle lifetime limits the token
        "STAFF_SESSION_MINUTES": 60,
        # Failed sign-ins only (signin_limits.py): per address, per account, per trusted device.
        "LOGIN_RATE_LIMIT": "10 per minute;50 per hour",
        "LOGIN_ACCOUNT_RATE_LIMIT": "10 per 15 minutes;30 per day",
        # A known browser is spared the account's limit (no lock-out by an attacker), but its own
        # has a daily cap too: a device cookie copied from a shared computer gets 30 guesses a day.
        "LOGIN_DEVICE_RATE_LIMIT": "10 per 15 minutes;30 per day",
        # None: a SQLite file in instance/ that every process of this machine shares (limitstore.py);
        # redis://… for several machines; memory:// counts per process (one worker only).
        "RATELIMIT_STORAGE_URI": None,
        "RATELIMIT_STRATEGY": "moving-window",
        # Redis down: limit per process in memory meanwhile, rather than a 500 on sign-in.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,  # no burst of 2× the limit across a window edge
        "SMALL_NUMBER_THRESHOLD": 5,  # usage numbers 1..4 are shown as "< 5" (coordinator/suppression.py)
        "COUNT_MIX_VISITS": 5,  # every counter is written in groups of this many visits (counting.py)
        # Other channels of advice requests that coordinators enter per month: id → title per language.
        "ADVICE_CHANNELS": {
            "phone": {"nl": "Telefoon", "en": "Phone"},
            "chat": {"nl": "Chat", "en": "Chat"},
            "email": {"nl": "E-mail", "en": "E-mail"},
        },
        # The usage spool (docs/operations.md): a file per machine, replayed into the database.
        "USAGE_SPOOL_PATH": None,  # instance/usage-spool.sqlite
        "USAGE_SPOOL_SYNC": "normal",  # normal: survives every process fault; full: also power loss (fsync each)
        "USAGE_RETRY_SECONDS": 5,
        "USAGE_REPLAY_EVERY_SECONDS": 5,  # background replay for a quiet machine; 0 = off
        "USAGE_REPLAY_AFTER_SECONDS": 5,  # after responses, a process replays at most this often
        "READY_SPOOL_SECONDS": 120,  # /readyz fails when counters wait longer than this
        "PROXY_FIX_HOPS": 0,  # how many reverse proxies in front set X-Forwarded-*; 0 = trust none
        # The helpline's own face (branding.py checks the colours for WCAG AA contrast at start-up).
        "HELPLINE_NAME": "Helpwanted",
        "HELPLINE_LOGO": None,  # path to an SVG; None: helpwanted/static/logo.svg
        "HELPLINE_COLOURS": {},  # brand, link, button as #rrggbb; missing ones keep the defaults
        "ARGON2_PROFILE": "default",
        "MAX_CONTENT_LENGTH": 512 * 1024,
        # Publishing a change needs a second editor (an admin may publish alone in an emergency).
        "TWO_PERSON_PUBLISHING": True,
    }


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Fill app.config in the documented order, check the kind of each value, settle the secret key."""
    settings = defaults(app)
    app.config.from_mapping(settings)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("HELPWANTED")
    if test_config is not None:
        app.config.from_mapping(test_config)
    check_kinds(app.config, settings)
    if app.debug or app.testing:
        app.config["SESSION_COOKIE_SECURE"] = bool(test_config and test_config.get("SESSION_COOKIE_SECURE"))
    if app.testing and not (test_config and "USAGE_REPLAY_EVERY_SECONDS" in test_config):
        app.config["USAGE_REPLAY_EVERY_SECONDS"] = 0  # tests replay after each response, no threads
    app.permanent_session_lifetime = timedelta(minutes=int(app.config["SESSION_IDLE_MINUTES"]))
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or read_secret_key(app)
    if not app.config["SECRET_KEY"] and (app.debug or app.testing):
        app.config["SECRET_KEY"] = secrets.token_hex(32)  # throwaway: sessions die with the process


def check_kinds(config: Mapping[str, Any], settings: Mapping[str, Any]) -> None:
    """Refuse a value that cannot be what its setting's default is: a number, a list, a mapping.

    A HELPWANTED_* value is JSON when it parses as JSON, else text: `HELPWANTED_LANGUAGES=nl` was
    the text "nl", read letter by letter as the languages 'n' and 'l', and `…_MINUTES=half` stopped
    every command with a traceback. Text that reads as a number is left to the code that reads it.
    None, text and switches (True/False) are not checked here.
    """
    for name, default in settings.items():
        value = config.get(name)
        if value is None or default is None or isinstance(default, bool | str):
            continue
        if isinstance(default, int | float) and not _number(value):
            raise ConfigError(f"{name} = {value!r}: give a number")
        if isinstance(default, dict) and not isinstance(value, Mapping):
            raise ConfigError(f"{name} = {value!r}: give a mapping (in the environment a JSON object: {{…}})")
        texts = isinstance(value, list | tuple) and all(isinstance(item, str) for item in value)
        if isinstance(default, list) and not texts:
            raise ConfigError(f"{name} = {value!r}: give a list of texts (in the environment JSON: [\"nl\", \"en\"])")


def _number(value: object) -> bool:
    """A number, or text that reads as one."""
    if isinstance(value, int | float):
        return True
    if not isinstance(value, str):
        return False
    try:
        float(value)
    except ValueError:
        return False
    return True


def read_secret_key(app: Flask) -> str | None:
    """The key that `init` generated into instance/, if any."""
    path = Path(app.instance_path) / SECRET_KEY_FILE
    return path.read_text().strip() or None if path.exists() else None


def write_secret_key(app: Flask) -> bool:
    """Generate instance/secret_key once (mode 600); False when a key is already configured."""
    path = Path(app.instance_path) / SECRET_KEY_FILE
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(secrets.token_hex(32) + "\n")
    return True
