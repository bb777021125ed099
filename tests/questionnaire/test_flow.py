"""The graph checks as an editor reads them (flow.py): which question, which options, where, and all of them."""

from __future__ import annotations

from .helpers import EXAMPLE, broken, check, line_of, only


def test_a_condition_names_the_unknown_question_and_the_unknown_options() -> None:
    text = broken("when: {age: under18}", "when: {agee: under18}")
    assert only(check(text), "unknown-question").message == "condition names unknown question 'agee'"
    text = broken("when: {age: under18}", "when: {age: [under12, elder, under18]}")
    problem = only(check(text), "unknown-option")
    assert problem.message == "question 'age' has no option elder, under12"
    assert problem.line == line_of(text, "when: {age: [under12")


def test_every_requirement_of_a_condition_is_checked_after_an_unknown_question() -> None:
    text = broken("when: {age: under18}", "when: {agee: under18, where: gaem}")
    found = check(text)
    assert only(found, "unknown-question").message == "condition names unknown question 'agee'"
    assert only(found, "unknown-option").message == "question 'where' has no option gaem"


def test_an_unreachable_node_is_named() -> None:
    text = broken("        next: about", "        next: where")
    problem = only(check(text), "unreachable")
    assert (problem.message, problem.line) == ("node 'about' cannot be reached from the start", line_of(text, "  - id: about"))


def test_a_condition_that_never_holds_names_the_options_it_asks_for() -> None:
    # urgent is only reached with safety=yes, so a step there asking for safety=no never shows.
    text = broken(
        "      - block: not-your-fault\n\n  - id: chat-advice",
        '      - block: not-your-fault\n      - text: {nl: "x", en: "x"}\n        when: {safety: [no, no]}\n'
        '      - text: {nl: "y", en: "y"}\n        when: {age: [under18, adult]}\n\n  - id: chat-advice',
    )
    assert [p.message for p in check(text) if p.code == "condition-never-holds"] == [
        "on no path to here is 'safety' answered with no",
        "on no path to here is 'age' answered with adult, under18",
    ]


def test_a_loop_is_told_from_where_a_visitor_enters_it_whatever_the_order_of_the_file() -> None:
    where = EXAMPLE[EXAMPLE.index("  - id: where") : EXAMPLE.index("  - id: age")]
    text = broken(where, "").replace("nodes:\n", "nodes:\n" + where)  # 'where' is now the first node of the file
    text = broken("    next: age\n", "    next: about\n", text)  # about → where → about
    problem = only(check(text), "cycle")
    assert problem.message == "loop: about → where → about"
    assert problem.line == line_of(text, "    next: about\n")


ORPHAN = """  - id: orphan
    type: info
    title: {nl: "Wees", en: "Orphan"}
    text: {nl: "Niemand komt hier.", en: "Nobody comes here."}
    next: chat-advice

scenarios:
"""


def test_an_unreachable_node_hides_no_impossible_condition_elsewhere() -> None:
    text = broken(
        "      - block: not-your-fault\n\n  - id: chat-advice",
        '      - block: not-your-fault\n      - text: {nl: "x", en: "x"}\n        when: {safety: no}\n\n  - id: chat-advice',
    )
    text = broken("\nscenarios:\n", "\n" + ORPHAN, text)  # the last node of the file: the first without a way in
    found = check(text)
    assert only(found, "unreachable").message == "node 'orphan' cannot be reached from the start"
    assert only(found, "condition-never-holds").line == line_of(text, "when: {safety: no}")
