"""The graph checks as an editor reads them (flow.py): which question, which options, where, and all of them."""

from __future__ import annotations

import random

import pytest

from helpwanted.questionnaire import SourceText, check_source, flow
from helpwanted.questionnaire.flow import check_conditions, check_cycles, check_reachable
from helpwanted.questionnaire.model import Condition, Tree
from helpwanted.questionnaire.problems import ProblemList

from .generated import generate_tree
from .helpers import CONTEXT, EXAMPLE, broken, check, line_of, only


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
    assert (problem.message, problem.line) == (
        "node 'about' cannot be reached from the start",
        line_of(text, "  - id: about"),
    )


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


NEVER_SHOWN = '      - block: not-your-fault\n      - text: {nl: "x", en: "x"}\n        when: {safety: no}\n'
"""A step of 'urgent' (reached only with safety=yes) that asks for safety=no."""


def test_an_unreachable_node_hides_no_impossible_condition_elsewhere() -> None:
    text = broken("      - block: not-your-fault\n\n  - id: chat-advice", NEVER_SHOWN + "\n  - id: chat-advice")
    text = broken("\nscenarios:\n", "\n" + ORPHAN, text)  # the last node of the file: the first without a way in
    found = check(text)
    assert only(found, "unreachable").message == "node 'orphan' cannot be reached from the start"
    assert only(found, "condition-never-holds").line == line_of(text, "when: {safety: no}")


def test_the_conditions_of_an_information_pages_routes_are_checked() -> None:
    # 'about' is reached only by answering safety=no: a route there asking for safety=yes never holds.
    text = broken(
        "    next: where\n", "    next:\n      - when: {safety: yes}\n        goto: age\n      - goto: where\n"
    )
    problem = only(check(text), "condition-never-holds")
    assert (problem.message, problem.line) == (
        "on no path to here is 'safety' answered with yes",
        line_of(text, "when: {safety: yes}"),
    )
    text = broken(
        "    next: where\n", "    next:\n      - when: {safty: yes}\n        goto: age\n      - goto: where\n"
    )
    assert only(check(text), "unknown-question").message == "condition names unknown question 'safty'"


def test_each_graph_check_alone_finds_what_it_finds_within_the_whole_check() -> None:
    # Each can be called with the tree alone; it then lists the routes itself (check_tree lists them
    # once for the three).
    text = broken("      - block: not-your-fault\n\n  - id: chat-advice", NEVER_SHOWN + "\n  - id: chat-advice")
    text = broken("    next: age\n", "    next: about\n", broken("\nscenarios:\n", "\n" + ORPHAN, text))
    tree, problems = check_source(SourceText("example", "example.yaml", text), ("nl", "en"), CONTEXT)
    assert tree is not None
    for check_alone, code in (
        (check_reachable, "unreachable"),
        (check_cycles, "cycle"),
        (check_conditions, "condition-never-holds"),
    ):
        alone = ProblemList("example.yaml")
        check_alone(tree, alone)
        expected = [str(p) for p in problems if p.code == code]
        assert expected and [str(p) for p in alone] == expected, code


def _carried(monkeypatch: pytest.MonkeyPatch, text: str) -> list[set[str]]:
    """The questions each answer state brings into a node while the conditions are checked."""
    carried: list[set[str]] = []
    checked: list[Condition] = []
    merge, check = flow._merge, flow._check_condition

    def recording(into: flow.State | None, state: flow.State) -> flow.State:
        carried.append(set(state))
        return merge(into, state)

    def counting(condition: Condition | None, state: flow.State, tree: Tree, problems: ProblemList) -> None:
        if condition is not None:
            checked.append(condition)
        check(condition, state, tree, problems)

    monkeypatch.setattr(flow, "_merge", recording)
    monkeypatch.setattr(flow, "_check_condition", counting)
    _, problems = check_source(SourceText("t", "t.yaml", text), budget=None)
    assert not problems.has_errors, [str(p) for p in problems]
    assert checked  # the conditions were analysed (else nothing carried would prove nothing)
    return carried


def test_an_answer_travels_only_as_far_as_a_condition_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Carrying every answer along every path made this check grow with the square of a path's
    # length (a valid 1,700-question chain: 2 s, past the budget). A structural test, not a timing one.
    chain = _carried(monkeypatch, generate_tree(random.Random(3), questions=300, outcomes=20))
    assert not set().union(*chain)  # its conditions read only their own question: nothing is carried
    example = _carried(monkeypatch, EXAMPLE)
    assert set().union(*example) == {"age", "where"}  # what EXAMPLE's conditions read after their question


def test_each_node_knows_which_answers_a_condition_at_or_after_it_reads() -> None:
    tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE), budget=None)
    assert tree is not None
    within = flow.all_routes_within(tree)
    live, quiet = flow._live(tree, within, flow._topological(tree, within), ProblemList("example.yaml"))
    # chat-advice has a step for under-18s; age's routes read 'where', answered before it.
    assert {node: set(needed) for node, needed in live.items() if needed} == {"chat-advice": {"age"}, "age": {"where"}}
    # Not quiet: 'where' and 'age' (conditions after them read their answers) and chat-advice (its step).
    assert quiet == {"safety", "about", "urgent", "game-advice"}


def test_an_answer_is_carried_to_a_condition_several_nodes_after_its_question() -> None:
    # safety → about → where → age → chat-advice: nothing between reads 'safety', yet the step at the
    # end still knows it was answered 'no' (and never 'yes') on every way there.
    step = '      - text: {nl: "Vertel het ook aan een ouder.", en: "Also tell a parent."}\n'
    for answer, never in (("no", []), ("yes", ["on no path to here is 'safety' answered with yes"])):
        text = broken(step, step + f'      - text: {{nl: "x", en: "x"}}\n        when: {{safety: {answer}}}\n')
        assert [p.message for p in check(text) if p.code == "condition-never-holds"] == never, answer
