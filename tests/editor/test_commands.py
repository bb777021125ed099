"""`questionnaires check` and `import` on hostile trees: located errors, never a traceback (issue 11).

`flask questionnaires check` runs on the checker's app (helpwanted/commandline.py); the web app has
the same command (tests and scripts use it), so both are tried.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner

from helpwanted import create_checker_app

from ..questionnaire.hostile import hostile_trees

ROOT = Path(__file__).parent.parent.parent
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


def test_check_skips_a_folder_named_like_a_questionnaire(either_runner: FlaskCliRunner, tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()  # reading it was an IsADirectoryError traceback
    shutil.copyfile(ROOT / "questionnaires" / "received.yaml", tmp_path / "received.yaml")
    result = either_runner.invoke(args=["questionnaires", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked: 0 error(s)" in result.output


def test_check_refuses_a_device_without_reading_it(either_runner: FlaskCliRunner) -> None:
    result = either_runner.invoke(args=["questionnaires", "check", "/dev/zero"])  # would never end
    assert result.exit_code == 1 and "Error: /dev/zero: not a file or folder" in result.output, result.output


def test_check_reports_an_unreadable_file_and_goes_on(
    either_runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import helpwanted.editor.commands as commands

    unreadable, good = tmp_path / "a.yaml", tmp_path / "b.yaml"
    unreadable.write_text("x: 1\n")
    shutil.copyfile(ROOT / "questionnaires" / "received.yaml", good)
    real = commands.read_file

    def read_file(file: Path) -> object:
        if file == unreadable:  # tests run as root here, where file modes do not stop a read
            raise PermissionError(13, "Permission denied", str(file))
        return real(file)

    monkeypatch.setattr(commands, "read_file", read_file)
    result = either_runner.invoke(args=["questionnaires", "check", str(tmp_path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit | None), result.output
    assert f"{unreadable}: cannot be read: Permission denied" in result.output
    assert "2 file(s) checked: 1 error(s), 0 warning(s)." in result.output


def test_import_reports_an_unreadable_file_and_goes_on(
    runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import helpwanted.editor.publishing as publishing

    unreadable = tmp_path / "received.yaml"
    shutil.copyfile(ROOT / "questionnaires" / "received.yaml", unreadable)

    def read_file(file: Path) -> object:
        raise PermissionError(13, "Permission denied", str(file))  # as root, file modes do not stop a read

    monkeypatch.setattr(publishing, "read_file", read_file)
    result = runner.invoke(args=["questionnaires", "import", str(unreadable)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit | None), result.output
    assert f"{unreadable}: cannot be read: Permission denied; not imported." in result.output
