"""`questionnaires check` and `import` on hostile trees: located errors, never a traceback (issue 11).

`flask questionnaires check` runs on the checker's app (helpwanted/commandline.py); the web app has
the same command (tests and scripts use it), so both are tried.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from helpwanted import create_checker_app

from ..questionnaire.hostile import hostile_trees

LOCATED = re.compile(r"^(?P<file>\S+\.yaml):(?P<line>\d+):(?P<column>\d+): (error|warning): .+ \[[a-z-]+\]$")


@pytest.fixture(params=["checker app", "web app"])
def either_runner(request: pytest.FixtureRequest, app_config: dict[str, Any]) -> FlaskCliRunner:
    """A CLI runner on the checker's app (what `flask questionnaires check` builds) or on the web app."""
    if request.param == "checker app":
        return create_checker_app(app_config).test_cli_runner()
    runner: FlaskCliRunner = request.getfixturevalue("runner")
    return runner


@pytest.mark.parametrize("name", sorted(hostile_trees()))
def test_check_reports_hostile_trees_as_located_errors(
    either_runner: FlaskCliRunner, tmp_path: Path, name: str
) -> None:
    file = tmp_path / f"{name}.yaml"
    file.write_text(hostile_trees()[name], encoding="utf-8")
    result = either_runner.invoke(args=["questionnaires", "check", str(file)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    reports = [line for line in result.output.splitlines() if not line.startswith(("1 file(s)",))]
    assert reports
    lines = file.read_text(encoding="utf-8").split("\n")
    for report in reports:
        match = LOCATED.match(report)
        assert match, report
        assert 1 <= int(match["line"]) <= len(lines), report
    assert any(": error: " in report for report in reports)


def test_import_refuses_a_huge_file_with_a_clear_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    file = tmp_path / "huge.yaml"
    file.write_text(hostile_trees()["huge"])
    runner.invoke(args=["init"])
    result = runner.invoke(args=["questionnaires", "import", str(file)])
    assert result.exit_code == 1
    assert "[too-large]" in result.output and "not imported" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("folder", ["/proc/nonexistent", "/etc/passwd"])
def test_export_to_a_folder_that_cannot_be_written_says_so(runner: FlaskCliRunner, folder: str) -> None:
    result = runner.invoke(args=["questionnaires", "export", "--to", folder])
    assert result.exit_code == 1
    assert f"Cannot write to {folder}" in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, OSError)
