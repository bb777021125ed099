"""The form editor writes back into the same YAML: comments, order and quoting survive every edit."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from flask import Flask

from helpwanted.editor.roundtrip import Document, NotEditable
from helpwanted.editor.textform import apply_form, read_form
from helpwanted.editor.worddiff import words
from helpwanted.questionnaire import Problem, Severity

ROOT = Path(__file__).parent.parent.parent
LANGUAGES = ("nl", "en")


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_file_comes_back_byte_for_byte(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert Document(text).dump() == text


def test_changing_one_text_changes_one_line_and_keeps_comments(app: Flask) -> None:
    text = (ROOT / "questionnaires" / "received.yaml").read_text(encoding="utf-8")
    with app.test_request_context():
        view = read_form(text, LANGUAGES)
        what = next(node for node in view.nodes if node.id == "what")
        question = what.texts[0]
        assert question.values == {"nl": "Wat is er gebeurd?", "en": "What happened?"}
        after = apply_form(text, {f"{question.name}:nl": "Wat is er precies gebeurd?"}, "", LANGUAGES)
    assert changed_lines(text, after) == ['-      nl: "Wat is er gebeurd?"', '+      nl: "Wat is er precies gebeurd?"']
    assert after.splitlines()[:3] == text.splitlines()[:3] and after.startswith("# ")  # the comments stay


def test_options_are_added_moved_removed_and_routed(app: Flask) -> None:
    text = (ROOT / "tests" / "questionnaire" / "trees" / "example.yaml").read_text(encoding="utf-8")
    with app.test_request_context():
        age = next(index for index, node in enumerate(read_form(text, LANGUAGES).nodes) if node.id == "age")
        added = apply_form(text, {}, f"add-option:nodes/{age}", LANGUAGES)
        assert changed_lines(text, added) == ["+      - id: option-3", '+        label: {nl: "", en: ""}']
        routed = apply_form(added, {f"next:nodes/{age}/options/2": "urgent"}, f"up:nodes/{age}/options/2", LANGUAGES)
        options = [option.id for option in next(n for n in read_form(routed, LANGUAGES).nodes if n.id == "age").options]
        assert options == ["under18", "option-3", "adult"]
        assert "        next: urgent" in routed
        removed = apply_form(routed, {}, f"remove-option:nodes/{age}/options/1", LANGUAGES)
    assert removed == text


def test_a_problem_is_placed_on_the_field_whose_lines_hold_it(app: Flask) -> None:
    text = (ROOT / "tests" / "questionnaire" / "trees" / "example.yaml").read_text(encoding="utf-8")
    line = text.splitlines().index('        label: {nl: "18 of ouder", en: "18 or older"}') + 1
    problem = Problem("example.yaml", line, 20, Severity.ERROR, "x", "missing-translation")
    unplaced = Problem("example.yaml", 1, 1, Severity.WARNING, "y", "yaml")
    with app.test_request_context():
        view = read_form(text, LANGUAGES, [problem, unplaced])
    adult = next(o for n in view.nodes for o in n.options if o.id == "adult")
    assert adult.texts[0].problems == [problem]
    assert view.anchor_of(problem) == adult.texts[0].anchor
    assert view.general == [unplaced]


def test_text_that_is_not_a_questionnaire_is_not_editable() -> None:
    for text in ("title: [unclosed", "just words", "nodes: 3"):
        with pytest.raises(NotEditable):
            Document(text)


def test_word_diff_marks_only_the_changed_words() -> None:
    before, after = words("Bel de politie vandaag.", "Bel de politie morgen.")
    assert [(s.text, s.changed) for s in before] == [("Bel de politie ", False), ("vandaag", True), (".", False)]
    assert [(s.text, s.changed) for s in after] == [("Bel de politie ", False), ("morgen", True), (".", False)]
