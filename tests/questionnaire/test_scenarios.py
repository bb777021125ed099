"""Scenarios in trees that are broken elsewhere, and which outcomes a scenario covers.

Written for the survivors of the mutation run (docs/mutation-testing.md).
"""

from __future__ import annotations

from .helpers import broken, check, codes, line_of, only

DANGER = "  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n"


def test_a_scenario_with_complaints_does_not_cover_its_outcome() -> None:
    # It reaches 'urgent', but with an answer off its path: the outcome is still without a good scenario.
    text = broken("answers: {safety: yes}", "answers: {safety: yes, age: adult}")
    found = check(text)
    assert "not on the path" in only(found, "scenario-failed").message
    assert only(found, "outcome-without-scenario").line == line_of(text, "  - id: urgent")


def test_outcomes_are_not_called_unreached_when_a_node_could_not_be_read() -> None:
    unreadable = "  - id: broken-node\n    type: bogus\n\n  - id: urgent\n"
    text = broken(DANGER, "", broken("  - id: urgent\n", unreadable))
    found = check(text)
    assert "schema" in codes(found)  # the unreadable node is reported...
    assert "outcome-without-scenario" not in codes(found)  # ...and nothing is guessed about the walks


def test_without_a_start_every_scenario_is_still_checked_for_its_outcome() -> None:
    text = broken("start: safety", "start: nowhere", broken("    expect: game-advice", "    expect: no-such-outcome"))
    found = check(text)
    problem = only(found, "scenario-failed")
    assert problem.message_id == "scenario-failed.unknown-outcome"
    assert problem.line == line_of(text, "  - name: game and chat")
    assert "outcome-without-scenario" not in codes(found)
