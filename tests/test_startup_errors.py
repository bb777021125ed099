"""Attack F12: a refused configuration stopped every `flask` command with a Python traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpwanted import create_app
from helpwanted.sessions import SessionKeyError

ROOT = Path(__file__).resolve().parent.parent


def test_a_flask_command_says_why_on_one_line(tmp_path: Path) -> None:
    environment = {
        **os.environ,
        "HELPWANTED_SECRET_KEY": "short",
        "HELPWANTED_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "HELPWANTED_USAGE_SPOOL_PATH": str(tmp_path / "spool.sqlite"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "helpwanted", "spool", "status"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    assert "Error: the configuration is refused: SECRET_KEY has a key of 5 characters" in done.stderr


def test_outside_a_command_the_error_itself_is_raised(app_config: dict[str, object]) -> None:
    with pytest.raises(SessionKeyError):  # gunicorn logs it with its traceback; tests can catch it
        create_app({**app_config, "TESTING": False, "SECRET_KEY": "short"})
