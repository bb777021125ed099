"""Attack F12: a refused configuration stopped every `flask` command with a Python traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpwanted import create_app
from helpwanted.config import ConfigError
from helpwanted.contacts import ChannelError
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


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("HELPWANTED_LANGUAGES", "nl", "LANGUAGES = 'nl': give a list of texts"),
        ("HELPWANTED_HELP_CHANNELS_FILE", "missing.yaml", "HELP_CHANNELS_FILE missing.yaml: No such file or directory"),
        # A bad DATABASE_URL was SQLAlchemy's traceback; the URL is not echoed (it may hold a password).
        ("HELPWANTED_DATABASE_URL", "secret-password", "DATABASE_URL cannot be used: Could not parse"),
        ("HELPWANTED_DATABASE_URL", "postgres://u:pw@db/x", "DATABASE_URL cannot be used: Can't load plugin"),
        ("HELPWANTED_DATABASE_URL", "mysql://u:pw@db/x", "DATABASE_URL cannot be used: No module named"),
        ("HELPWANTED_DATABASE_URL", "postgresql://u:pw@db:port/x", "DATABASE_URL cannot be used: invalid literal"),
    ],
)
def test_other_refusals_are_one_line_too(tmp_path: Path, variable: str, value: str, message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "helpwanted", "--help"],
        cwd=tmp_path,
        env={**os.environ, variable: value},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: the configuration is refused: {message}"), done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert "secret-password" not in done.stderr and "pw@" not in done.stderr


def test_outside_a_command_the_error_itself_is_raised(app_config: dict[str, object]) -> None:
    with pytest.raises(SessionKeyError):  # gunicorn logs it with its traceback; tests can catch it
        create_app({**app_config, "TESTING": False, "SECRET_KEY": "short"})


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("SESSION_IDLE_MINUTES", "half an hour"),  # was a ValueError from int() in every command
        ("PROXY_FIX_HOPS", [1]),
        ("LANGUAGES", "nl"),  # was read letter by letter: the languages 'n' and 'l'
        ("HELPLINE_COLOURS", [1]),  # was a TypeError from dict()
        ("ADVICE_CHANNELS", "phone"),
    ],
)
def test_a_setting_of_the_wrong_kind_is_refused_by_name(
    app_config: dict[str, object], setting: str, value: object
) -> None:
    with pytest.raises(ConfigError, match=f"^{setting} = "):
        create_app({**app_config, setting: value})


def test_values_of_the_right_kind_pass(app_config: dict[str, object]) -> None:
    app = create_app(
        {**app_config, "SESSION_IDLE_MINUTES": "45", "LANGUAGES": ("nl", "en"), "USAGE_RETRY_SECONDS": 0.5}
    )
    assert app.permanent_session_lifetime.total_seconds() == 45 * 60


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "No such file or directory"),
        (b"channels: [\n", "ParserError"),
        (b"other: 1\n", "KeyError: 'channels'"),
        (b"channels:\n  a: 1\n", "AttributeError"),
        (b"\xff\xfe", "UnicodeDecodeError"),
    ],
)
def test_a_broken_help_channels_file_is_refused_on_one_line(
    app_config: dict[str, object], tmp_path: Path, content: bytes | None, reason: str
) -> None:
    """docs/operations.md promised one line for "a broken help-channel file"; these were tracebacks."""
    file = tmp_path / "channels.yaml"
    if content is not None:
        file.write_bytes(content)
    with pytest.raises(ChannelError) as refused:
        create_app({**app_config, "HELP_CHANNELS_FILE": str(file)})
    assert str(refused.value).startswith(f"HELP_CHANNELS_FILE {file}: ") and reason in str(refused.value)
    assert "\n" not in str(refused.value)
