"""Properties over generated trees and arbitrary input."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpwanted.questionnaire import Kind, Severity, SourceText, answer, check_source, start, walk

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
    import json

    _, problems = _check(json.dumps(document))  # JSON is YAML
    assert problems.has_errors
