"""Behaviours mutation testing found unasserted (issue 9): each now fails when it breaks."""

from __future__ import annotations

import gc

import pytest

from helpwanted.questionnaire import (
    InvalidAnswer,
    SourceText,
    Tree,
    advice_steps,
    answer,
    check_source,
    longest_remaining,
    start,
    walk,
)

from .helpers import EXAMPLE, broken, check, codes, line_of, only

EVIDENCE_NL = 'nl: "Maak screenshots van de berichten, met datum en tijd."'
STEP_NL = 'nl: "Blokkeer de persoon in de app."'


def _tree(text: str = EXAMPLE) -> Tree:
    tree, problems = check_source(SourceText("example", "example.yaml", text))
    assert tree is not None and not problems.has_errors, [str(p) for p in problems]
    return tree


@pytest.mark.parametrize("place", [EVIDENCE_NL, STEP_NL])
@pytest.mark.parametrize("markdown", ["<b>x", "![x](https://e.example/p.png)", "[x](javascript:y)"])
def test_unsafe_markdown_is_refused_in_blocks_and_advice_steps(place: str, markdown: str) -> None:
    text = broken(place, f'nl: "{markdown}"')
    problem = only(check(text), "unsafe-markdown")
    assert problem.line == line_of(text, markdown)
    assert problem.arguments["language"] == "nl"


def test_a_cycle_through_the_start_node_is_found() -> None:
    text = broken("    next: where\n", "    next: safety\n")  # about leads back to the start
    problem = only(check(text), "cycle")
    assert problem.arguments["loop"] == "safety → about → safety"
    assert problem.line == line_of(text, "    next: safety")


CONVERGING = """  - id: where
    type: question
    text: {nl: "Waar?", en: "Where?"}
    options:
      - id: chat
        label: {nl: "Chat", en: "Chat"}
        next: age
      - id: game
        label: {nl: "Game", en: "Game"}
        next: age
"""


def _converging(condition: str) -> str:
    """'where' reaches 'age' by two options; 'age' routes on condition."""
    text = broken(EXAMPLE[EXAMPLE.index("  - id: where") : EXAMPLE.index("  - id: age")], CONVERGING)
    text = broken("      - when: {where: game}", f"      - when: {condition}", text)
    return text.replace("answers: {safety: no, where: [chat, game], age: adult}", "answers: {safety: no, where: game, age: adult}")


def test_converging_paths_keep_the_answers_of_both() -> None:
    # Reached from chat and from game: either may hold at 'age', so neither condition is impossible.
    assert "condition-never-holds" not in codes(check(_converging("{where: game}")))
    assert "condition-never-holds" not in codes(check(_converging("{where: chat}")))


def test_converging_paths_do_not_invent_answers() -> None:
    text = _converging("{safety: yes}")  # 'age' is only reached after safety=no
    assert only(check(text), "condition-never-holds").arguments == {"question": "safety", "options": "yes"}


OPTION_ROUTES = """      - id: under18
        label: {nl: "Jonger dan 18", en: "Under 18"}
        next:
          - when: {where: game}
            goto: game-advice
          - goto: chat-advice
"""


def test_conditional_routes_on_an_option_are_followed() -> None:
    text = broken('      - id: under18\n        label: {nl: "Jonger dan 18", en: "Under 18"}\n', OPTION_ROUTES)
    tree = _tree(text)
    progress = answer(tree, start(tree), "safety", ("no",))
    progress = answer(tree, progress, "about", ())
    game = answer(tree, answer(tree, progress, "where", ("game",)), "age", ("under18",))
    chat = answer(tree, answer(tree, progress, "where", ("chat",)), "age", ("under18",))
    assert walk(tree, game).current.id == "game-advice"
    assert walk(tree, chat).current.id == "chat-advice"


def test_conditional_routes_on_an_option_are_checked() -> None:
    no_default = broken("          - goto: chat-advice\n", "          - when: {where: chat}\n            goto: chat-advice\n", broken('      - id: under18\n        label: {nl: "Jonger dan 18", en: "Under 18"}\n', OPTION_ROUTES))
    assert "no-default-route" in codes(check(no_default))
    never = broken("          - when: {where: game}", "          - when: {safety: yes}", broken('      - id: under18\n        label: {nl: "Jonger dan 18", en: "Under 18"}\n', OPTION_ROUTES))
    assert only(check(never), "condition-never-holds").line == line_of(never, "{safety: yes}")


