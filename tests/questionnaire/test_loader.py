"""Reading a questionnaire (loader.py) as an editor meets it: the words of each problem, and what is left out."""

from __future__ import annotations

from helpwanted.questionnaire import MAX_TEXT_CHARS, SourceText, check_source, content_version

from .helpers import CONTEXT, broken, check, codes, line_of, only, position_of

INFO = 'nl: "We stellen je nu een paar vragen."'


def test_a_missing_or_empty_translation_names_the_text_and_the_language() -> None:
    problem = only(check(broken(' en: "How old are you?"', "")), "missing-translation")
    assert problem.message == "'text' has no 'en' text" and problem.severity.value == "warning"
    problem = only(check(broken('nl: "Hoe oud ben je?"', 'nl: ""')), "missing-translation")
    assert problem.message == "'text' has an empty 'nl' text" and problem.severity.value == "error"


def test_a_control_or_direction_character_is_named_with_its_language() -> None:
    assert only(check(broken(INFO, 'nl: "Een\\x0btwee."')), "control-character").message == (
        "nl: the text contains the control character U+000B; remove it"
    )
    assert only(check(broken(INFO, 'nl: "Een \u202etwee."')), "bidi-control").message == (
        "nl: the text contains U+202E, which changes the direction of text on screen; remove it"
    )


def test_a_text_exactly_at_the_limit_with_a_control_character_is_refused_for_the_character() -> None:
    exact = ("Bel ons. " * MAX_TEXT_CHARS)[: MAX_TEXT_CHARS - 1] + "\\x0b"  # the escape is one character
    found = check(broken(INFO, f'nl: "{exact}"'))
    assert "too-large" not in codes(found) and "control-character" in codes(found)


def test_a_text_with_a_control_or_direction_character_is_left_out_of_the_tree() -> None:
    # It can never reach a page, and nothing else is checked in it (the editor fixes the character first).
    for bad in ('nl: "<b>Een\\x0btwee.</b>"', 'nl: "<b>Een \u202etwee.</b>"', 'nl: "<b>Een\\x0b \u202etwee.</b>"'):
        tree, problems = check_source(SourceText("example", "example.yaml", broken(INFO, bad)))
        assert tree is not None
        about = tree.nodes["about"].text
        assert about is not None and set(about.by_language) == {"en"}, bad
        assert "unsafe-markdown" not in {p.code for p in problems}, bad


def test_a_scenario_that_is_not_a_mapping_says_so() -> None:
    text = broken("  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n", "  - in danger\n")
    assert only(check(text), "schema").message == "a scenario must be a mapping"


def test_a_text_blank_in_every_language_is_reported_in_each() -> None:
    for blank in ('""', '" "'):
        found = check(broken(INFO + ', en: "We will now ask you a few questions."', f"nl: {blank}, en: {blank}"))
        assert [(p.message, p.severity.value) for p in found if p.code == "missing-translation"] == [
            ("'text' has an empty 'nl' text", "error"),
            ("'text' has an empty 'en' text", "warning"),
        ], blank


def test_a_control_character_in_every_language_is_reported_in_each() -> None:
    found = check(
        broken(INFO + ', en: "We will now ask you a few questions."', 'nl: "Een\\x0btwee.", en: "One\\x0btwo."')
    )
    assert [p.message for p in found if p.code == "control-character"] == [
        "nl: the text contains the control character U+000B; remove it",
        "en: the text contains the control character U+000B; remove it",
    ]


def test_a_problem_in_one_language_of_a_text_is_at_that_language() -> None:
    evidence = '      en: "Take screenshots of the messages, with the date and time."\n'
    for bad, code in (
        ('      en: "Take\\x0bscreenshots."\n', "control-character"),
        ('      en: ""\n', "missing-translation"),
    ):
        text = broken(evidence, bad)
        problem = only(check(text), code)
        assert (problem.line, problem.column) == (line_of(text, bad.strip()), 11), bad
    text = broken(evidence, "      en: [Take screenshots]\n")
    problem = only(check(text), "schema")
    assert (problem.message, problem.line, problem.column) == (
        "the 'en' text must be text",
        line_of(text, "en: [Take"),
        11,
    )


def test_an_unknown_language_is_named_shortly_at_its_key() -> None:
    text = broken(
        '    text: {nl: "Waar gebeurt het?", en: "Where does it happen?"}',
        '    text: {nl: "Waar gebeurt het?", en: "Where does it happen?", abcdefghijklmnopqrstuvwxyz: "?"}',
    )
    problem = only(check(text), "unknown-language")
    assert problem.message == "language 'abcdefghijklmnopqrst' is not configured"
    assert (problem.line, problem.column) == position_of(text, "abcdef")


def test_the_source_language_comes_first_whatever_the_order_in_the_file() -> None:
    # A language with no text of its own is shown the source language's (the first configured), not
    # the one the file happens to list first.
    text = broken(
        'title: {nl: "Iemand stuurt je nare berichten", en: "Someone sends you nasty messages"}',
        'title: {en: "Someone sends you nasty messages", nl: "Iemand stuurt je nare berichten"}',
    )
    tree, _ = check_source(SourceText("example", "example.yaml", text), ("nl", "en", "de"), CONTEXT)
    assert tree is not None and tree.title.get("de") == "Iemand stuurt je nare berichten"
    assert list(tree.title.by_language) == ["nl", "en"]


