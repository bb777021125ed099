"""Attack F12: a copied device cookie gave its holder 10 guesses per 15 minutes for 90 days (960 a day)."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from limits import parse_many

from helpwanted.config import defaults

from .conftest import sign_in
from .test_signin import PASSWORD, _attempt, _sign_out

DAY = 24 * 60 * 60


def test_the_shipped_account_and_device_limits_have_a_daily_cap() -> None:
    shipped = defaults(Flask("helpwanted"))
    for name in ("LOGIN_ACCOUNT_RATE_LIMIT", "LOGIN_DEVICE_RATE_LIMIT"):
        daily = [item for item in parse_many(str(shipped[name])) if item.get_expiry() >= DAY]
        assert daily and min(item.amount for item in daily) <= 30, name


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """A device limit whose short window never binds, so only its daily cap can refuse."""
    return {**app_config, "LOGIN_DEVICE_RATE_LIMIT": "100 per minute;3 per day"}


def test_a_known_device_is_held_to_every_part_of_its_limit(app: Flask) -> None:
    owner = sign_in(app, "admin@example.org", "admin")
    _sign_out(owner)  # the device cookie stays: copied from a shared office computer, say
    codes = [_attempt(owner, "admin@example.org", "guess", "203.0.113.9") for _ in range(5)]
    assert codes == [401, 401, 401, 429, 429]
    assert _attempt(app.test_client(), "admin@example.org", PASSWORD, "198.51.100.1") == 303  # others unaffected
