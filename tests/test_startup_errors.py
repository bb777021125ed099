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


@pytest.mark.parametrize(
    "arguments",
    [
        ["spool", "status"],
        ["--help"],  # Flask's command listing printed the traceback of any error while building the app
        ["no-such-command"],
        ["routes"],  # loads the app inside the command
        ["questionnaires", "check", "received.yaml"],  # the checker's app refuses the same configuration
    ],
)
def test_a_flask_command_says_why_on_one_line(tmp_path: Path, arguments: list[str]) -> None:
    (tmp_path / "received.yaml").write_text((ROOT / "questionnaires" / "received.yaml").read_text("utf-8"), "utf-8")
    environment = {
        **os.environ,
        "HELPWANTED_SECRET_KEY": "short",
        "HELPWANTED_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "HELPWANTED_USAGE_SPOOL_PATH": str(tmp_path / "spool.sqlite"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "helpwanted", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("Error: the configuration is refused: SECRET_KEY has a key of 5 characters")
    assert done.stderr.count("\n") == 1 and done.stdout == "", done.stdout + done.stderr


def test_outside_a_command_the_error_itself_is_raised(app_config: dict[str, object]) -> None:
    with pytest.raises(SessionKeyError):  # gunicorn logs it with its traceback; tests can catch it
        create_app({**app_config, "TESTING": False, "SECRET_KEY": "short"})
