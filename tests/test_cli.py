"""The command-line contracts: init, questionnaires check/paths/graph."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

ROOT = Path(__file__).parent.parent
TREES = tuple(sorted(file.stem for file in (ROOT / "questionnaires").glob("*.yaml")))


def test_init_is_idempotent(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "up to date" in second.output


def test_init_writes_secret_key_once(tmp_path: Path) -> None:
    from helpwanted import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    app.instance_path = str(tmp_path / "instance")
    from helpwanted.config import read_secret_key, write_secret_key

    assert write_secret_key(app) is True
    key = read_secret_key(app)
    assert key and len(key) == 64
    assert write_secret_key(app) is False
    assert read_secret_key(app) == key
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o077 == 0


def test_app_without_secret_key_refuses_to_serve(tmp_path: Path) -> None:
    from helpwanted import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    app.config["SECRET_KEY"] = None
    response = app.test_client().get("/")
    assert response.status_code == 503


def test_check_passes_on_shipped_questionnaires_strictly(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaires", "check", "--strict"])
    assert result.exit_code == 0, result.output
    assert f"{len(TREES)} file(s) checked: 0 error(s), 0 warning(s)." in result.output


def test_check_reports_problems_with_line_and_exit_code(runner: FlaskCliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "questionnaires" / "received.yaml").read_text().replace("next: what", "next: whta", 1)
    broken.write_text(text)
    line = text[: text.index("next: whta")].count("\n") + 1
    result = runner.invoke(args=["questionnaires", "check", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:{line}:15: error: 'safety' leads to unknown node 'whta' [unknown-target]" in result.output


def test_check_strict_fails_on_warnings(runner: FlaskCliRunner, tmp_path: Path) -> None:
    file = tmp_path / "warn.yaml"
    text = (ROOT / "tests" / "questionnaire" / "trees" / "example.yaml").read_text().replace("see_also: [example]", "")
    text = text.replace("      - example\n", "      - warn\n")  # the urgent outcome's way on: this very tree
    file.write_text(text.replace("    safety: true\n", "", 1))  # only a warning: no safety interrupt
    lenient = runner.invoke(args=["questionnaires", "check", str(file)])
    assert lenient.exit_code == 0 and "[no-safety-interrupt]" in lenient.output
    assert runner.invoke(args=["questionnaires", "check", "--strict", str(file)]).exit_code == 1


def test_check_reports_missing_path_cleanly(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaires", "check", "/nonexistent.yaml"])
    assert result.exit_code != 0
    assert "no such file" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("tree_id", TREES)
def test_paths_reach_every_outcome_within_six_questions(runner: FlaskCliRunner, app: Flask, tree_id: str) -> None:
    result = runner.invoke(args=["questionnaires", "paths", tree_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    tree = app.extensions["helpwanted.trees"].catalog.trees[tree_id]
    assert {path["outcome"] for path in data["paths"]} == {node.id for node in tree.outcomes}
    assert max(path["questions"] for path in data["paths"]) <= 6


def test_paths_text_lists_each_path(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaires", "paths", "received"])
    assert "safety=yes ⇒ urgent" in result.output
    assert "safety=no → what=forwarded → who=known → age=yes → my-age=under18 ⇒ forwarded" in result.output


def test_paths_of_unknown_questionnaire_is_a_clean_error(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["questionnaires", "paths", "nope"])
    assert result.exit_code == 1
    assert "no questionnaire 'nope'" in result.output


@pytest.mark.parametrize(("fmt", "marker"), [("dot", "digraph"), ("mermaid", "flowchart TD"), ("svg", "<svg")])
def test_graph_formats(runner: FlaskCliRunner, fmt: str, marker: str) -> None:
    if fmt == "svg":
        assert shutil.which("dot"), "Graphviz must be installed (apt-get install graphviz)"
    result = runner.invoke(args=["questionnaires", "graph", "sextortion", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert marker in result.output
    assert "Ben je nu in gevaar" in result.output  # the nodes carry their Dutch titles


def test_check_works_without_building_the_catalogue(tmp_path: Path) -> None:
    """`questionnaires check` reads only the files it checks: no catalogue, no database (issue 11)."""
    from helpwanted import create_app

    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite'}"  # any query would fail
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": unreachable})
    broken = tmp_path / "broken.yaml"
    broken.write_text((ROOT / "questionnaires" / "received.yaml").read_text().replace("next: what", "next: whta", 1))

    good = app.test_cli_runner().invoke(args=["questionnaires", "check", str(ROOT / "questionnaires" / "spread.yaml")])
    bad = app.test_cli_runner().invoke(args=["questionnaires", "check", str(broken)])

    assert good.exit_code == 0, good.output
    assert "1 file(s) checked: 0 error(s), 0 warning(s)." in good.output
    assert bad.exit_code == 1 and "'whta'" in bad.output, bad.output
    assert app.extensions["helpwanted.trees"].snapshot is None  # the catalogue was never built


def test_gunicorn_workers_load_the_catalogue_before_their_first_request(app: Flask) -> None:
    import runpy

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert app.extensions["helpwanted.trees"].snapshot is None  # building the app read nothing

    settings["post_worker_init"](type("Worker", (), {"wsgi": app, "log": None})())

    snapshot = app.extensions["helpwanted.trees"].snapshot
    assert snapshot is not None and set(snapshot.catalog.trees) == set(TREES)
    assert not snapshot.catalog.refused
