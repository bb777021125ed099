"""Every independent problem in one pass (issue 15), and problems the app can translate."""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import KIND_NAMES, MESSAGES, Problem, render_message

from .helpers import broken, check, codes, line_of, only


def test_every_yaml_syntax_problem_is_reported_at_once() -> None:
    text = broken("  - id: about\n", "  - id: about\n    title: [unclosed\n")
    text = broken("  - id: urgent\n    type: outcome\n", "  - id: urgent\n\ttype: outcome\n", text)
    text = broken("  - name: in danger\n", "  - name: in danger\n    name: twice\n", text)
    found = check(text)
    yaml_lines = sorted(p.line for p in found if p.code == "yaml")
    assert yaml_lines == [
        line_of(text, "title: [unclosed") + 1,
        line_of(text, "\ttype: outcome"),
        line_of(text, "    name: twice"),
    ], [str(p) for p in found]
    assert "tab" in next(p.message for p in found if p.line == line_of(text, "\ttype: outcome"))


def test_after_a_syntax_error_the_rest_of_the_file_is_still_checked_locally() -> None:
    text = broken("  - id: about\n", "  - id: about\n    title: [unclosed\n")
    text = broken('en: "How old are you?"', 'en: ""', text)
    text = broken("    multiple: true\n", "    multiple: true\n    mutliple: true\n", text)
    found = check(text)
    assert codes(found) == {"yaml", "missing-translation", "unknown-key"}, [str(p) for p in found]


def test_six_planted_faults_are_six_reports() -> None:
    text = broken(  # 1. a structural error: a route to a node that does not exist
        "      - when: {where: game}\n",
        "      - when: {age: adult, where: chat}\n        goto: nowhere\n      - when: {where: game}\n",
    )
    text = broken(  # 2 and 3. two nodes nobody leads to, leading to each other
        "  - id: urgent\n",
        "  - id: orphan\n    type: info\n    title: {nl: a, en: a}\n    text: {nl: a, en: a}\n    next: loop\n"
        "  - id: loop\n    type: info\n    title: {nl: b, en: b}\n    text: {nl: b, en: b}\n    next: orphan\n"
        "  - id: urgent\n",
        text,
    )
    text = broken(  # 4. a condition that never holds: urgent is only reached with safety=yes
        "      - block: not-your-fault\n\n  - id: chat-advice",
        '      - block: not-your-fault\n      - text: {nl: "x", en: "x"}\n        when: {safety: no}\n\n  - id: chat-advice',
        text,
    )
    # 5. the safety question no longer leads to urgent help
    text = broken("tags: {topic: harassment, urgency: urgent}", "tags: {topic: harassment, urgency: high}", text)
    text = broken("    expect: chat-advice", "    expect: game-advice", text)  # 6. a failing scenario
    found = check(text)
    assert {
        "unknown-target",
        "unreachable",
        "cycle",
        "condition-never-holds",
        "safety-without-urgent-help",
        "scenario-failed",
    } <= codes(found), [str(p) for p in found]
    assert only(found, "cycle").line == line_of(text, "    next: orphan")


def test_a_broken_node_does_not_hide_the_graph_checks() -> None:
    text = broken("    type: info\n", "    type: [info]\n")
    text = broken("    next: age\n", "    next: where\n", text)  # where → where
    found = check(text)
    assert {"schema", "cycle"} <= codes(found), [str(p) for p in found]


def test_every_problem_carries_its_code_message_id_and_arguments() -> None:
    text = broken("        next: about", "        next: abuot")
    problem = only(check(text), "unknown-target")
    assert problem.message_id == "unknown-target"
    assert problem.arguments == {"node": "safety", "target": "abuot"}
    dutch = {"unknown-target": "{node!r} leidt naar {target!r}, die niet bestaat"}
    assert render_message(problem.message_id, problem.arguments, dutch) == "'safety' leidt naar 'abuot', die niet bestaat"


def test_kinds_are_named_through_the_callers_table() -> None:
    text = broken("    multiple: true\n", "    multiple: true\n    mutliple: true\n")
    problem = only(check(text), "unknown-key")
    assert problem.arguments["kind"] == "question"
    dutch = {"unknown-key": "onbekende sleutel {key!r} in {kind}"}
    kinds = {**KIND_NAMES, "question": "een vraag"}
    assert render_message(problem.message_id, problem.arguments, dutch, kinds) == "onbekende sleutel 'mutliple' in een vraag"


def _many_problems() -> list[Problem]:
    texts = [
        broken("        next: about", "        next: abuot"),
        broken("    type: info\n", "    type: [info]\n"),
        broken("    expect: chat-advice", "    expect: nowhere"),
        broken('en: "How old are you?"', 'en: ""'),
        broken("  - id: about\n", "  - id: about\n    title: [unclosed\n"),
        broken("    tags: {topic: harassment, urgency: urgent}", "    tags: {urgency: soon}"),
        broken("answers: {safety: no, where: chat, age: under18}", "answers: {safety: no, where: chat}"),
    ]
    return [problem for text in texts for problem in check(text)]


def test_every_message_renders_again_from_its_id_and_arguments() -> None:
    problems = _many_problems()
    assert len({p.message_id for p in problems}) >= 8
    for problem in problems:
        assert problem.message_id in MESSAGES
        assert problem.code == problem.message_id.split(".")[0]
        assert render_message(problem.message_id, problem.arguments) == problem.message


EVIDENCE = 'nl: "Maak screenshots van de berichten, met datum en tijd."'  # a block's text: Markdown


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ('        label: {nl: "Ja", en: "Yes"}\n', "        label: [Ja, Yes]\n", "schema"),
        ("    multiple: true\n", "    multiple: true\n    mutliple: true\n", "unknown-key"),
        ("      - id: chat\n", "      - id: Chat App\n", "invalid-id"),
        ("  - id: game-advice\n", "  - id: chat-advice\n", "duplicate-id"),
        ('en: "How old are you?"', 'en: ""', "missing-translation"),
        ('en: "How old are you?"', 'en: "How old are you?", de: "Wie alt bist du?"', "unknown-language"),
        (EVIDENCE, 'nl: "Maak \\x0b screenshots."', "control-character"),
        (EVIDENCE, 'nl: "Maak \u202e screenshots."', "bidi-control"),
        (EVIDENCE, 'nl: "' + "Maak screenshots. " * 200 + '"', "too-large"),
        (EVIDENCE, 'nl: "Maak <b>screenshots</b>."', "unsafe-markdown"),
        (EVIDENCE, 'nl: "' + " ".join(["screenshots"] * 21) + '."', "long-sentence"),
        (EVIDENCE, 'nl: "Een. Twee. Drie. Vier. Vijf."', "long-paragraph"),
    ],
)
def test_each_local_problem_is_still_reported_after_a_syntax_error(old: str, new: str, code: str) -> None:
    text = broken(old, new, broken("  - id: about\n", "  - id: about\n    title: [unclosed\n"))
    found = check(text)
    assert code in codes(found), [str(p) for p in found]
    assert codes(found) <= {"yaml", code}, [str(p) for p in found]  # nothing the missing part may explain


def test_a_missing_key_is_not_reported_after_a_syntax_error() -> None:
    text = broken('    title: {nl: "Zoek nu hulp", en: "Get help now"}\n', "")  # urgent loses its title
    assert "schema" in codes(check(text))
    text = broken("  - id: about\n", "  - id: about\n    title: [unclosed\n", text)
    assert codes(check(text)) == {"yaml"}  # the part left out might have held it