def test_a_step_that_is_not_a_mapping_or_has_an_empty_text_is_named_a_step() -> None:
    step = (
        '      - text: {nl: "Vertel het ook aan een ouder.", en: "Also tell a parent."}\n        when: {age: under18}\n'
    )
    assert (
        only(check(broken(step, "      - Vertel het ook aan een ouder.\n")), "schema").message
        == "a step must be a mapping"
    )
    assert "a step needs 'text'" in {p.message for p in check(broken(step, "      - text:\n"))}


def test_a_scenario_without_a_name_or_an_outcome_says_which_and_is_left_out() -> None:
    danger = "  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n"
    for kept, missing in (
        ("    answers: {safety: yes}\n    expect: urgent\n", "name"),
        ("    name: in danger\n    answers: {safety: yes}\n", "expect"),
    ):
        text = broken(danger, "  -" + kept[3:])
        tree, problems = check_source(SourceText("example", "example.yaml", text), ("nl", "en"), CONTEXT)
        assert [p.message for p in problems if p.code == "schema"] == [f"a scenario needs {missing!r}"]
        assert tree is not None and [s.name for s in tree.scenarios] == ["chat, under 18", "game and chat"]


def test_a_wrong_answer_in_a_scenario_is_named_at_its_place() -> None:
    text = broken("    answers: {safety: yes}\n", "    answers: {safety: [[yes]]}\n")
    problem = only(check(text), "schema")
    assert problem.message == "the answer to 'safety' must be an option id or a list of them"
    assert (problem.line, problem.column) == position_of(text, "[[yes]]")


def test_a_step_needs_either_a_text_or_a_block_and_says_so_at_the_step() -> None:
    step = '      - text: {nl: "Blokkeer de persoon in de app.", en: "Block the person in the app."}\n'
    for bad in (step[:-1] + "\n        block: evidence\n", "      - when: {age: under18}\n"):
        text = broken(step, bad)
        problem = only(check(text), "schema")
        assert (problem.message, problem.line, problem.column) == (
            "a step has either 'text' or 'block'",
            line_of(text, bad.strip().split("\n")[0]),
            9,
        )
    assert "a step needs 'block'" in {p.message for p in check(broken(step, "      - block:\n"))}


def test_a_wrong_when_or_contacts_is_named_at_its_place() -> None:
    text = broken("      - when: {where: game}\n", "      - when: {where: [[game]]}\n")
    problem = only(check(text), "schema")
    assert problem.message == "'when' lists option ids"
    assert (problem.line, problem.column) == position_of(text, "[[game]]")
    text = broken(
        "        contacts: [helpwanted]\n    steps:\n      - block: not-your-fault\n\n  - id: chat-advice",
        "        contacts: helpwanted\n    steps:\n      - block: not-your-fault\n\n  - id: chat-advice",
    )
    assert only(check(text), "schema").message == "'contacts' must be a list of ids"


def test_a_tag_is_kept_only_when_both_its_name_and_its_value_are_ids() -> None:
    tags = "    tags: {topic: harassment, urgency: urgent}\n"
    for bad in (
        "    tags: {topic: harassment, urgency: urgent, Extra: x}\n",
        "    tags: {topic: harassment, urgency: urgent, extra: Not An Id}\n",
    ):
        tree, problems = check_source(SourceText("example", "example.yaml", broken(tags, bad)), ("nl", "en"), CONTEXT)
        assert tree is not None and tree.nodes["urgent"].tags == {"topic": "harassment", "urgency": "urgent"}, bad
        assert "invalid-id" in {p.code for p in problems}


def test_a_texts_content_version_never_changes_between_releases() -> None:
    # Usage counters and publications are keyed by it: another hash or length would split their history.
    assert content_version("title: x\n") == "152f6f6e12c8"
    assert content_version("titel: één\n") == "a0210d50290a"


def test_a_next_that_is_neither_an_id_nor_a_list_of_routes_says_so() -> None:
    for bad in ("    next: {goto: where}\n", "    next: []\n"):
        text = broken("    next: where\n", bad)
        problem = only(check(text), "schema")
        assert (problem.message, problem.line) == (
            "'next' must be a node id or a list of routes",
            line_of(text, bad.strip()),
        )
    text = broken("      - goto: chat-advice\n", "      - chat-advice\n")
    assert only(check(text), "schema").message == "a route must be a mapping"


def test_a_tag_that_is_not_an_id_is_named_at_its_name_or_its_value() -> None:
    text = broken(
        "    tags: {topic: harassment, urgency: urgent}\n", "    tags: {topic: harassment, urgency: urgent, Extra: x}\n"
    )
    problem = only(check(text), "invalid-id")
    assert (problem.line, problem.column) == position_of(text, "Extra")
    text = broken(
        "    tags: {topic: harassment, urgency: urgent}\n",
        "    tags: {topic: harassment, urgency: urgent, extra: Not An Id}\n",
    )
    problem = only(check(text), "invalid-id")
    assert (problem.line, problem.column) == position_of(text, "Not An Id")
