"""The structure checks (checks.py) in the words an editor reads, at the place they name."""

from __future__ import annotations

from .helpers import broken, check, line_of, only


def test_an_unknown_start_names_it() -> None:
    assert only(check(broken("start: safety", "start: nowhere")), "unknown-target").message == (
        "start 'nowhere' is not a node"
    )


def test_a_repeated_option_id_names_the_option_and_the_question() -> None:
    problem = only(check(broken("      - id: game\n", "      - id: chat\n")), "duplicate-id")
    assert problem.message == "option id 'chat' is used twice in 'where'"


def test_an_option_without_a_route_names_the_option_and_the_question() -> None:
    text = broken('        label: {nl: "Nee", en: "No"}\n        next: about\n', '        label: {nl: "Nee", en: "No"}\n')
    assert only(check(text), "option-without-route").message == "option 'no' of 'safety' leads nowhere"


def test_a_route_on_an_option_of_a_multiple_choice_question_is_refused_at_the_option() -> None:
    text = broken('        label: {nl: "In een game", en: "In a game"}\n', '        label: {nl: "In een game", en: "In a game"}\n        next: age\n')
    problem = only(check(text), "schema")
    assert problem.message == "options of a multiple-choice question route via the question's 'next'"
    assert problem.line == line_of(text, "      - id: game")


def test_dead_ends_name_their_node() -> None:
    assert only(check(broken("    next: age\n", "")), "dead-end").message == "'where' has no 'next'"
    text = broken('      - id: adult\n        label: {nl: "18 of ouder", en: "18 or older"}\n', "")
    assert only(check(text), "dead-end").message == "question 'age' needs at least two options"


def test_a_route_list_without_a_default_is_reported_at_its_last_route() -> None:
    text = broken(
        "      - goto: chat-advice",
        "      - when: {age: under18}\n        goto: chat-advice\n      - when: {age: adult}\n        goto: chat-advice",
    )
    assert only(check(text), "no-default-route").line == line_of(text, "      - when: {age: adult}")


def test_blocks_and_questionnaires_an_outcome_names_are_checked_in_the_editors_words() -> None:
    found = check(broken("      - block: not-your-fault\n\n  - id: chat-advice", "      - block: not-your-faul\n\n  - id: chat-advice"))
    assert only(found, "unknown-block").message == "there is no block 'not-your-faul'"
    assert only(found, "missing-required-block").message == "outcome 'urgent' must include block 'not-your-fault'"
    text = broken("    see_also: [example]", "    see_also: [elsewhere]")
    assert only(check(text), "unknown-questionnaire").message == "see_also names unknown questionnaire 'elsewhere'"


def test_an_outcome_without_steps_is_named() -> None:
    text = broken(
        "    steps:\n      - block: not-your-fault\n\n  - id: chat-advice",
        "\n  - id: chat-advice",
    )
    text = broken(
        '      - text: {nl: "Praat nu met Helpwanted.", en: "Talk to Helpwanted now."}\n        contacts: [helpwanted]\n',
        "",
        text,
    )
    text = broken('      - text: {nl: "Bel **112** als je in direct gevaar bent.", en: "Call **112** if you are in immediate danger."}\n', "", text)
    text = broken("    first:\n\n", "\n", text) if "    first:\n\n" in text else text
    assert "outcome 'urgent' has no steps" in [p.message for p in check(text)]


def test_an_unused_block_is_a_warning_at_the_block() -> None:
    spare = '  spare:\n    text: {nl: "Nog iets.", en: "One more thing."}\n'
    text = broken("blocks:\n", "blocks:\n" + spare)
    problem = only(check(text), "unused-block")
    assert (problem.message, problem.severity.value) == ("block 'spare' is not used", "warning")
    assert problem.line == line_of(text, '    text: {nl: "Nog iets.')  # where the block's mapping starts


def test_missing_tags_are_named_with_the_urgencies_to_choose_from() -> None:
    assert only(check(broken("    tags: {topic: harassment, urgency: urgent}", "    tags: {urgency: urgent}")), "missing-tag").message == (
        "outcome 'urgent' needs a 'topic' tag"
    )
    text = broken("    tags: {topic: harassment, urgency: urgent}", "    tags: {topic: harassment}")
    assert [p.message for p in check(text) if p.message_id == "missing-tag.urgency"] == [
        "outcome 'urgent' needs 'urgency': urgent, high, normal"
    ]
