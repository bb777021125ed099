"""The tree as the editor's drawing and its list of paths (graph.py): what `flask trees graph` and the editor show."""

from __future__ import annotations

from helpwanted.questionnaire import SourceText, Tree, check_source
from helpwanted.questionnaire.graph import Path, all_paths, longest_remaining, to_dot, to_mermaid
from helpwanted.questionnaire.model import Kind, Node, Option, Route, Text
from helpwanted.questionnaire.yamlsource import Position

from .helpers import EXAMPLE, broken

AT = Position(1, 1)


def _tree(text: str = EXAMPLE) -> Tree:
    tree, _ = check_source(SourceText("example", "example.yaml", text))
    assert tree is not None
    return tree


def test_the_dot_drawing_has_a_shape_per_kind_and_every_route_with_its_label() -> None:
    assert to_dot(_tree(), "en") == (
        'digraph "example" {\n'
        "  rankdir=TB;\n"
        '  node [fontname="sans-serif"];\n'
        '  "safety" [shape=box, label="Are you in danger right now?"];\n'
        '  "about" [shape=note, label="Good that you are here"];\n'
        '  "where" [shape=box, label="Where does it happen?"];\n'
        '  "age" [shape=box, label="How old are you?"];\n'
        '  "urgent" [shape=doubleoctagon, label="Get help now"];\n'
        '  "chat-advice" [shape=doubleoctagon, label="What you can do"];\n'
        '  "game-advice" [shape=doubleoctagon, label="What you can do in the game"];\n'
        '  "safety" -> "urgent" [label="Yes"];\n'
        '  "safety" -> "about" [label="No"];\n'
        '  "about" -> "where" [label=""];\n'
        '  "where" -> "age" [label=""];\n'
        '  "age" -> "game-advice" [label="if where=game"];\n'
        '  "age" -> "chat-advice" [label=""];\n'
        "}\n"
    )


def test_the_mermaid_drawing_is_in_the_source_language_by_default() -> None:
    assert to_mermaid(_tree()) == (
        "flowchart TD\n"
        '  n0["Ben je nu in gevaar?"]\n'
        '  n1[/"Goed dat je hier bent"/]\n'
        '  n2["Waar gebeurt het?"]\n'
        '  n3["Hoe oud ben je?"]\n'
        '  n4(["Zoek nu hulp"])\n'
        '  n5(["Wat je kunt doen"])\n'
        '  n6(["Wat je in de game kunt doen"])\n'
        '  n0 -->|"Ja"| n4\n'
        '  n0 -->|"Nee"| n1\n'
        "  n1 --> n2\n"
        "  n2 --> n3\n"
        '  n3 -->|"if where=game"| n6\n'
        "  n3 --> n5\n"
    )


def test_a_condition_is_worded_in_the_callers_language_with_every_requirement() -> None:
    text = broken("      - when: {where: game}", "      - when: {where: [game, chat], age: adult}")
    dot = to_dot(_tree(text), condition_label="als {condition}")
    assert '  "age" -> "game-advice" [label="als where=chat/game, age=adult"];\n' in dot
    assert '  n3 -->|"als where=chat/game, age=adult"| n6\n' in to_mermaid(_tree(text), "en", "als {condition}")


def _titled(title: str) -> Tree:
    """A tree of one question whose title is title, with a route to a node that does not exist."""
    text = Text({"nl": title}, AT)
    question = Node("q", Kind.QUESTION, AT, text, options=(Option("a", text, None, (Route("gone", None, AT),), AT),))
    return Tree("t", "v", "t.yaml", text, text, "q", {"q": question}, {}, ())


def test_labels_are_one_line_without_control_or_direction_characters_and_quoted_safely() -> None:
    tree = _titled('Say "hi"\\\nnow\r\x07\u202eok')
    assert '  "q" [shape=box, label="Say \\"hi\\"\\\\ now  ok"];\n' in to_dot(tree)
    mermaid = to_mermaid(_titled('a#"<b>|`c`'))
    assert '  n0["a#35;#quot;#lt;b#gt;#124;#96;c#96;"]\n' in mermaid


def test_a_route_to_a_missing_node_is_drawn_in_dot_and_left_out_in_mermaid() -> None:
    tree = _titled("Q")
    assert '  "q" -> "gone" [label="Q"];\n' in to_dot(tree)
    assert to_mermaid(tree) == 'flowchart TD\n  n0["Q"]\n'


def test_every_path_is_listed_with_its_answers_and_outcome_and_a_multiple_choice_both_alone_and_together() -> None:
    paths = all_paths(_tree())
    common = (("safety", ("no",)), ("about", ()))
    assert paths == [
        Path((("safety", ("yes",)),), "urgent"),
        Path((*common, ("where", ("chat",)), ("age", ("under18",))), "chat-advice"),
        Path((*common, ("where", ("chat",)), ("age", ("adult",))), "chat-advice"),
        Path((*common, ("where", ("game",)), ("age", ("under18",))), "game-advice"),
        Path((*common, ("where", ("game",)), ("age", ("adult",))), "game-advice"),
        Path((*common, ("where", ("chat", "game")), ("age", ("under18",))), "game-advice"),
        Path((*common, ("where", ("chat", "game")), ("age", ("adult",))), "game-advice"),
    ]
    assert [path.questions for path in paths] == [1, 3, 3, 3, 3, 3, 3]  # an information page is no question
    assert all_paths(_tree(), limit=2) == paths[:2]


def test_a_multiple_choice_question_with_one_option_is_one_path() -> None:
    text = broken("      - id: game\n        label: {nl: \"In een game\", en: \"In a game\"}\n", "")
    assert [path.answers[2] for path in all_paths(_tree(text)) if len(path.answers) > 2] == [
        ("where", ("chat",)),
        ("where", ("chat",)),
    ]


def test_the_mermaid_drawing_in_another_language_has_its_titles_and_labels() -> None:
    mermaid = to_mermaid(_tree(), "en")
    assert '  n0["Are you in danger right now?"]\n' in mermaid and '  n4(["Get help now"])\n' in mermaid
    assert '  n0 -->|"Yes"| n4\n' in mermaid and '  n0 -->|"No"| n1\n' in mermaid


def test_how_many_steps_may_follow_counts_each_node_of_a_loop_once() -> None:
    # The checker refuses a tree with a loop, so no visitor meets one; the figure still never raises for it.
    tree = _tree(broken("    next: age\n", "    next: about\n"))  # about → where → about
    assert longest_remaining(tree, "about") == 2
    assert longest_remaining(tree, "safety") == 3
