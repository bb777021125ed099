"""Trees that break things (issue 11): each finding as a class, each with its located error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from helpwanted.questionnaire import (
    ID_PATTERN,
    MAX_SOURCE_BYTES,
    MAX_TEXT_CHARS,
    Block,
    Kind,
    Node,
    Option,
    Problem,
    Route,
    Severity,
    SourceText,
    Text,
    Tree,
    check_source,
    read_file,
    to_dot,
    to_mermaid,
)
from helpwanted.questionnaire.limits import MAX_DEPTH, MAX_NODES, MAX_VALUES
from helpwanted.questionnaire.yamlsource import Position

from .helpers import EXAMPLE, broken, check, codes, line_of, only

HERE = Position(1, 1)


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


def assert_located(problems: list[Problem], text: str) -> None:
    """Every problem points at a real line and column of the text."""
    lines = text.split("\n")
    for problem in problems:
        assert 1 <= problem.line <= len(lines), str(problem)
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, str(problem)


# --- one id grammar -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  - id: about\n", "  - id: " + "a" * 65 + "\n"),  # longer than the 64-wide counter column
        ("  - id: about\n", '  - id: "ab\\0out"\n'),  # NUL, written as a YAML escape
        ("      - id: chat\n", "      - id: Chat App\n"),
        ("      - id: game\n", '      - id: "=1+1"\n'),  # would start a spreadsheet formula
        ("  evidence:\n", "  evi dence:\n"),
        ("tags: {topic: harassment, urgency: normal}\n    see_also", 'tags: {topic: "x\\ty", urgency: normal}\n    see_also'),
    ],
)
def test_ids_follow_one_grammar(old: str, new: str) -> None:
    text = broken(old, new)
    problem = only(check(text), "invalid-id")
    assert problem.line == line_of(text, new.strip().split("\n")[0])
    assert "1–64 characters" in problem.message


def test_an_id_of_exactly_64_characters_is_accepted() -> None:
    text = EXAMPLE.replace("id: about", "id: " + "a" * 64).replace("next: about", "next: " + "a" * 64)
    assert ID_PATTERN.fullmatch("a" * 64)
    assert check(text) == []


def test_the_questionnaire_id_follows_the_grammar_too() -> None:
    _, problems = check_source(SourceText("Bad Name", "Bad Name.yaml", EXAMPLE))
    problem = only(list(problems), "invalid-id")
    assert (problem.line, problem.column) == (1, 1)


def test_a_route_to_a_node_with_a_bad_id_is_not_reported_twice() -> None:
    text = EXAMPLE.replace("id: about", "id: ab out").replace("next: about", "next: ab out")
    found = check(text)
    assert [p.code for p in errors(found)] == ["invalid-id"]


# --- wrong shapes are located errors, never exceptions --------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    type: info\n", "    type: [info]\n"),
        ("    type: info\n", "    type: {a: b}\n"),
        ("    type: info\n", "    type: 12\n"),
        ("  - id: about\n", "  - id: [about]\n"),
        ('        label: {nl: "Ja", en: "Yes"}\n', '        label: [Ja, Yes]\n'),
        ('        label: {nl: "Ja", en: "Yes"}\n', '        label: {nl: [Ja], en: {a: b}}\n'),
        ("    next: where\n", "    next: {goto: where}\n"),
        ("    next: where\n", "    next: [[where]]\n"),
        ("      - when: {where: game}\n", "      - when: [where, game]\n"),
        ("      - when: {where: game}\n", "      - when: {where: {game: 1}}\n"),
        ("    answers: {safety: yes}\n", "    answers: {safety: {a: b}}\n"),
        ("    answers: {safety: yes}\n", "    answers: [safety, yes]\n"),
        ("    tags: {topic: harassment, urgency: urgent}\n", "    tags: [harassment]\n"),
        ("    see_also: [example]\n", "    see_also: {a: b}\n"),
        ("blocks:\n", "blocks: [a]\nx:\n"),
        ("  - name: in danger\n", "  - [in danger]\n  - name: in danger\n"),
        ("    first:\n      - block: evidence\n      - text: {nl: \"Meld", "    first:\n      - [evidence]\n      - text: {nl: \"Meld"),
    ],
)
def test_a_value_of_the_wrong_shape_is_a_located_error(old: str, new: str) -> None:
    text = broken(old, new)
    found = check(text)
    assert errors(found), [str(p) for p in found]
    assert_located(found, text)
    pairs = zip(EXAMPLE.split("\n"), text.split("\n"), strict=False)
    first_changed = next(number for number, (a, b) in enumerate(pairs, 1) if a != b)
    assert any(p.line in (first_changed, first_changed + 1) for p in errors(found)), [str(p) for p in found]


def test_a_node_of_the_wrong_type_hides_nothing_after_it() -> None:
    text = broken("    type: info\n", "    type: [info]\n")
    text = broken('en: "How old are you?"', 'en: ""', text)
    found = check(text)
    assert {"schema", "missing-translation"} <= codes(found)
    # The routes into the unreadable node are not reported as unknown: the node itself is.
    assert "unknown-target" not in codes(found)


# --- sizes, nesting and time ----------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    keys = "".join(f"k{i}: 1\n" for i in range(1_000_000))  # the "1M keys" file from the attack
    tree, problems = check_source(SourceText("example", "example.yaml", keys))
    assert tree is None
    problem = only(list(problems), "too-large")
    assert (problem.line, problem.column) == (1, 1)
    assert str(MAX_SOURCE_BYTES) in problem.message


def test_reading_a_huge_file_stops_just_past_the_limit(tmp_path: Path) -> None:
    file = tmp_path / "huge.yaml"
    file.write_bytes(b"k: 1\n" * (3 * MAX_SOURCE_BYTES // 5))
    source = read_file(file)
    assert len(source.text) == MAX_SOURCE_BYTES + 1
    assert "too-large" in codes(list(check_source(source)[1]))


def test_too_many_values_are_refused_while_parsing() -> None:
    text = "title: [" + ",".join(["1"] * (MAX_VALUES + 10)) + "]\n"
    assert len(text.encode()) < MAX_SOURCE_BYTES
    problem = only(check(text), "too-large")
    assert problem.line == 1 and problem.column > 1
    assert str(MAX_VALUES) in problem.message


def test_deep_nesting_is_refused_at_its_place() -> None:
    text = "title: {nl: a, en: b}\nsummary:\n" + "".join(" " * depth + f"k{depth}:\n" for depth in range(1, 40))
    problem = only(check(text), "too-large")
    assert problem.line == 2 + MAX_DEPTH  # the 17th mapping opens there
    assert str(MAX_DEPTH) in problem.message


def test_deep_flow_nesting_is_a_located_error() -> None:
    text = "title: {nl: a, en: b}\nsummary: " + "[" * 5000 + "]" * 5000 + "\n"
    found = errors(check(text))
    assert found and all(p.line == 2 for p in found), [str(p) for p in found]
    assert codes(found) <= {"too-large", "yaml"}


def test_too_many_nodes_are_refused() -> None:
    nodes = "".join(f"  - {{id: n{i}, type: info}}\n" for i in range(MAX_NODES + 1))
    text = broken("nodes:\n", "nodes:\n" + nodes).split("  - id: safety")[0]
    problem = only(check(text), "too-large")
    assert problem.line == line_of(text, "  - {id: n0")


def test_a_text_over_its_limit_is_refused_and_not_checked_further() -> None:
    bomb = "[](" * (MAX_TEXT_CHARS // 3 + 1)  # took 26 s at 60 KB in the plain-language check
    text = broken('nl: "Ja"', f'nl: "{bomb}"')
    found = check(text)
    problem = only(found, "too-large")
    assert problem.line == line_of(text, bomb)
    assert not {"long-sentence", "unsafe-markdown"} & codes(found)


@pytest.mark.parametrize("bomb", ["[](", "](", "[a](", "![", "[", "*a", "_a", "<a", "\n", "1. ", "\n \n"])
def test_markdown_and_plain_language_bombs_at_the_text_limit_are_checked(bomb: str) -> None:
    hostile = (bomb * MAX_TEXT_CHARS)[: MAX_TEXT_CHARS - 2].replace("\n", "\\n")
    text = broken('nl: "Maak screenshots van de berichten, met datum en tijd."', f'nl: "{hostile}"')
    found = check(text)  # the property: it ends, with located problems (the benchmark times it)
    assert_located(found, text)


def test_a_check_that_runs_out_of_time_ends_in_a_located_error() -> None:
    _, problems = check_source(SourceText("example", "example.yaml", EXAMPLE), budget=0.0)
    problem = only(list(problems), "check-timeout")
    assert problem.severity is Severity.ERROR
    assert_located([problem], EXAMPLE)


def test_the_problem_list_is_capped() -> None:
    keys = "".join(f"  x{i}: 1\n" for i in range(2_000))
    text = broken("    type: info\n", "    type: info\n" + keys.replace("  x", "    x"))
    found = check(text)
    assert len(found) <= 501
    assert "too-many-problems" in codes(found)


# --- characters that break databases or fool reviewers ---------------------------------------------


def test_control_characters_in_texts_are_errors() -> None:
    text = broken('nl: "Ja"', 'nl: "J\\0a\\x07"')
    problem = only(check(text), "control-character")
    assert problem.line == line_of(text, 'nl: "J\\0a')
    assert "U+0000" in problem.message


def test_a_raw_nul_byte_is_a_located_syntax_error() -> None:
    text = broken('nl: "Ja"', 'nl: "J\x00a"')
    problem = only(check(text), "yaml")
    assert (problem.line, problem.column) == (line_of(text, "J\x00a"), text.split("\n")[problem.line - 1].index("\x00") + 1)


@pytest.mark.parametrize("character", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_bidi_controls_in_texts_are_errors(character: str) -> None:
    text = broken('nl: "Ja"', f'nl: "Ja{character}"')
    problem = only(check(text), "bidi-control")
    assert problem.line == line_of(text, f"Ja{character}")
    assert f"U+{ord(character):04X}" in problem.message


# --- graphs: ids and labels cannot break out --------------------------------------------------------


def _hostile_tree() -> Tree:
    at = Position(1, 1)
    hostile = 'about" [URL="javascript:alert(1)"]'
    label = Text({"nl": 'Ja" URL="javascript:x', "en": "<b>yes</b> | `x` #quot;"}, at)
    question = Node(
        "q",
        Kind.QUESTION,
        at,
        Text({"nl": 'Vraag"];\n"x" [URL="javascript:y"', "en": "Q"}, at),
        options=(Option("yes", label, None, (Route(hostile, None, at),), at),),
    )
    outcome = Node(hostile, Kind.OUTCOME, at, Text({"nl": "<a href=x>\u202e", "en": "x"}, at))
    return Tree("t", "v", "t.yaml", label, label, "q", {"q": question, hostile: outcome}, {"b": Block("b", label, False, at)}, ())


def test_dot_output_escapes_ids_and_labels() -> None:
    svg = subprocess.run(
        ["dot", "-Tsvg"], input=to_dot(_hostile_tree()), capture_output=True, text=True, check=True
    ).stdout
    assert "javascript" not in svg.replace("URL=&quot;javascript", "")  # only as escaped text
    assert "<a " not in svg and "xlink:href" not in svg
    assert "\u202e" not in svg
    assert svg.count('class="node"') == 2  # the hostile id stayed one node


def test_mermaid_output_escapes_labels() -> None:
    mermaid = to_mermaid(_hostile_tree(), "en")
    for line in mermaid.splitlines()[1:]:
        inside = line.split('"')[1:-1]
        assert all("<" not in part and "`" not in part for part in inside), line
        assert line.count('"') in (0, 2), line
