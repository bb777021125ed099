"""Reading a questionnaire with errors (loader.py): each problem's words and place, and what the tree keeps.

An editor fixes a file from these messages alone, so each names the kind of thing ("an option", "a
block") and points at the value that is wrong; and the reader goes on after each problem, so one bad
node, option or route never hides the ones after it.
"""

from __future__ import annotations

import gc

from helpwanted.questionnaire import MAX_NODES, Problem, SourceText, Text, Tree, check_source

from .helpers import CONTEXT, EXAMPLE, broken, check, only, position_of

TITLE = 'title: {nl: "Iemand stuurt je nare berichten", en: "Someone sends you nasty messages"}\n'
SUMMARY = 'summary: {nl: "Voor als iemand je online lastigvalt.", en: "For when someone bothers you online."}\n'
ABOUT = "  - id: about\n    type: info\n"
YES = '      - id: yes\n        label: {nl: "Ja", en: "Yes"}\n        next: urgent\n'
AGE_ROUTES = "      - when: {where: game}\n        goto: game-advice\n      - goto: chat-advice\n"


def read(text: str) -> tuple[Tree, list[Problem]]:
    """The tree read from text (it must be readable) and every problem in it."""
    tree, problems = check_source(SourceText("example", "example.yaml", text), ("nl", "en"), CONTEXT)
    assert tree is not None, [str(p) for p in problems]
    return tree, list(problems)


def where(problem: Problem) -> tuple[str, int, int]:
    """What an editor reads of a problem: its message, line and column."""
    return problem.message, problem.line, problem.column


def schema(problems: list[Problem]) -> list[tuple[str, int, int]]:
    """The schema problems, each as (message, line, column), in the order of the file."""
    return sorted((where(p) for p in problems if p.code == "schema"), key=lambda found: (found[1], found[2], found[0]))


def test_a_file_that_is_not_a_mapping_is_refused_at_its_start() -> None:
    for text in ("just text\n", "- a\n- b\n", "# a comment\n\n- a\n"):
        tree, problems = check_source(SourceText("example", "example.yaml", text))
        assert tree is None
        assert [where(p) for p in problems] == [("the questionnaire must be a mapping", 1, 1)], text


def test_an_unknown_key_names_the_keys_expected_there_and_is_at_the_key() -> None:
    text = broken("start: safety\n", "start: safety\ntheme: dark\n")
    assert where(only(check(text), "unknown-key")) == (
        "unknown key 'theme' in the questionnaire (expected one of: blocks, icon, nodes, scenarios, start, "
        "summary, title)",
        *position_of(text, "theme"),
    )
    text = broken("    tags: {topic: harassment, urgency: urgent}\n", "    tags: {topic: harassment}\n    hint: x\n")
    assert only(check(text), "unknown-key").message == (
        "unknown key 'hint' in an outcome (expected one of: first, id, see_also, steps, tags, text, title, type)"
    )


def test_a_questionnaire_without_a_title_or_a_summary_gets_empty_ones_at_its_start() -> None:
    # The editor's list and the checker's report still show the file, under its id.
    for line, key in ((TITLE, "title"), (SUMMARY, "summary")):
        text = broken(line, "")
        tree, problems = read(text)
        assert schema(problems) == [(f"the questionnaire needs {key!r}", 2, 1)]
        assert getattr(tree, key) == Text({}, (2, 1))
        other = tree.summary if key == "title" else tree.title
        assert other.get("nl"), key


def test_a_title_that_is_not_a_text_per_language_says_so_at_it() -> None:
    text = broken(TITLE, "title: Iemand stuurt je nare berichten\n")
    tree, problems = read(text)
    assert schema(problems) == [
        ("'title' must give a text per language, like {nl: …, en: …}", *position_of(text, "Iemand"))
    ]
    assert tree.title == Text({}, (2, 1))