def test_hints_are_kept_at_load() -> None:
    text = broken('        label: {nl: "In een game", en: "In a game"}\n', '        label: {nl: "In een game", en: "In a game"}\n        hint: {nl: "Ook online", en: "Also online"}\n')
    tree = _tree(text)
    option = tree.nodes["where"].option("game")
    assert option is not None and option.hint is not None and option.hint.get("en") == "Also online"
    assert tree.nodes["where"].text is not None and tree.nodes["where"].text.get("en") == "Choose all that apply."


def test_a_block_step_keeps_its_contacts() -> None:
    text = broken("      - block: evidence\n      - text: {nl: \"Blokkeer", "      - block: evidence\n        contacts: [helpwanted]\n      - text: {nl: \"Blokkeer")
    tree = _tree(text)
    answers = {"safety": ("no",), "about": (), "where": ("chat",), "age": ("adult",)}
    first = advice_steps(tree, tree.nodes["chat-advice"], answers)[0]
    assert first.block is None and first.text is not None and first.text.get("en").startswith("Take screenshots")
    assert first.contacts == ("helpwanted",)


def test_answer_in_preview_mode_starts_where_asked() -> None:
    tree = _tree()
    progress = start(tree)
    with pytest.raises(InvalidAnswer):
        answer(tree, progress, "age", ("adult",))  # not on the path from the start
    previewed = answer(tree, progress, "age", ("adult",), start_at="age")
    assert walk(tree, previewed, start_at="age").current.id == "chat-advice"
    assert walk(tree, previewed, start_at="age").path == ("age", "chat-advice")
    with pytest.raises(InvalidAnswer):
        answer(tree, previewed, "safety", ("no",), start_at="age")


def test_longest_remaining_counts_questions_and_pages_to_the_furthest_outcome() -> None:
    tree = _tree()
    assert longest_remaining(tree, "safety") == 4  # safety, about, where, age
    assert longest_remaining(tree, "age") == 1
    assert longest_remaining(tree, "urgent") == 0
    assert not hasattr(tree, "__dict__") and not hasattr(tree, "_longest")  # nothing can be memoised on the tree


def test_longest_remaining_is_remembered_per_tree_and_forgotten_with_it() -> None:
    from helpwanted.questionnaire import graph

    tree, other = _tree(), _tree()
    assert [longest_remaining(tree, "safety") for _ in range(3)] == [4, 4, 4]
    assert longest_remaining(other, "age") == 1
    assert graph._LONGEST[id(tree)] == {"safety": 4}
    assert graph._LONGEST[id(other)] == {"age": 1}  # each tree object has its own table
    key = id(tree)
    del tree
    gc.collect()
    assert key not in graph._LONGEST


def test_scenario_problems_name_the_scenario_and_what_went_wrong() -> None:
    text = broken("    expect: chat-advice", "    expect: game-advice")
    assert only(check(text), "scenario-failed").arguments == {
        "scenario": "chat, under 18",
        "reached": "chat-advice",
        "expect": "game-advice",
    }
    text = broken("answers: {safety: yes}", "answers: {safety: yes, age: adult, where: chat}")
    assert only(check(text), "scenario-failed").arguments == {"scenario": "in danger", "nodes": "age, where"}
    text = broken("answers: {safety: yes}", "answers: {safety: [yes, no]}")
    assert only(check(text), "scenario-failed").arguments == {"scenario": "in danger", "node": "safety", "answer": "yes/no"}


def test_every_scenario_is_checked_after_one_that_cannot_run() -> None:
    text = broken("    expect: urgent", "    expect: nowhere")  # the first scenario names no outcome
    text = broken("    expect: chat-advice", "    expect: game-advice", text)  # the second fails
    found = [p for p in check(text) if p.code == "scenario-failed"]
    assert [p.arguments["scenario"] for p in found] == ["in danger", "chat, under 18"]
    assert found[0].arguments["expect"] == "nowhere"


