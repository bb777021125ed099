"""How problems are reported: the cap on their number, where a timeout is reported, the text keys.

Written for the survivors of the mutation run (docs/mutation-testing.md): each test asserts what an
editor or a translator sees, not how the engine computes it.
"""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import Severity, check_source, visitor_texts
from helpwanted.questionnaire.limits import MAX_PROBLEMS, CheckTimeout, Deadline
from helpwanted.questionnaire.problems import ProblemList
from helpwanted.questionnaire.validate import SourceText
from helpwanted.questionnaire.yamlsource import Position

from .helpers import broken, check, only


def test_problems_past_the_cap_are_counted_and_their_worst_severity_kept() -> None:
    keys = "".join(f"    x{i}: 1\n" for i in range(1_500))  # 1,500 unknown keys: errors
    found = check(broken("    type: info\n", "    type: info\n" + keys))
    capped = only(found, "too-many-problems")
    assert len(found) == MAX_PROBLEMS + 1
    assert capped.arguments["dropped"] == str(1_500 - MAX_PROBLEMS)
    assert capped.severity is Severity.ERROR
    assert capped.message == "1000 more problems are not shown (at most 500): fix these first, then check again"


def test_a_cap_on_warnings_alone_is_a_warning() -> None:
    languages = "".join(f", x{i}: a" for i in range(1_000))  # 1,000 unknown languages: warnings
    found = check(broken('en: "Are you in danger right now?"', f'en: "Are you in danger right now?"{languages}'))
    capped = only(found, "too-many-problems")
    assert capped.arguments["dropped"] == str(1_000 - MAX_PROBLEMS)
    assert capped.severity is Severity.WARNING
    assert {problem.severity for problem in found} == {Severity.WARNING}


def test_a_cap_reached_by_warnings_still_fails_on_a_later_error() -> None:
    languages = "".join(f", x{i}: a" for i in range(1_000))
    text = broken('en: "Are you in danger right now?"', f'en: "Are you in danger right now?"{languages}')
    text = broken("start: safety", "start: nowhere", text)  # an error found after the warnings...
    spare = '  spare:\n    text: {nl: "Nog iets.", en: "One more thing."}\n'
    text = broken("blocks:\n", "blocks:\n" + spare, text)  # ...and an unused block's warning after it
    assert only(check(text), "too-many-problems").severity is Severity.ERROR


def test_a_timeout_is_reported_at_the_last_place_reached() -> None:
    problems = ProblemList("example.yaml", Deadline(None))
    problems.tick(Position(5, 3))
    problems.tick()  # somewhere without a place of its own
    assert problems.here == Position(5, 3)
    problems.deadline = Deadline(0.0)
    with pytest.raises(CheckTimeout):
        problems.tick(Position(7, 2))
    assert problems.here == Position(7, 2)


def test_a_timeout_before_any_place_is_reported_at_the_start_of_the_file() -> None:
    problems = ProblemList("example.yaml", Deadline(-1.0))
    with pytest.raises(CheckTimeout):
        problems.tick()
    assert problems.here == Position(1, 1)


def test_every_visitor_text_has_its_key_and_says_whether_it_is_markdown() -> None:
    text = broken('label: {nl: "Ja", en: "Yes"}', 'label: {nl: "Ja", en: "Yes"}\n        hint: {nl: "Nu", en: "Now"}')
    tree, _ = check_source(SourceText("example", "example.yaml", text))
    assert tree is not None
    found = [(key, markdown, value.get("en")) for key, value, markdown in visitor_texts(tree)]
    assert found == [
        ("title", False, "Someone sends you nasty messages"),
        ("summary", False, "For when someone bothers you online."),
        ("block:not-your-fault", True, "It is **not your fault**. Talk about it with someone you trust."),
        ("block:evidence", True, "Take screenshots of the messages, with the date and time."),
        ("node:safety:title", False, "Are you in danger right now?"),
        ("node:safety:option:yes:label", False, "Yes"),
        ("node:safety:option:yes:hint", False, "Now"),
        ("node:safety:option:no:label", False, "No"),
        ("node:about:title", False, "Good that you are here"),
        ("node:about:text", True, "We will now ask you a few questions."),
        ("node:where:title", False, "Where does it happen?"),
        ("node:where:text", True, "Choose all that apply."),
        ("node:where:option:chat:label", False, "In a chat app"),
        ("node:where:option:game:label", False, "In a game"),
        ("node:age:title", False, "How old are you?"),
        ("node:age:option:under18:label", False, "Under 18"),
        ("node:age:option:adult:label", False, "18 or older"),
        ("node:urgent:title", False, "Get help now"),
        ("node:urgent:first:1", True, "Call **112** if you are in immediate danger."),
        ("node:urgent:first:2", True, "Talk to Helpwanted now."),
        ("node:chat-advice:title", False, "What you can do"),
        ("node:chat-advice:step:1", True, "Also tell a parent."),
        ("node:chat-advice:first:2", True, "Block the person in the app."),
        ("node:chat-advice:first:3", True, "Talk about it with Helpwanted."),
        ("node:game-advice:title", False, "What you can do in the game"),
        ("node:game-advice:first:2", True, "Report the player to the [game's makers](https://example.org)."),
        ("node:game-advice:first:3", True, "Talk about it with Helpwanted."),
    ]