def test_a_text_with_a_problem_keeps_its_place() -> None:
    # What is left of it is still located: the later checks (plain language, Markdown) report there.
    text = broken('{nl: "Goed dat je hier bent", en: "Good that you are here"}', '{nl: "Goed dat je hier bent"}')
    tree, problems = read(text)
    title = tree.nodes["about"].title
    assert title == Text({"nl": "Goed dat je hier bent"}, position_of(text, '{nl: "Goed dat'))
    assert where(only(problems, "missing-translation"))[1:] == position_of(text, '{nl: "Goed dat')


def test_start_is_left_to_the_graph_checks_when_missing_and_must_be_a_word() -> None:
    found = check(broken("start: safety\n", ""))
    assert only(found, "missing-start").message == "the questionnaire has no 'start'"
    assert not schema(found)
    for bad in ("[safety, about]", '" "', "{node: safety}"):
        text = broken("start: safety\n", f"start: {bad}\n")
        assert schema(check(text)) == [("'start' must be a word", *position_of(text, bad))], bad


def test_the_topic_cards_icon_is_kept_when_it_is_an_id_and_else_empty() -> None:
    tree, problems = read(broken("start: safety\n", "start: safety\nicon: shield\n"))
    assert tree.icon == "shield" and not [p for p in problems if p.severity.value == "error"]
    tree, problems = read(EXAMPLE)
    assert tree.icon == "" and not problems
    text = broken("start: safety\n", "start: safety\nicon: Big Shield\n")
    tree, problems = read(text)
    assert tree.icon == ""
    assert where(only(problems, "invalid-id"))[1:] == position_of(text, "Big Shield")


def test_blocks_that_are_not_a_mapping_say_so_at_their_value() -> None:
    blocks = EXAMPLE[EXAMPLE.index("blocks:\n") : EXAMPLE.index("nodes:\n")]
    text = broken(blocks, "blocks: [not-your-fault, evidence]\n\n")
    tree, problems = read(text)
    assert schema(problems) == [("'blocks' must map block ids to blocks", *position_of(text, "[not-your-fault"))]
    assert tree.blocks == {}


def test_a_block_that_is_not_a_mapping_or_has_no_text_is_named_a_block_at_its_place() -> None:
    evidence = (
        "  evidence:\n    text:\n"
        '      nl: "Maak screenshots van de berichten, met datum en tijd."\n'
        '      en: "Take screenshots of the messages, with the date and time."\n'
    )
    text = broken(evidence, "  evidence: Maak screenshots van de berichten.\n")
    tree, problems = read(text)
    assert schema(problems) == [("a block must be a mapping", *position_of(text, "Maak screenshots van de b"))]
    assert set(tree.blocks) == {"not-your-fault"}
    text = broken(evidence, "  evidence:\n    required: true\n")
    tree, problems = read(text)
    assert schema(problems) == [("a block needs 'text'", *position_of(text, "required: true\n\n"))]
    assert set(tree.blocks) == {"not-your-fault"}


def test_a_flag_that_is_not_true_or_false_is_named_and_read_as_false() -> None:
    text = broken("    multiple: true\n", "    multiple: sometimes\n")
    tree, problems = read(text)
    assert schema(problems) == [("'multiple' must be true or false", *position_of(text, "sometimes"))]
    assert tree.nodes["where"].multiple is False
    text = broken("    safety: true\n", "    safety: 'yes'\n")
    tree, problems = read(text)
    assert schema(problems) == [("'safety' must be true or false", *position_of(text, "'yes'"))]
    assert tree.nodes["safety"].safety is False


def test_options_or_steps_that_are_not_a_list_say_so_at_their_value() -> None:
    text = broken(
        '      - id: chat\n        label: {nl: "In een chat-app", en: "In a chat app"}\n'
        '      - id: game\n        label: {nl: "In een game", en: "In a game"}\n',
        "      chat\n",
    )
    problem = only(check(text), "schema")
    assert where(problem) == ("'options' must be a list", *position_of(text, "chat\n"))
    assert problem.severity.value == "error"
    text = broken(
        "    steps:\n      - block: not-your-fault\n\n  - id: chat-advice",
        "    steps: not-your-fault\n\n  - id: chat-advice",
    )
    assert ("'steps' must be a list", *position_of(text, "not-your-fault\n\n  - id: chat")) in schema(check(text))


