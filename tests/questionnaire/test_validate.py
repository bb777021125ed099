"""The one entry point (validate.check_source): the time budget holds everywhere, and problems name their file."""

from __future__ import annotations

import gc

import pytest

from helpwanted.questionnaire import SourceText, check_source, validate
from helpwanted.questionnaire.limits import CheckTimeout
from helpwanted.questionnaire.yamlrecovery import parse_all
from helpwanted.questionnaire.yamlsource import Position

from .helpers import EXAMPLE, broken, position_of

SYNTAX_ERROR = broken("        next: about", "        next: [about")  # the rest of the file is still read


def test_no_budget_left_stops_checking_while_parsing() -> None:
    _, problems = check_source(SourceText("example", "example.yaml", EXAMPLE), budget=0)
    assert [str(p) for p in problems] == [
        "example.yaml:1:1: error: checking stopped here after 0 seconds of work: "
        "the questionnaire is too large or too complex [check-timeout]"
    ]


class _Countdown:
    """A time budget that runs out after a number of checks: the budget made deterministic."""

    def __init__(self, checks: int) -> None:
        self.left = checks

    def check(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise CheckTimeout()


def test_the_rest_of_a_file_after_a_syntax_error_is_read_within_the_same_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ticks: list[Position] = []
    parse_all(SYNTAX_ERROR, ticks.append)
    monkeypatch.setattr(validate, "Deadline", lambda _: _Countdown(len(ticks) + 1))  # runs out after the parse
    _, problems = check_source(SourceText("example", "example.yaml", SYNTAX_ERROR))
    assert "check-timeout" in {p.code for p in problems}


def test_problems_found_after_a_syntax_error_name_their_file() -> None:
    text = broken('nl: "Hoe oud ben je?"', 'nl: ""', SYNTAX_ERROR)
    _, problems = check_source(SourceText("example", "questionnaires/example.yaml", text))
    assert {p.code for p in problems} == {"yaml", "missing-translation"}
    assert {p.source for p in problems} == {"questionnaires/example.yaml"}


def test_no_tree_comes_back_when_checking_stopped() -> None:
    tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE), budget=0)
    assert tree is None


def test_a_questionnaire_id_that_is_not_an_id_is_named_shortened() -> None:
    _, problems = check_source(SourceText("Bad Name", "Bad Name.yaml", EXAMPLE))
    assert next(p.message for p in problems if p.code == "invalid-id").startswith("'Bad Name' is not a valid id")
    long_id = "X" * 100
    _, problems = check_source(SourceText(long_id, f"{long_id}.yaml", EXAMPLE))
    assert next(p.arguments["value"] for p in problems if p.code == "invalid-id") == "X" * 80


def test_a_text_that_was_not_utf8_is_a_located_error() -> None:
    text = broken('nl: "Hoe oud ben je?"', 'nl: "Hoe oud ben je\ufffd"')
    _, problems = check_source(SourceText("example", "example.yaml", text))
    assert "not-utf8" in {p.code for p in problems}


def test_a_text_that_was_not_utf8_is_reported_once_where_its_first_bad_byte_was() -> None:
    # The editor jumps to that place; the message names the character a visitor would have seen.
    text = broken('nl: "Ja"', 'nl: "J\ufffd"', broken('nl: "Hoe oud ben je?"', 'nl: "Hoe oud ben je\ufffd"'))
    _, problems = check_source(SourceText("example", "example.yaml", text))
    found = [p for p in problems if p.code == "not-utf8"]
    assert [(p.message, p.line, p.column) for p in found] == [
        (
            "the file is not UTF-8 here: a byte that is not UTF-8 became U+FFFD, the replacement character; "
            "save the file as UTF-8 (or type the character again)",
            *position_of(text, "\ufffd"),
        )
    ]
    _, problems = check_source(SourceText("example", "example.yaml", "\ufffd" + EXAMPLE))
    assert [(p.line, p.column) for p in problems if p.code == "not-utf8"] == [(1, 1)]


def test_problems_at_one_place_are_listed_by_their_code() -> None:
    # The report reads by place, then by check: a second 'about' without a title has both at its start.
    about = '    text: {nl: "We stellen je nu een paar vragen.", en: "We will now ask you a few questions."}\n'
    text = broken("\nscenarios:\n", "\n  - id: about\n    type: info\n" + about + "    next: where\n\nscenarios:\n")
    _, problems = check_source(SourceText("example", "example.yaml", text))
    at_second = [(p.code, p.message) for p in problems if p.line == text.count("\n", 0, text.rindex("id: about")) + 1]
    assert at_second == [
        ("duplicate-id", "node id 'about' is used twice"),
        ("schema", "an information page needs 'title'"),
    ]


def _generation_of(value: object) -> int:
    return next(generation for generation in range(3) if any(o is value for o in gc.get_objects(generation)))


@pytest.mark.parametrize("frozen_before", [False, True])
def test_a_checked_tree_goes_to_the_oldest_generation_unless_objects_were_frozen(frozen_before: bool) -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        if frozen_before:
            gc.freeze()
        frozen = gc.get_freeze_count()
        tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE))
        assert tree is not None
        node = next(iter(tree.nodes.values()))
        if frozen_before:  # left as it was: nothing unfrozen, nothing more frozen (fewer: some were freed)
            assert 0 < gc.get_freeze_count() <= frozen
        else:
            assert gc.get_freeze_count() == 0
            assert [_generation_of(tree), _generation_of(node)] == [2, 2]
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
