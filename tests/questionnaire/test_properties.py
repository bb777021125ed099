"""Properties over generated trees and arbitrary input."""

from __future__ import annotations

import copy
import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpwanted.questionnaire import Kind, Severity, SourceText, answer, check_source, start, walk
from helpwanted.questionnaire.yamlsource import parse_yaml

from .generated import generate_tree
from .helpers import EXAMPLE


def _check(text: str):  # type: ignore[no-untyped-def]
    return check_source(SourceText("generated", "generated.yaml", text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), questions=st.integers(1, 25), outcomes=st.integers(1, 6), data=st.data())
def test_any_walk_through_a_valid_tree_ends_in_an_outcome(
    seed: int, questions: int, outcomes: int, data: st.DataObject
) -> None:
    tree, problems = _check(generate_tree(random.Random(seed), questions, outcomes))
    assert tree is not None
    assert not [p for p in problems if p.severity is Severity.ERROR], [str(p) for p in problems]
    progress = start(tree)
    for _ in range(len(tree.nodes) + 1):
        current = walk(tree, progress)
        if current.finished:
            assert current.current.kind is Kind.OUTCOME
            return
        node = current.current
        if node.multiple:
            choice = tuple(data.draw(st.lists(st.sampled_from([o.id for o in node.options]), min_size=1, unique=True)))
        else:
            choice = (data.draw(st.sampled_from([o.id for o in node.options])),)
        progress = answer(tree, progress, node.id, choice)
    raise AssertionError("the walk did not end")


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_check_never_raises_on_arbitrary_text(text: str) -> None:
    tree, problems = _check(text)  # the property: it returns, whatever the text
    if tree is None:
        assert problems.has_errors, "an unusable file must say why"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(EXAMPLE)))
def test_check_never_raises_on_truncated_yaml(cut: int) -> None:
    _, problems = _check(EXAMPLE[:cut])
    if cut <= EXAMPLE.index("  - id: urgent"):
        # Cut before the outcomes: something the questions lead to is missing, so it is an error.
        assert problems.has_errors, EXAMPLE[:cut][-60:]


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["title", "summary", "start", "nodes", "blocks", "scenarios", "x"]), yaml_values)
)
def test_check_never_raises_on_wrongly_shaped_documents(document: dict[str, object]) -> None:
    _, problems = _check(json.dumps(document))  # JSON is YAML
    assert problems.has_errors


def _paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in a parsed document: mapping keys and list indexes, outermost first."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _shape(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "flag" if isinstance(value, bool) else "word"


EXAMPLE_DOCUMENT = parse_yaml(EXAMPLE)[0]
EXAMPLE_PATHS = _paths(EXAMPLE_DOCUMENT)
WRONG_SHAPES: list[object] = [["info"], {"a": "b"}, [], {}, [[1]], [{"a": [1]}], 7, True, "x"]


def _accepts_several_shapes(path: tuple[object, ...]) -> bool:
    """`next` is a node id or a list of routes; answers and conditions take one option id or a list."""
    return path[-1] == "next" or any(key in ("when", "answers") for key in path[-3:-1])


@settings(max_examples=200, deadline=None)
@given(place=st.sampled_from(EXAMPLE_PATHS), wrong=st.sampled_from(WRONG_SHAPES))
def test_a_wrong_shape_anywhere_is_a_located_error_never_an_exception(place: tuple[object, ...], wrong: object) -> None:
    document = copy.deepcopy(EXAMPLE_DOCUMENT)
    parent = document
    for key in place[:-1]:
        parent = parent[key]
    original = parent[place[-1]]
    parent[place[-1]] = wrong
    text = json.dumps(document, indent=1)  # JSON is YAML, one value a line
    _, problems = _check(text)  # the property: it returns, whatever the shape
    lines = text.split("\n")
    for problem in problems:
        assert 1 <= problem.line <= len(lines) and problem.column >= 1, str(problem)
    if _shape(wrong) != _shape(original) and not _accepts_several_shapes(place):
        assert problems.has_errors, (place, wrong)