def test_a_node_that_is_not_a_mapping_is_named_at_its_place_and_hides_no_node_after_it() -> None:
    text = broken(ABOUT, "  - Goed dat je hier bent\n" + ABOUT)
    tree, problems = read(text)
    assert schema(problems) == [("a node must be a mapping", *position_of(text, "Goed dat je hier bent\n"))]
    assert set(tree.nodes) == {"safety", "about", "where", "age", "urgent", "chat-advice", "game-advice"}


def test_a_node_without_an_id_is_named_by_its_type() -> None:
    for node, kind in (
        ("  - id: age\n    type: question\n", "a question"),
        (ABOUT, "an information page"),
        ("  - id: urgent\n    type: outcome\n", "an outcome"),
    ):
        text = broken(node, "  - " + node[node.index("\n") + 5 :])
        assert ("schema", f"{kind} needs 'id'") in {(p.code, p.message) for p in check(text)}, kind
    text = broken(ABOUT, "  - title: {nl: a, en: b}\n")
    assert schema(check(text)) == [
        ("a node needs 'id'", *position_of(text, "title: {nl: a")),
        ("a node needs 'type': question, info or outcome", *position_of(text, "title: {nl: a")),
    ]


def test_a_node_with_an_id_that_is_not_an_id_is_left_out_at_its_id() -> None:
    text = broken(ABOUT, "  - id: About Page\n    type: info\n")
    tree, problems = read(text)
    assert where(only(problems, "invalid-id"))[1:] == position_of(text, "About Page")
    assert "About Page" not in tree.nodes and None not in tree.nodes
    assert tree.damaged == {"About Page"}


def test_only_the_ids_of_nodes_present_but_unreadable_are_damaged() -> None:
    # Routes to a damaged node are not reported as unknown targets: the node itself is reported.
    text = broken(ABOUT, "  - id: about\n    type: page\n").replace("  - id: urgent\n", "  - type: outcome\n")
    tree, problems = read(text)
    assert tree.damaged == {"about"}
    assert [p.message for p in problems if p.code == "unknown-target"] == ["'safety' leads to unknown node 'urgent'"]


def test_an_information_page_or_outcome_without_a_title_or_text_is_named_by_its_kind() -> None:
    title = '    title: {nl: "Goed dat je hier bent", en: "Good that you are here"}\n'
    text = broken(title, "")
    tree, problems = read(text)
    assert schema(problems) == [("an information page needs 'title'", *position_of(text, ABOUT[4:]))]
    assert tree.nodes["about"].title == Text({}, position_of(text, ABOUT[4:]))
    text = broken(
        '    text: {nl: "We stellen je nu een paar vragen.", en: "We will now ask you a few questions."}\n', ""
    )
    assert schema(check(text)) == [("an information page needs 'text'", *position_of(text, ABOUT[4:]))]
    text = broken('    title: {nl: "Zoek nu hulp", en: "Get help now"}\n', "")
    tree, problems = read(text)
    assert schema(problems) == [("an outcome needs 'title'", *position_of(text, "id: urgent"))]
    assert tree.nodes["urgent"].title == Text({}, position_of(text, "id: urgent"))


def test_a_question_without_a_text_is_named_and_gets_an_empty_one_at_its_place() -> None:
    text = broken('    text: {nl: "Hoe oud ben je?", en: "How old are you?"}\n', "")
    tree, problems = read(text)
    assert schema(problems) == [("a question needs 'text'", *position_of(text, "id: age"))]
    assert tree.nodes["age"].title == Text({}, position_of(text, "id: age"))


