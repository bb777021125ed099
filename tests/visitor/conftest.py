"""Fixtures the visitor tests share."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from helpwanted import create_app
from helpwanted.database import upgrade_schema

from .fixtures import write_channels


@pytest.fixture
def lines_app(app_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """The app with test help lines of known hours (Kindertelefoon daily 14:00-20:00), at a moment a test chooses."""
    application = create_app({**app_config, "HELP_CHANNELS_FILE": str(write_channels(tmp_path))})
    with application.app_context():
        upgrade_schema()
    yield application
    application.extensions["helpwanted.engine"].dispose()
