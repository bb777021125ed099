"""The YAML reader in detail: where the time budget is checked and the value limit strikes, how a
syntax error is worded and placed, and the values of lists (each test here failed on a change to
yamlsource.py that the mutation run found unnoticed; docs/mutation-testing.md)."""

from __future__ import annotations

import gc

import pytest
import yaml
from yaml.error import Mark

from helpwanted.questionnaire.limits import MAX_DEPTH, MAX_VALUES
from helpwanted.questionnaire.yamlrecovery import parse_all
from helpwanted.questionnaire.yamlsource import (
    _STOP_EVERY,
    Position,
    YamlSyntaxError,
    _syntax_issue,
    parse_yaml,
)

from .helpers import broken, check, line_of, only

pytestmark = pytest.mark.usefixtures("each_builder")  # every test with each YAML builder (conftest.py)

# Before the list's items: the document's mapping, 'a', its value, 'l' and the list itself.
BEFORE_ITEMS = 5


def listed(item: str, count: int) -> str:
    return "a: &a 1\nl: [" + ",".join([item] * count) + "]\n"


def place_of_item(item: str, number: int) -> Position:
    """Where the value with this number (counted from 1, in file order) stands, when it is an item of `listed`."""
    return Position(2, 5 + (number - BEFORE_ITEMS - 1) * (len(item) + 1))


@pytest.mark.parametrize("item", ["1", '"q"', "*a", "! 1", "[]", "{}"])
def test_the_time_budget_is_checked_every_few_thousand_values_at_the_value_reached(item: str) -> None:
    ticks: list[Position] = []
    parse_yaml(listed(item, 2 * _STOP_EVERY + 10), ticks.append)
    assert ticks == [place_of_item(item, _STOP_EVERY), place_of_item(item, 2 * _STOP_EVERY)]


