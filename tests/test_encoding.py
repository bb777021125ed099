"""Attack F8: a questionnaire that is not UTF-8 is a located error wherever a tree comes in.

It was decoded with replacement and published with U+FFFD ("�") in the visitor's text: by
`questionnaires import`, from the questionnaires/ folder at start-up, and from the web editor
(Werkzeug decodes a form post the same way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

from flask import Flask

from helpwanted import create_app

from .conftest import csrf_token, sign_in

ROOT = Path(__file__).resolve().parent.parent
TITLE = '  nl: "Ik kreeg een naaktfoto of -video"'  # line 6 of received.yaml
ACCENTED = '  nl: "Ik kreeg één naaktfoto of -video"'  # the first 'é' at column 17
WHERE = (6, 17)


def latin1_received() -> bytes:
    """received.yaml as an editor on Windows may save it: Latin-1, with 'één' in the title on line 6."""
    text = (ROOT / "questionnaires" / "received.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[WHERE[0] - 1] == TITLE
    return text.replace(TITLE, ACCENTED, 1).encode("latin-1")


def test_the_cli_check_and_import_report_the_first_bad_byte_and_publish_nothing(app: Flask, tmp_path: Path) -> None:
    file = tmp_path / "received.yaml"
    file.write_bytes(latin1_received())
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["questionnaires", "check", str(file)])
    assert checked.exit_code == 1
    assert f"{file}:6:17: error: the file is not UTF-8 here" in checked.output, checked.output
    assert "Traceback" not in checked.output
    imported = runner.invoke(args=["questionnaires", "import", str(file)])
    assert imported.exit_code == 1 and "not imported, it has errors" in imported.output, imported.output
    assert ":6:17: error: the file is not UTF-8 here" in imported.output
    page = app.test_client().post("/start", data={"questionnaire": "received"}, follow_redirects=True)
    assert "\ufffd" not in page.get_data(as_text=True)


def test_a_file_in_the_questionnaires_folder_is_refused_at_start_up(app_config: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    for file in (ROOT / "questionnaires").glob("*.yaml"):  # all of them: trees link to each other
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / "received.yaml").write_bytes(latin1_received())
    app = create_app({**app_config, "QUESTIONNAIRES_DIR": str(folder)})
    catalog = app.extensions["helpwanted.trees"].catalog
    assert "received" in catalog.refused and "received" not in catalog.trees
    found = [p for p in catalog.problems if p.code == "not-utf8"]
    assert [(Path(p.source).name, p.line, p.column) for p in found] == [("received.yaml", *WHERE)]
    app.extensions["helpwanted.engine"].dispose()


def test_the_web_editor_refuses_a_replacement_character(app: Flask) -> None:
    """A text with U+FFFD (pasted from a file that was read wrongly elsewhere) cannot be published."""
    editor = sign_in(app, "latin@example.org", "editor")
    html = editor.get("/staff/questionnaires/received/edit").get_data(as_text=True)
    source = (ROOT / "questionnaires" / "received.yaml").read_text(encoding="utf-8")
    data = {"csrf_token": csrf_token(html), "revision": "0", "source": source.replace(TITLE, ACCENTED.replace("é", "\ufffd"))}
    response = editor.post("/staff/questionnaires/received/edit", data=data)
    assert response.status_code in (200, 303, 400, 422), response.status_code
    page = editor.get("/staff/questionnaires/received/edit").get_data(as_text=True)
    assert "geen UTF-8" in page and "Regel 6, kolom 17" in page, "the error and where it is (the staff area speaks Dutch here)"


def test_a_form_post_that_is_not_utf8_never_becomes_a_replacement_character(app: Flask) -> None:
    """Werkzeug keeps a byte that is not UTF-8 as its visible escape (%E9), which the editor shows."""
    editor = sign_in(app, "latin@example.org", "editor")
    html = editor.get("/staff/questionnaires/received/edit").get_data(as_text=True)
    body = f"csrf_token={csrf_token(html)}&revision=0&source=" + quote_from_bytes(latin1_received())
    response = editor.post(
        "/staff/questionnaires/received/edit", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500, response.status_code
    page = editor.get("/staff/questionnaires/received/edit").get_data(as_text=True)
    assert "\ufffd" not in page and "Ik kreeg %E9%E9n" in page


def test_init_compares_a_shipped_file_that_is_not_utf8_without_a_traceback(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    folder = tmp_path / "trees"
    folder.mkdir()
    for file in (ROOT / "questionnaires").glob("*.yaml"):
        (folder / file.name).write_bytes(file.read_bytes())
    app = create_app({**app_config, "QUESTIONNAIRES_DIR": str(folder)})
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init"]).exit_code == 0
    (folder / "received.yaml").write_bytes(latin1_received())  # the shipped file changes after publication
    again = runner.invoke(args=["init"])
    assert again.exit_code == 0 and again.exception is None, again.output  # was a UnicodeDecodeError
    assert "received.yaml differs from the live version" in again.output
    app.extensions["helpwanted.engine"].dispose()