def test_a_walk_the_tree_breaks_is_not_a_scenario_failure_and_hides_no_later_scenario() -> None:
    text = broken("        next: urgent", "        next: urgnet")  # the first scenario's walk breaks here
    text = broken("    expect: chat-advice", "    expect: game-advice", text)
    found = check(text)
    assert [p.arguments["scenario"] for p in found if p.code == "scenario-failed"] == ["chat, under 18"]
    # Which outcomes the broken walk would have reached is unknown: no outcome is called unreached.
    assert "outcome-without-scenario" not in codes(found)


def test_outcomes_are_not_called_unreached_when_a_node_could_not_be_read() -> None:
    text = broken("    type: info\n", "    type: [info]\n")
    assert "outcome-without-scenario" not in codes(check(text))
    text = broken("  - name: in danger\n    answers: {safety: yes}\n    expect: urgent\n", "")
    assert only(check(text), "outcome-without-scenario").arguments == {"node": "urgent"}


def _one_path_asks_more(via: str) -> str:
    """'where' (single choice) reaches 'age' directly, or via an extra question 'platform'."""
    other = "game" if via == "chat" else "chat"
    converging = CONVERGING.replace(f"        label: {{nl: \"{via.title()}\", en: \"{via.title()}\"}}\n        next: age", f"        label: {{nl: \"{via.title()}\", en: \"{via.title()}\"}}\n        next: platform")
    assert "next: platform" in converging and other
    platform = (
        "  - id: platform\n    type: question\n    text: {nl: \"Welke?\", en: \"Which?\"}\n    options:\n"
        "      - id: x\n        label: {nl: \"X\", en: \"X\"}\n      - id: y\n        label: {nl: \"Y\", en: \"Y\"}\n    next: age\n"
    )
    text = broken(EXAMPLE[EXAMPLE.index("  - id: where") : EXAMPLE.index("  - id: age")], converging + platform)
    return broken("      - when: {where: game}", "      - when: {platform: x}", text)


@pytest.mark.parametrize("via", ["chat", "game"])
def test_a_question_asked_on_only_one_converging_path_may_still_hold(via: str) -> None:
    assert "condition-never-holds" not in codes(check(_one_path_asks_more(via)))


def test_a_route_condition_narrows_the_answers_after_it() -> None:
    text = broken("      - when: {where: game}\n        goto: game-advice", "      - when: {age: adult}\n        goto: game-advice")
    text = broken(
        "    see_also: [example]\n",
        "    see_also: [example]\n    steps:\n      - text: {nl: \"x\", en: \"x\"}\n        when: {age: under18}\n"
        "      - text: {nl: \"y\", en: \"y\"}\n        when: {age: adult}\n",  # this one holds
        text,
    )
    text = text.replace("    steps:\n      - block: not-your-fault\n\nscenarios", "      - block: not-your-fault\n\nscenarios")
    problem = only(check(text), "condition-never-holds")  # game-advice is only reached by adults
    assert problem.arguments == {"question": "age", "options": "under18"}


def test_a_route_condition_on_a_multiple_choice_question_does_not_narrow() -> None:
    # Reached with 'game' among the places; 'chat' may have been chosen too.
    text = broken("    see_also: [example]\n", "    see_also: [example]\n    steps:\n      - text: {nl: \"x\", en: \"x\"}\n        when: {where: chat}\n")
    text = text.replace("    steps:\n      - block: not-your-fault\n\nscenarios", "      - block: not-your-fault\n\nscenarios")
    assert "condition-never-holds" not in codes(check(text))


def test_answers_known_on_the_first_path_in_stay_possible_after_a_path_without_them() -> None:
    # game → platform → age is analysed before chat → pad → age: the state at 'age' first has an
    # answer to 'platform', then meets a path without one; the condition on it must still hold.
    text = _one_path_asks_more("game")
    pad = "  - id: pad\n    type: info\n    title: {nl: \"Pad\", en: \"Pad\"}\n    text: {nl: \"Pad.\", en: \"Pad.\"}\n    next: age\n"
    text = broken('        label: {nl: "Chat", en: "Chat"}\n        next: age\n', '        label: {nl: "Chat", en: "Chat"}\n        next: pad\n', text)
    text = broken("  - id: platform\n", pad + "  - id: platform\n", text)
    assert "condition-never-holds" not in codes(check(text)), [str(p) for p in check(text)]
