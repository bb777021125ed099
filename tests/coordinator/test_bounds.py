"""The bounds reasoning of suppression.py is the same as the plain one it replaced, only faster.

`plain_pinned` is the earlier `_pinned_by_bounds`, kept word for word: interval propagation over
every relation, every round, sums taken afresh for every number. The faster one must find exactly
the same numbers pinned on any system of relations — also on relations that do not hold exactly
(paths and answers are counted apart), where the bounds creep until the round cap — so the
protection can never be weaker than before.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable

from hypothesis import given, settings
from hypothesis import strategies as st

from helpwanted.coordinator.suppression import COMPLEMENT, SMALL, Disclosure, Relation


def plain_pinned(report: Disclosure, solved: Collection[Hashable] = ()) -> set[Hashable]:
    """The earlier implementation (quadratic sums), for comparison."""
    big = sum(report.values.values()) + 1
    low = {k: (report.values[k] if k in solved else 1) for k in report.hidden}
    high = {
        k: (report.values[k] if k in solved else report.threshold - 1 if status == SMALL else big)
        for k, status in report.hidden.items()
    }

    def bounds(key: Hashable) -> tuple[int, int]:
        return (low[key], high[key]) if key in report.hidden else (report.values[key], report.values[key])

    for _ in range(50):
        tightened = False
        for relation in report.relations:
            for side, other in ((relation.left, relation.right), (relation.right, relation.left)):
                other_low = sum(bounds(k)[0] for k in other)
                other_high = sum(bounds(k)[1] for k in other)
                for key in [k for k in side if k in report.hidden]:
                    rest_low = sum(bounds(k)[0] for k in side) - low[key]
                    rest_high = sum(bounds(k)[1] for k in side) - high[key]
                    new_low, new_high = max(low[key], other_low - rest_high), min(high[key], other_high - rest_low)
                    if (new_low, new_high) != (low[key], high[key]):
                        low[key], high[key], tightened = new_low, new_high, True
        if not tightened:
            break
    return {k for k in report.hidden if report.hidden[k] == SMALL and high[k] == low[k]}


KEYS = list(range(9))
relation = st.tuples(
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=3),
    st.lists(st.sampled_from(KEYS), min_size=1, max_size=5),
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=len(KEYS), max_size=len(KEYS)),
    st.lists(relation, min_size=1, max_size=8),
    st.lists(st.sampled_from([None, SMALL, COMPLEMENT]), min_size=len(KEYS), max_size=len(KEYS)),
    st.sets(st.sampled_from(KEYS), max_size=3),
)
def test_the_fast_bounds_pin_exactly_what_the_plain_ones_pin(
    values: list[int], relations: list[tuple[list[int], list[int]]], status: list[str | None], solved: set[int]
) -> None:
    # Any relations, consistent or not (a key may even repeat or sit on both sides): the two must agree.
    report = Disclosure(threshold=5, values=dict(enumerate(values)))
    report.relations = [Relation(tuple(left), tuple(right)) for left, right in relations]
    report.hidden = {k: s for k, s in zip(KEYS, status, strict=True) if s is not None}
    known = solved & set(report.hidden)
    assert report._pinned_by_bounds(known) == plain_pinned(report, known)


def test_relations_that_do_not_hold_creep_to_the_same_cap() -> None:
    # a + b = 10 and a + b = 11 cannot both hold: the bounds creep down a step a round, in both.
    report = Disclosure(threshold=5, values={"a": 3, "b": 7, "t": 10, "u": 11})
    report.relations = [Relation(("t",), ("a", "b")), Relation(("u",), ("a", "b"))]
    report.hidden = {"a": SMALL, "b": COMPLEMENT}
    assert report._pinned_by_bounds() == plain_pinned(report)
