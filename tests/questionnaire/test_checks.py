"""Every checker rule, each with a small broken tree and the exact line it must report."""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import Severity

from .helpers import EXAMPLE, broken, check, codes, line_of, only


def test_check_example_is_clean() -> None:
    assert check(EXAMPLE) == []


def test_check_reports_yaml_syntax_error_at_its_line() -> None:
    text = broken("  - id: about\n", "  - id: about\n    title: [unclosed\n")
    problem = only(check(text), "yaml")
    assert problem.severity is Severity.ERROR
    # The parser notices on the next line; the message points back to where the list began.
    assert problem.line == line_of(text, "title: [unclosed") + 1
    assert f"started at line {line_of(text, 'title: [unclosed')}" in problem.message


def test_check_reports_duplicate_yaml_key() -> None:
    text = broken("    type: info\n", "    type: info\n    type: info\n")
    problem = only(check(text), "yaml")
    assert problem.line == line_of(text, "    type: info") + 1
    assert "duplicate key" in problem.message


def test_check_refuses_aliases() -> None:
    text = broken("start: safety", "start: &s safety\nalias: *s")
    assert "aliases" in only(check(text), "yaml").message


def test_check_reports_unknown_key() -> None:
    text = broken("    multiple: true\n", "    multiple: true\n    mutliple: true\n")
    problem = only(check(text), "unknown-key")
    assert problem.line == line_of(text, "mutliple")
    assert problem.column == 5


def test_check_reports_wrong_type() -> None:
    text = broken("    multiple: true\n", "    multiple: 'sure'\n")
    assert only(check(text), "schema").line == line_of(text, "multiple: 'sure'")


def test_check_reports_duplicate_node_id() -> None:
    text = broken(
        "  - id: about\n",
        "  - id: about\n    type: info\n    title: {nl: a, en: b}\n    text: {nl: a, en: b}\n    next: where\n  - id: about\n",
    )
    problem = only(check(text), "duplicate-id")
    assert problem.line == text.count("\n", 0, text.index("  - id: about", text.index("  - id: about") + 1)) + 1


def test_check_reports_duplicate_option_id() -> None:
    text = broken("      - id: game\n", "      - id: chat\n")
    assert (
        only(check(text), "duplicate-id").line
        == text.count("\n", 0, text.index("      - id: chat", text.index("      - id: chat") + 1)) + 1
    )


def test_check_reports_unknown_target() -> None:
    text = broken("        next: about", "        next: abuot")
    problem = only(check(text), "unknown-target")
    assert problem.line == line_of(text, "next: abuot")
    assert "'abuot'" in problem.message


def test_check_reports_missing_start() -> None:
    text = broken("start: safety\n", "")
    assert "missing-start" in codes(check(text))


def test_check_reports_unknown_start() -> None:
    assert "unknown-target" in codes(check(broken("start: safety", "start: nowhere")))


def test_check_warns_about_unreachable_node() -> None:
    text = broken("        next: about", "        next: where")
    problem = only(check(text), "unreachable")
    assert problem.severity is Severity.WARNING
    assert problem.line == line_of(text, "  - id: about")


def test_check_reports_dead_end() -> None:
    text = broken("    next: where\n", "")
    problem = only(check(text), "dead-end")
    assert problem.line == line_of(text, "  - id: about")


def test_check_reports_cycle() -> None:
    text = broken("    next: age\n", "    next: about\n")
    problem = only(check(text), "cycle")
    assert problem.line == line_of(text, "\n    next: about\n") + 1
    assert "about → where → about" in problem.message


def test_check_reports_option_without_route() -> None:
    text = broken(
        '        label: {nl: "Nee", en: "No"}\n        next: about\n', '        label: {nl: "Nee", en: "No"}\n'
    )
    problem = only(check(text), "option-without-route")
    assert problem.line == line_of(text, "      - id: no")


def test_check_reports_route_list_without_default() -> None:
    text = broken("      - goto: chat-advice", "      - when: {age: adult}\n        goto: chat-advice")
    assert only(check(text), "no-default-route").line == line_of(text, "      - when: {age: adult}")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("when: {age: under18}", "when: {agee: under18}", "unknown-question"),
        ("when: {age: under18}", "when: {age: under12}", "unknown-option"),
        ("when: {where: game}", "when: {where: gaem}", "unknown-option"),
    ],
)
def test_check_reports_condition_naming_unknown_things(old: str, new: str, code: str) -> None:
    text = broken(old, new)
    assert only(check(text), code).line == line_of(text, new)


def test_check_reports_condition_that_can_never_hold() -> None:
    # urgent is only reached with safety=yes, so a step there asking for safety=no never shows.
    text = broken(
        "      - block: not-your-fault\n\n  - id: chat-advice",
        '      - block: not-your-fault\n      - text: {nl: "x", en: "x"}\n        when: {safety: no}\n\n  - id: chat-advice',
    )
    problem = only(check(text), "condition-never-holds")
    assert problem.line == line_of(text, "when: {safety: no}")


def test_check_reports_condition_on_question_not_yet_asked() -> None:
    text = broken(
        "      - when: {where: game}",
        "      - when: {age: adult}\n        goto: game-advice\n      - when: {where: game}",
    )
    assert "condition-never-holds" not in codes(check(text))
    text = broken("    next: age\n", "    next:\n      - when: {age: adult}\n        goto: age\n      - goto: age\n")
    assert only(check(text), "condition-never-holds").line == line_of(text, "      - when: {age: adult}")


