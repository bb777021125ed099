"""The model's answers to the pages (model.py): which language a visitor reads, when a condition holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpwanted.questionnaire import SourceText, check_source
from helpwanted.questionnaire.model import Condition, Route, Text
from helpwanted.questionnaire.yamlsource import Position

from .helpers import EXAMPLE

AT = Position(1, 1)


def test_a_text_missing_in_a_language_is_read_in_the_source_language() -> None:
    text = Text({"nl": "Hallo", "en": "", "fr": "Bonjour"}, AT)
    assert text.get("fr") == "Bonjour"
    assert text.get("en") == "Hallo" and text.get("de") == "Hallo"  # empty or missing: the source language
    assert text.get("de", "fr") == "Bonjour"  # a fallback the caller names
    assert text.get("de", "") == "" and text.get("en", "") == ""  # no fallback: the content rules read each language alone
    assert text.get("de", "es") == ""
    assert Text({}, AT).get("nl") == ""


def test_a_condition_holds_when_every_question_has_one_of_its_options() -> None:
    condition = Condition((("where", frozenset({"game", "app"})), ("age", frozenset({"under18"}))), AT)
    assert condition.holds({"where": ("game",), "age": ("under18",)})
    assert condition.holds({"where": ("chat", "app"), "age": ("under18",)})  # a multiple choice: any one of them
    assert not condition.holds({"where": ("game",), "age": ("adult",)})
    assert not condition.holds({"where": ("chat",), "age": ("under18",)})
    assert not condition.holds({"age": ("under18",)})  # not asked: does not hold
    assert Condition((), AT).holds({})


def test_a_node_gives_its_options_steps_and_routes_in_the_order_shown() -> None:
    tree, _ = check_source(SourceText("example", "example.yaml", EXAMPLE))
    assert tree is not None
    safety, age, advice = tree.nodes["safety"], tree.nodes["age"], tree.nodes["chat-advice"]
    option = safety.option("no")
    assert option is not None and option.id == "no" and option.label.get("en") == "No"
    assert safety.option("maybe") is None
    assert [route.target for route in safety.all_routes()] == ["urgent", "about"]
    assert [route.target for route in age.all_routes()] == ["game-advice", "chat-advice"]
    assert [step.block or (step.text.get("en") if step.text else "") for step in advice.all_steps()] == [
        "evidence",
        "Block the person in the app.",
        "Talk about it with Helpwanted.",
        "Also tell a parent.",
        "not-your-fault",
    ]
    assert [node.id for node in tree.outcomes] == ["urgent", "chat-advice", "game-advice"]


def test_the_type_checker_refuses_a_change_to_any_field_of_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The model is immutable by type (model.py): mypy, strict as in CI, must refuse each assignment.
    from mypy import api

    monkeypatch.chdir(Path(__file__).parents[2])  # the project's root: its package and mypy settings

    snippet = tmp_path / "change.py"
    snippet.write_text(
        "from helpwanted.questionnaire.model import Block, Condition, Node, Option, Route, Scenario, Step, Text, Tree\n"
        "def change(b: Block, c: Condition, n: Node, o: Option, r: Route, s: Scenario, p: Step, t: Text, tr: Tree) -> None:\n"
        "    b.id = 'x'\n    c.requires = ()\n    n.options = ()\n    o.routes = ()\n    r.target = 'x'\n"
        "    s.expect = 'x'\n    p.contacts = ()\n    t.by_language = {}\n    tr.start = 'x'\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    report, _, status = api.run(["--strict", "--follow-imports=silent", "--cache-dir", str(cache), str(snippet)])
    refused = [line for line in report.splitlines() if "is read-only" in line]
    assert status == 1 and len(refused) == 9, report


def test_model_objects_compare_and_hash_by_value() -> None:
    one = Route("next", None, AT)
    assert one == Route("next", None, AT) and hash(one) == hash(Route("next", None, AT))
    assert one != Route("other", None, AT)
    assert len({one, Route("next", None, AT)}) == 1
    assert not hasattr(one, "__dict__")  # slotted: a large tree has 77,000 fields
