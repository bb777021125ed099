"""`flask questionnaires check` starts without the web app (issue 11: each hostile file within 2 s).

Timing is machine-dependent, so these tests look at what the real command imports instead
(`python -X importtime` lists every module a process imports, once, on stderr).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from flask.cli import cli

from helpwanted.commandline import command_words

ROOT = Path(__file__).parent.parent
RECEIVED = ROOT / "questionnaires" / "received.yaml"

# What the web app imports and checking a file must not: each blueprint's views, the database layer,
# sign-in and forms, the report code. (flask_limiter is imported by Flask itself: Flask-Limiter
# declares a `flask limiter` command as a plugin, and Flask loads every plugin for every command.)
WEB_ONLY = (
    "helpwanted.visitor.views",
    "helpwanted.staff.views",
    "helpwanted.editor.views",
    "helpwanted.coordinator.views",
    "helpwanted.auth",
    "helpwanted.database",
    "helpwanted.trees",
    "sqlalchemy",
    "flask_login",
    "flask_wtf",
    "openpyxl",
)


def flask_command(tmp_path: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run `python -X importtime -m flask --app helpwanted …` in a fresh process: its result and its modules."""
    environment = {
        **os.environ,
        "HELPWANTED_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "HELPWANTED_USAGE_SPOOL_PATH": str(tmp_path / "spool.sqlite"),
    }
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "flask", "--app", "helpwanted", *arguments],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    imported = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s+(\S+)$", done.stderr, re.MULTILINE))
    return done, imported


def test_check_imports_neither_the_views_nor_the_database_layer(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(RECEIVED.read_text(encoding="utf-8").replace("next: what", "next: whta", 1), encoding="utf-8")

    done, imported = flask_command(tmp_path, "questionnaires", "check", str(broken))

    assert done.returncode == 1, done.stderr[-2000:]
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: error: .*'whta'", done.stdout, re.MULTILINE), done.stdout
    assert "Traceback" not in done.stderr
    assert "helpwanted.questionnaire.checks" in imported  # the engine did run
    assert sorted(module for module in WEB_ONLY if module in imported) == []


def test_every_other_command_still_gets_the_web_app(tmp_path: Path) -> None:
    """`routes` lists the blueprints' pages: the list above is what the web app imports."""
    done, imported = flask_command(tmp_path, "routes")

    assert done.returncode == 0, done.stderr[-2000:]
    assert "visitor." in done.stdout and "editor." in done.stdout
    assert {"helpwanted.visitor.views", "sqlalchemy", "flask_login"} <= imported


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["questionnaires", "check", "a.yaml"], ("questionnaires", "check")),
        (["--app", "helpwanted", "questionnaires", "check"], ("questionnaires", "check")),
        (
            ["-A", "helpwanted", "--debug", "-e", ".env", "questionnaires", "check", "--strict"],
            ("questionnaires", "check"),
        ),
        (["--app=helpwanted", "questionnaires", "check"], ("questionnaires", "check")),
        (["questionnaires", "--help", "check"], ("questionnaires",)),
        (["--app", "questionnaires", "users", "create"], ("users", "create")),  # an option's value is not a command
        (["--", "questionnaires", "check"], ()),
        (["--help"], ()),
        ([], ()),
    ],
)
def test_command_words_skip_flasks_own_options(arguments: list[str], words: tuple[str, ...]) -> None:
    assert command_words(arguments, cli.params) == words