@pytest.mark.parametrize(
    ("before", "reached", "offset"),
    [
        # the document, 'm' and the mapping are values 1-3: key k{i} is value 4 + 2i, so 4096 is key k2046
        ("", "k2046: 1", 0),
        # three values more ('a', the list, its item): the value of k{i} is value 8 + 2i, so 4096 is k2044's value
        ("a: [1]\n", "k2044: 1", len("k2044: ")),
    ],
)
def test_the_time_budget_is_checked_at_keys_and_values_of_a_mapping(before: str, reached: str, offset: int) -> None:
    line = "m: {" + ", ".join(f"k{i}: 1" for i in range(_STOP_EVERY // 2 + 10)) + "}"
    ticks: list[Position] = []
    parse_yaml(before + line + "\n", ticks.append)
    assert ticks == [Position(before.count("\n") + 1, line.index(reached) + offset + 1)]


def test_the_time_budget_is_checked_at_a_tagged_key_too() -> None:
    text = "{" + ", ".join(f"! k{i}: 1" for i in range(_STOP_EVERY // 2 + 10)) + "}\n"
    ticks: list[Position] = []
    parse_yaml(text, ticks.append)  # the mapping is value 1, key k0 value 2, ..., key k2047 value 4096
    assert ticks == [Position(1, text.index(f"! k{_STOP_EVERY // 2 - 1}:") + 1)]


@pytest.mark.parametrize("item", ["1", "*a"])
def test_the_value_past_the_limit_is_where_the_file_is_refused(item: str) -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(listed(item, MAX_VALUES))
    assert raised.value.issue.message_id == "too-large.values"
    assert raised.value.issue.position == place_of_item(item, MAX_VALUES + 1)


@pytest.mark.parametrize("opening", ["[", "{k: ", "- "])
def test_lists_and_mappings_nest_sixteen_deep_and_no_deeper(opening: str) -> None:
    def nested(depth: int) -> str:
        closing = {"[": "]", "{k: ": "}", "- ": ""}[opening]
        if opening == "- ":
            return "".join("  " * level + "-\n" for level in range(depth - 1)) + "  " * (depth - 1) + "- x\n"
        return opening * depth + "x" + closing * depth + "\n"

    parse_yaml(nested(MAX_DEPTH))
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(nested(MAX_DEPTH + 1))
    assert raised.value.issue.message_id == "too-large.depth"
    if opening != "- ":
        assert raised.value.issue.position == Position(1, 1 + MAX_DEPTH * len(opening))


def test_list_items_are_read_the_yaml_1_2_way_and_keep_their_place() -> None:
    document = parse_all("a:\n  - [12, '12', true, 'true', ~, yes]\n  - ! 7\n").document
    assert document["a"].position == Position(2, 3)
    assert document["a"][0] == [12, "12", True, "true", None, "yes"]
    assert document["a"][0].position == Position(2, 5) and document["a"][0].at(1) == Position(2, 10)
    assert document["a"][1] == 7


@pytest.mark.parametrize(("written", "read"), [("12", 12), ("'12'", "12"), ("yes", "yes"), ("~", None)])
def test_a_document_of_one_word_is_read_the_same_way(written: str, read: object) -> None:
    document = parse_all(written + "\n").document
    assert document == read and type(document) is type(read)


def test_a_number_key_is_a_number_and_a_key_starting_with_a_digit_a_word() -> None:
    assert parse_all("12: x\n-3: y\n12a: z\nb12: w\n").document == {12: "x", -3: "y", "12a": "z", "b12": "w"}


def test_a_repeated_key_is_named() -> None:
    text = broken("    multiple: true\n", "    multiple: true\n    multiple: false\n")
    problem = only(check(text), "yaml")
    assert (problem.message_id, problem.arguments["key"]) == ("yaml.duplicate-key", "multiple")


def test_a_tag_on_a_list_item_is_refused_and_named() -> None:
    text = broken("    next: where\n", "    next: [!custom where]\n")
    problem = only(check(text), "yaml")
    assert problem.message == "tags such as '!custom' are not supported"
    assert problem.line == line_of(text, "!custom")


@pytest.mark.parametrize("key", ["! true", "! null", "!!str true"])
def test_a_tagged_key_that_is_not_a_word_is_refused(key: str) -> None:
    text = broken("    multiple: true\n", f"    ? {key}\n    : 1\n    multiple: true\n")
    assert only(check(text), "yaml").message_id == "yaml.key"


# How a syntax error reads and where it is


def test_a_syntax_error_names_where_the_broken_part_started() -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml("a: [1, 2\nb: 3\n")
    issue = raised.value.issue
    assert issue.position == Position(2, 2)
    assert issue.args == {
        "detail": "while parsing a flow sequence (started at line 1) did not find expected ',' or ']'"
    }
    assert str(raised.value) == "yaml"


@pytest.mark.parametrize(
    ("text", "place", "character"),
    [("a: b\x07c\n", Position(1, 5), "U+0007"), ("a: 1\nbc: \ufffe\n", Position(2, 5), "U+FFFE")],
)
def test_a_character_yaml_does_not_allow_is_named_at_its_place(text: str, place: Position, character: str) -> None:
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml(text)
    assert raised.value.issue.position == place
    assert raised.value.issue.args == {
        "detail": f"the character {character} is not allowed (control characters are not allowed)"
    }


def test_errors_the_bundled_parser_never_raises_are_still_reported_at_the_top() -> None:
    # Defensive branches: an error without a place, without words, or of another kind.
    mark = Mark("example.yaml", 0, 2, 3, None, None)
    assert _syntax_issue(yaml.MarkedYAMLError(problem="bad"), "").position == Position(1, 1)
    assert _syntax_issue(yaml.MarkedYAMLError(problem="bad"), "").args == {"detail": "bad"}
    assert _syntax_issue(yaml.MarkedYAMLError(problem_mark=mark), "").args == {"detail": "invalid YAML"}
    issue = _syntax_issue(yaml.MarkedYAMLError(context="while x", context_mark=mark, problem="bad"), "")
    assert (issue.position, issue.args) == (Position(3, 4), {"detail": "while x bad"})
    issue = _syntax_issue(yaml.YAMLError("first line\nsecond line"), "")
    assert (issue.position, issue.message_id, issue.args) == (Position(1, 1), "yaml", {"detail": "first line"})
    issue = _syntax_issue(yaml.reader.ReaderError("example.yaml", 5, "", "utf-8", "bad"), "ab\ncdef")
    assert (issue.position, issue.args) == (Position(2, 3), {"detail": "the character U+003F is not allowed (bad)"})


# After a syntax error: which lines are left out so that the rest can be read


@pytest.mark.parametrize(
    ("text", "left_out", "rest"),
    [
        # the top-level item around the error, up to the next one (lines indented one space belong to it)
        ("a:\n b: [1\n c: 2\nd: 3\n", {1, 2, 3}, {"d": 3}),
        # the parser noticed on the second line, the start of the next item: the item before it goes too
        ("a: [1\nb: 2\nc: 3\n", {1, 2}, {"c": 3}),
        ("l:\n  - x: 1\n  - y: [2\n  - z: 3\nm: 4\n", {3, 4}, {"l": [{"x": 1}], "m": 4}),
        # an error noticed past the last line: the last items
        ("a: 1\nb: [1, 2", {1, 2}, None),
        # a comment or a tab-indented line is not the start of an item
        ("l:\n  - x: 1\n  - y: [2\n  # note\n  - z: 3\nm: 1\n", {3, 4, 5}, {"l": [{"x": 1}], "m": 1}),
        ("l:\n  - x: 1\n  - y: {2\n# note\n\t  w: 3\n  - z: 3\n", {3, 4, 5}, {"l": [{"x": 1}, {"z": 3}]}),
    ],
)
def test_a_syntax_error_leaves_out_its_item_and_the_rest_is_read(text: str, left_out: set[int], rest: object) -> None:
    parsed = parse_all(text)
    assert (parsed.blanked, parsed.document) == (left_out, rest)
    assert not parsed.complete


@pytest.mark.parametrize(
    ("text", "left_out", "rest", "reported"),
    [
        # a tab-indented line is reported as such, and left out with what belongs to it
        ("\t- r\n  - x: 1\n", {1}, [{"x": 1}], [(1, 1, "yaml.tab")]),
        ("\tq: 1\na: 1\n", {1}, {"a": 1}, [(1, 1, "yaml.tab")]),
        ("\tq: 1\na: 1", {1}, {"a": 1}, [(1, 1, "yaml.tab")]),
        ("\tq: 1\n", {1, 2}, None, [(1, 1, "yaml.tab")]),
        ("  - x: 1\n    v: [\n\tq: 1\n", {1, 2, 3, 4}, None, [(3, 1, "yaml.tab"), (4, 1, "yaml")]),
        (" s: [\n\tq: 1\n", {1, 2, 3}, None, [(2, 1, "yaml.tab"), (3, 1, "yaml")]),
        # the last item broken: the items before it are kept
        ("a: 1\nb: [1\n", {2, 3}, {"a": 1}, [(3, 1, "yaml")]),
        ("a: 1\na: 1\n  - x: 1\n", {2, 3, 4}, {"a": 1}, [(3, 6, "yaml")]),
        # an item less indented than the first: nothing before it can be kept
        ("  - x: 1\n- z\n", {1, 2, 3}, None, [(2, 1, "yaml")]),
        ("  - x: 1\n- z", {1, 2}, None, [(2, 1, "yaml")]),
        # a word that starts with X (or a dash after one) is a word like any other
        ("Xa: [1\n  X- y\n", {1, 2, 3}, None, [(3, 1, "yaml")]),
        ("  - Xb: 1\n  X- y\n", {2, 3}, [{"Xb": 1}], [(3, 1, "yaml")]),
        # a tab after spaces is a tab too; a tab inside a word is not one
        ("a:\n  \tb: 1\n", {1, 2, 3}, None, [(2, 3, "yaml.tab")]),
        ("a:\n  X\tb\n", set(), {"a": "X\tb"}, []),
        # a second error after a first: each item left out once, each error reported once
        ("\tq: 1\nXa: [1\n", {1, 2, 3}, None, [(1, 1, "yaml.tab"), (3, 1, "yaml")]),
        ("Xa: [1\n- z\n", {1, 2, 3}, None, [(3, 1, "yaml"), (3, 1, "yaml")]),
        # a character YAML refuses, on a line after an empty first one
        ("\na: b\x07", {1, 2}, None, [(2, 5, "yaml")]),
    ],
)
def test_what_a_syntax_error_leaves_out_and_where_it_is_reported(
    text: str, left_out: set[int], rest: object, reported: list[tuple[int, int, str]]
) -> None:
    parsed = parse_all(text)
    assert (parsed.blanked, parsed.document) == (left_out, rest)
    assert [(*issue.position, issue.message_id) for issue in parsed.issues] == reported


def test_text_the_parser_cannot_take_at_all_is_refused_at_the_top() -> None:
    # A lone surrogate (possible in a Python string, never in a UTF-8 file) stops the parser before it reads anything.
    with pytest.raises(YamlSyntaxError) as raised:
        parse_yaml("a: \ud800\n")
    issue = raised.value.issue
    assert (issue.position, issue.message_id) == (Position(1, 1), "yaml")
    assert issue.args["detail"].startswith("invalid YAML: 'utf-8' codec can't encode character '\\ud800'")


@pytest.mark.parametrize("enabled", [True, False])
def test_parsing_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        parse_all("a: [1, 2]\n")
        with pytest.raises(YamlSyntaxError):
            parse_yaml("a: [1\n")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_a_file_refused_at_a_limit_is_not_read_at_all() -> None:
    parsed = parse_all("k: " + "[" * 20 + "\n")
    assert (parsed.document, parsed.complete) == (None, False)
    assert [issue.message_id for issue in parsed.issues] == ["too-large.depth"]
    # and the checker says only that: not also that the (unread) questionnaire is not a mapping
    assert [p.message_id for p in check("title: " + "[" * 20 + "\n")] == ["too-large.depth"]
