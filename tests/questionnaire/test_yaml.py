"""The YAML reader: what it refuses, where it says so, and which words it reads as what.

Written for the new reader of the issue 13 speed work (yamlsource.py), and its mutation run.
"""

from __future__ import annotations

import pytest

from helpwanted.questionnaire.yamlrecovery import parse_all
from helpwanted.questionnaire.yamlsource import Position

from .helpers import EXAMPLE, broken, check, codes, line_of, only

pytestmark = pytest.mark.usefixtures("each_builder")  # every test with each YAML builder (conftest.py)


def test_a_second_document_is_refused_and_nothing_of_it_is_read() -> None:
    text = EXAMPLE + "---\ntitle: {nl: x, en: y}\n"
    problem = only(check(text), "yaml")
    assert problem.message_id == "yaml.documents"
    assert problem.line == line_of(text, "---")
    assert parse_all(text).document["title"]["en"] == "Someone sends you nasty messages"


def test_a_syntax_error_in_a_second_document_is_still_found() -> None:
    found = check(EXAMPLE + "---\ntitle: [unclosed\n")
    assert [p.message_id for p in found if p.code == "yaml"] == ["yaml.documents", "yaml"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    type: info\n", "    type: !!python/object:os.system info\n"),
        ("    type: info\n", "    !custom type: info\n"),
        ("    next: where\n", "    next: !list [where]\n"),
        ("    next: where\n", "    next: where\n    extra: !!set {a: b}\n"),
    ],
)
def test_tags_are_refused_where_they_are(old: str, new: str) -> None:
    text = broken(old, new)
    tagged = [p for p in check(text) if p.message_id == "yaml.tag"]
    assert tagged and {p.line for p in tagged} == {line_of(text, new.strip().split("\n")[-1])}


def test_allowed_tags_are_plain_strings_lists_and_mappings() -> None:
    text = broken("    type: info\n", "    type: !!str info\n")
    text = broken("    next: where\n", "    next: !!seq [where]\n", text)
    text = broken("  evidence:\n", "  evidence: !!map\n", text)
    assert "yaml" not in codes(check(text))


@pytest.mark.parametrize("key", ["{a: b}", "[a, b]", "true", "null", "~", "*anchor"])
def test_a_key_must_be_a_word_or_a_number(key: str) -> None:
    text = broken("    multiple: true\n", f"    ? {key}\n    : 1\n    multiple: true\n")
    problem = only(check(text), "yaml")
    assert problem.message_id == "yaml.key"
    assert problem.line == line_of(text, f"? {key}")


def test_a_number_is_a_key_too() -> None:
    text = broken("    multiple: true\n", "    multiple: true\n    12: x\n")
    assert only(check(text), "unknown-key").arguments["key"] == "12"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("true", True),
        ("False", False),
        ("TRUE", True),
        ("yes", "yes"),  # YAML 1.2: an option id 'yes' stays a word
        ("no", "no"),
        ("on", "on"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("''", ""),
        ("12", 12),
        ("-3", -3),
        ("+5", 5),
        ("'12'", "12"),
        ('"true"', "true"),
        ("1.5", "1.5"),
        ("0x1f", "0x1f"),
        ("12a", "12a"),
    ],
)
def test_plain_words_are_read_the_yaml_1_2_way(written: str, read: object) -> None:
    document = parse_all(f"value: {written}\n").document
    assert document["value"] == read and type(document["value"]) is type(read)


def test_every_value_and_key_keeps_its_place() -> None:
    document = parse_all("a:\n  - x\n  -  {b: 1}\nc: 2\n").document
    assert document.position == Position(1, 1)
    assert document.at("a") == Position(2, 3) and document.key_at("a") == Position(1, 1)
    assert document["a"].at(0) == Position(2, 5) and document["a"].at(1) == Position(3, 6)
    assert document["a"][1].key_at("b") == Position(3, 7)
    assert document.at("c") == Position(4, 4) and document.key_at("c") == Position(4, 1)
    assert document.at("missing") == Position(1, 1)  # an absent key: the mapping's own place


def test_an_empty_file_is_a_document_of_nothing() -> None:
    assert parse_all("").document is None
    assert parse_all("# only a comment\n").document is None