def test_exactly_the_most_nodes_allowed_are_read_and_one_more_is_refused() -> None:
    def with_nodes(count: int) -> str:
        nodes = "".join(f"  - {{id: n{i}, type: info}}\n" for i in range(count))
        return broken("nodes:\n", "nodes:\n" + nodes).split("  - id: safety")[0]

    assert "too-large" not in {p.code for p in check(with_nodes(MAX_NODES))}
    assert only(check(with_nodes(MAX_NODES + 1)), "too-large").message == (
        f"the questionnaire has {MAX_NODES + 1} nodes; at most {MAX_NODES} are allowed"
    )


def test_a_node_id_used_twice_is_named_at_the_second_and_hides_no_node_after_it() -> None:
    text = broken(ABOUT, ABOUT + '    text: {nl: "Een.", en: "One."}\n    next: where\n\n' + ABOUT)
    tree, problems = read(text)
    second = text.index(ABOUT, text.index(ABOUT) + 1)
    assert where(only(problems, "duplicate-id")) == (
        "node id 'about' is used twice",
        text.count("\n", 0, second) + 1,
        5,
    )
    assert {"where", "age", "urgent", "chat-advice", "game-advice"} <= set(tree.nodes)


def test_an_option_that_is_not_a_mapping_is_named_at_its_place_and_hides_no_option_after_it() -> None:
    text = broken(YES, "      - ja\n" + YES)
    tree, problems = read(text)
    assert schema(problems) == [("an option must be a mapping", *position_of(text, "ja\n"))]
    assert [option.id for option in tree.nodes["safety"].options] == ["yes", "no"]


def test_an_option_without_an_id_or_a_label_says_which() -> None:
    text = broken(YES, YES.replace("- id: yes\n        ", "- "))
    tree, problems = read(text)
    assert ("an option needs 'id'", *position_of(text, 'label: {nl: "Ja"')) in schema(problems)
    assert [option.id for option in tree.nodes["safety"].options] == ["no"]
    text = broken(YES, YES.replace('        label: {nl: "Ja", en: "Yes"}\n', ""))
    tree, problems = read(text)
    assert schema(problems) == [("an option needs 'label'", *position_of(text, "id: yes"))]
    assert tree.nodes["safety"].options[0].label == Text({}, position_of(text, "id: yes"))


def test_an_id_that_is_not_an_id_is_quoted_up_to_80_characters() -> None:
    long = "Ja" * 60
    problem = only(check(broken("      - id: yes\n", f"      - id: {long}\n")), "invalid-id")
    assert problem.message.startswith(f"{long[:80]!r} is not a valid id: use ")


def test_a_bad_route_is_named_and_hides_no_route_after_it() -> None:
    text = broken(AGE_ROUTES, "      - game-advice\n" + AGE_ROUTES)
    tree, problems = read(text)
    assert schema(problems) == [("a route must be a mapping", *position_of(text, "game-advice\n"))]
    assert [route.target for route in tree.nodes["age"].routes] == ["game-advice", "chat-advice"]
    text = broken(AGE_ROUTES, "      - when: {where: chat}\n" + AGE_ROUTES)
    tree, problems = read(text)
    assert schema(problems) == [("a route needs 'goto'", *position_of(text, "when: {where: chat}"))]
    assert [route.target for route in tree.nodes["age"].routes] == ["game-advice", "chat-advice"]


def test_a_when_that_is_not_a_mapping_is_named_at_its_value() -> None:
    text = broken("      - when: {where: game}\n", "      - when: where-game\n")
    assert schema(check(text)) == [("'when' must map question ids to option ids", *position_of(text, "where-game"))]


def test_a_trees_texts_hold_nothing_the_garbage_collector_must_walk() -> None:
    # A 2,000-node tree has some 7,000 texts: their language dicts hold strings alone, and a dict
    # that holds no container is left out of every collection (a copy of the parsed mapping was not).
    tree, _ = read(EXAMPLE)
    nodes = tree.nodes.values()
    texts = [node.title for node in nodes] + [option.label for node in nodes for option in node.options]
    assert len(texts) > 10 and not any(gc.is_tracked(text.by_language) for text in texts)