def test_check_reports_missing_required_block() -> None:
    text = broken('      - text: {nl: "Blokkeer de persoon in de app.", en: "Block the person in the app."}\n', "")
    text = text.replace("      - block: not-your-fault\n\n  - id: game-advice", "\n  - id: game-advice")
    problem = only(check(text), "missing-required-block")
    assert problem.line == line_of(text, "  - id: chat-advice")


def test_check_reports_unknown_block() -> None:
    text = broken(
        '      - block: evidence\n      - text: {nl: "Blokkeer', '      - block: evidense\n      - text: {nl: "Blokkeer'
    )
    assert only(check(text), "unknown-block").line == line_of(text, "block: evidense")


def test_check_reports_missing_translation() -> None:
    text = broken('text: {nl: "Hoe oud ben je?", en: "How old are you?"}', 'text: {nl: "Hoe oud ben je?"}')
    problem = only(check(text), "missing-translation")
    assert problem.line == line_of(text, 'text: {nl: "Hoe oud ben je?"}')
    assert "'en'" in problem.message


def test_check_reports_empty_translation() -> None:
    text = broken('en: "How old are you?"', 'en: "  "')
    assert only(check(text), "missing-translation").line == line_of(text, 'en: "  "')


@pytest.mark.parametrize(
    "markdown",
    [
        "Klik <a href='x'>hier</a>.",
        "Zie [dit](javascript:alert(1)).",
        "![foto](https://evil.example/p.png)",
        "<script>alert(1)</script>",
        "Zie [dit](http://plain.example).",
    ],
)
def test_check_reports_unsafe_markdown(markdown: str) -> None:
    text = broken('nl: "We stellen je nu een paar vragen."', f'nl: "{markdown}"')
    problems = [p for p in check(text) if p.code == "unsafe-markdown"]
    assert problems
    assert {p.line for p in problems} == {line_of(text, markdown)}


def test_check_accepts_safe_links() -> None:
    text = broken('nl: "We stellen je nu een paar vragen."', 'nl: "Bel [112](tel:112) of mail [ons](mailto:a@b.nl)."')
    assert "unsafe-markdown" not in codes(check(text))


def test_check_reports_failing_scenario() -> None:
    text = broken("    expect: chat-advice", "    expect: game-advice")
    problem = only(check(text), "scenario-failed")
    assert problem.line == line_of(text, "  - name: chat, under 18")
    assert "reached 'chat-advice'" in problem.message


def test_check_reports_scenario_without_needed_answer() -> None:
    text = broken("answers: {safety: no, where: chat, age: under18}", "answers: {safety: no, where: chat}")
    assert "no answer for question 'age'" in only(check(text), "scenario-failed").message


def test_check_reports_scenario_with_answers_off_the_path() -> None:
    text = broken("answers: {safety: yes}", "answers: {safety: yes, age: adult}")
    assert "not on the path" in only(check(text), "scenario-failed").message


def test_check_warns_about_outcome_without_scenario() -> None:
    text = broken("  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n", "")
    problem = only(check(text), "outcome-without-scenario")
    assert problem.line == line_of(text, "  - id: urgent")


def test_check_reports_missing_tags() -> None:
    text = broken("    tags: {topic: harassment, urgency: urgent}", "    tags: {urgency: soon}")
    assert [p.code for p in check(text)].count("missing-tag") == 2


def test_check_warns_when_first_question_is_not_the_safety_question() -> None:
    text = broken("    safety: true\n", "")
    assert only(check(text), "no-safety-interrupt").severity is Severity.WARNING


def test_check_reports_safety_question_without_urgent_outcome() -> None:
    text = broken("    tags: {topic: harassment, urgency: urgent}", "    tags: {topic: harassment, urgency: high}")
    assert only(check(text), "safety-without-urgent-help").line == line_of(text, "  - id: safety")


def test_check_warns_about_long_sentences_and_paragraphs() -> None:
    long_sentence = " ".join(["woord"] * 21) + "."
    text = broken('nl: "We stellen je nu een paar vragen."', f'nl: "{long_sentence}"')
    assert only(check(text), "long-sentence").line == line_of(text, long_sentence)
    paragraph = "Een. Twee. Drie. Vier. Vijf."
    text = broken('nl: "We stellen je nu een paar vragen."', f'nl: "{paragraph}"')
    assert only(check(text), "long-paragraph").severity is Severity.WARNING


def test_check_reports_unknown_contact_and_questionnaire() -> None:
    text = broken(
        '      - block: evidence\n      - text: {nl: "Meld',
        '      - block: evidence\n        contacts: [helpwantd]\n      - text: {nl: "Meld',
    )
    text = broken("see_also: [example]", "see_also: [nothere]", text)
    problems = check(text)
    assert only(problems, "unknown-contact").line == line_of(text, "      - block: evidence\n        contacts")
    assert only(problems, "unknown-questionnaire").line == line_of(text, "  - id: game-advice")


def test_check_reports_every_problem_at_once() -> None:
    text = broken("        next: about", "        next: abuot")
    text = broken('en: "How old are you?"', 'en: ""', text)
    text = broken("    expect: chat-advice", "    expect: nowhere", text)
    found = codes(check(text))
    assert {"unknown-target", "missing-translation"} <= found


def test_problem_format_is_file_line_column_severity_message_code() -> None:
    text = broken("        next: about", "        next: abuot")
    problem = only(check(text), "unknown-target")
    assert str(problem) == f"example.yaml:{problem.line}:{problem.column}: error: {problem.message} [unknown-target]"
