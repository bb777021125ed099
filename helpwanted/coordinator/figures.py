"""Every number one usage report publishes, registered with what a reader knows about them.

The dashboard, the questionnaire pages, the printable summary, the CSV and the xlsx of one set of
filters all read the same Numbers, so a number hidden in one is hidden in all (suppression.py).
Keys are tuples: (event, kind, month or "*", *ids); "*" is the whole chosen period.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..questionnaire import Tree
from ..questionnaire.graph import all_paths
from ..questionnaire.model import Kind
from .suppression import COMPLEMENT, SMALL, Disclosure

ALL = "*"
FLOW_KINDS = {"all": (), "questionnaire": (1,), "version": (1, 2), "language": (3,)}


@dataclass(frozen=True)
class Shown:
    """A published number: its value only when it may be shown."""

    value: int
    status: str
    threshold: int

    @property
    def number(self) -> int | None:
        """The value, or None when hidden."""
        return None if self.status else self.value

    @property
    def csv(self) -> str:
        """'<5' (below the threshold), 'x' (hidden so that another cannot be worked out) or the value."""
        return {SMALL: f"<{self.threshold}", COMPLEMENT: "x"}.get(self.status, str(self.value))

    def __str__(self) -> str:
        return {SMALL: f"< {self.threshold}", COMPLEMENT: "x"}.get(self.status, str(self.value))


@dataclass
class Numbers:
    """The Disclosure of one report plus the sums it was built from."""

    disclosure: Disclosure
    months: list[str]  # the chosen months with counts, 'YYYY-MM'

    def get(self, key: Hashable) -> Shown | None:
        """The published number under key, or None when nothing was counted."""
        if key not in self.disclosure.values:
            return None
        return Shown(self.disclosure.values[key], self.disclosure.status(key), self.disclosure.threshold)

    def zero(self, key: Hashable) -> Shown:
        """The published number under key, 0 when nothing was counted."""
        return self.get(key) or Shown(0, "", self.disclosure.threshold)

    def keys(self, prefix: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Published keys that start with prefix, sorted."""
        size = len(prefix)
        found = [k for k in self.disclosure.values if isinstance(k, tuple) and k[:size] == prefix]
        return sorted(found, key=lambda k: tuple(map(str, k)))


def _publish(report: Disclosure, sums: dict[tuple[Any, ...], int]) -> None:
    for key, value in sums.items():
        report.number(key, value)


def _relate(report: Disclosure, sums: Iterable[tuple[Any, ...]], parent: Any) -> None:
    """total = Σ parts for each parent, one relation per kind of part (questionnaires and languages
    are two different splits of the same total)."""
    children: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in sums:
        up = parent(key)
        if up is not None:
            children[(up, key[:2])].append(key)
    for (total, _), parts in children.items():
        report.total(total, parts)


def add_flows(report: Disclosure, event: str, rows: Sequence[tuple[Any, ...]], chosen: set[str]) -> None:
    """Starts or completions per month and period: in all, per questionnaire, version and language."""
    sums: dict[tuple[Any, ...], int] = defaultdict(int)
    for month, *dims, count in rows:
        if month not in chosen:
            continue
        for kind, picks in FLOW_KINDS.items():
            ids = tuple(dims[i - 1] for i in picks)
            sums[(event, kind, month, *ids)] += count
            sums[(event, kind, ALL, *ids)] += count
    _publish(report, sums)
    _relate(report, sums, lambda k: (*k[:2], ALL, *k[3:]) if k[2] != ALL else None)  # months → period
    _relate(report, sums, lambda k: (event, "all", k[2]) if k[1] in ("questionnaire", "language") else None)
    _relate(report, sums, lambda k: (event, "questionnaire", k[2], k[3]) if k[1] == "version" else None)


def add_outcomes(report: Disclosure, rows: Sequence[tuple[Any, ...]], chosen: set[str], tags: Any) -> None:
    """Completions per outcome (month and period), per topic and per urgency; they add up to completions."""
    sums: dict[tuple[Any, ...], int] = defaultdict(int)
    for month, questionnaire, outcome, count in rows:
        if month in chosen:
            sums[("outcome", month, questionnaire, outcome)] += count
            sums[("outcome", ALL, questionnaire, outcome)] += count
    period = [k for k in sums if k[1] == ALL]
    for key in period:
        topic, urgency = tags(key[2], key[3])
        sums[("topic", ALL, topic)] += sums[key]
        sums[("urgency", ALL, urgency)] += sums[key]
    _publish(report, sums)
    _relate(report, sums, lambda k: ("outcome", ALL, *k[2:]) if k[0] == "outcome" and k[1] != ALL else None)
    _relate(report, sums, lambda k: ("complete", "questionnaire", k[1], k[2]) if k[0] == "outcome" else None)
    for tag in ("topic", "urgency"):
        report.total(("complete", "all", ALL), [k for k in sums if k[0] == tag])
    _relate_tags(report, period, tags)


def _relate_tags(report: Disclosure, period: list[tuple[Any, ...]], tags: Any) -> None:
    parts: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in period:
        topic, urgency = tags(key[2], key[3])
        parts[("topic", ALL, topic)].append(key)
        parts[("urgency", ALL, urgency)].append(key)
    for total, members in parts.items():
        report.total(total, members)


def add_helpful(report: Disclosure, rows: Sequence[tuple[Any, ...]], chosen: set[str]) -> None:
    """'Was this helpful?' yes and no per month, outcome and version, and per outcome over the period
    (all versions): the period's figure is the sum of the months'."""
    sums: dict[tuple[Any, ...], int] = defaultdict(int)
    for month, questionnaire, version, outcome, answer, count in rows:
        if month in chosen:
            sums[("helpful", month, questionnaire, version, outcome, answer)] += count
            sums[("helpful", ALL, questionnaire, outcome, answer)] += count
    _publish(report, sums)
    parts: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in sums:
        if key[1] != ALL:
            parts[("helpful", ALL, key[2], key[4], key[5])].append(key)
    for total, members in parts.items():
        report.total(total, members)


def add_paths(
    report: Disclosure, reach: Sequence[tuple[Any, ...]], answers: Sequence[tuple[Any, ...]], chosen: set[str]
) -> None:
    """Visits that reached each node and the answers chosen, per questionnaire version and period."""
    sums: dict[tuple[Any, ...], int] = defaultdict(int)
    for event, rows in (("reach", reach), ("answer", answers)):
        for month, questionnaire, version, node, option, count in rows:
            if month in chosen:
                key = (
                    (event, ALL, questionnaire, version, node, option)
                    if event == "answer"
                    else (event, ALL, questionnaire, version, node)
                )
                sums[key] += count
    _publish(report, sums)


ALL_SETS = 6  # versions with the age question up to which relate_ages relates every set of them
AGE_QUESTIONS = ("my-age", "age")  # the visitor's age now (the visitor's convention), my-age first
AGE_GROUPS = {"under18": "under18", "adult": "adult", "was-under18": "adult"}  # was-under18: 18+ now


def add_ages(report: Disclosure) -> None:
    """The visitors' age now, from the answers to a questionnaire's age question: each group is a sum
    of published answer numbers, and registered as such so that suppression covers it too."""
    answers = [k for k in report.values if isinstance(k, tuple) and k[:2] == ("answer", ALL)]
    asked = {(k[2], k[3], k[4]) for k in answers}
    parts: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in answers:
        q, v, node, option = key[2:]
        first = next(n for n in AGE_QUESTIONS if (q, v, n) in asked or n == "age")
        if node == first and option in AGE_GROUPS:
            parts[("age", ALL, AGE_GROUPS[option])].append(key)
    for total, members in parts.items():
        report.number(total, sum(report.values[k] for k in members))
        report.total(total, members)


def relate_ages(report: Disclosure, multiple: set[tuple[str, str, str]]) -> None:
    """What a reader gets by putting the age groups and the visits shown the age question together: for
    any set of versions, a group + those versions' other answers = their visits + the group's answers
    in the other versions (e.g. two '< 5' under 8 visits are both 4). It follows from the relations
    registered already, so the exact solver learns nothing new, but interval bounds on single
    relations miss it. Every set of versions up to ALL_SETS versions, else each one and all."""
    groups = [k for k in report.values if isinstance(k, tuple) and k[:2] == ("age", ALL)]
    inside: dict[Any, set[Any]] = {g: {k for r in report.relations if r.left == (g,) for k in r.right} for g in groups}
    nodes = sorted({tuple(k[2:5]) for parts in inside.values() for k in parts})
    if not nodes or set(nodes) & multiple:
        return
    answers = [k for k in report.values if isinstance(k, tuple) and k[:2] == ("answer", ALL) and tuple(k[2:5]) in nodes]
    sizes = range(1, len(nodes) + 1) if len(nodes) <= ALL_SETS else (1, len(nodes))
    for chosen in [[g] for g in groups] + ([groups] if len(groups) > 1 else []):
        mine: set[Any] = set().union(*(inside[g] for g in chosen))
        for size in sizes:
            for versions in itertools.combinations(nodes, size):
                rest = [k for k in answers if tuple(k[2:5]) in versions and k not in mine]
                elsewhere = [k for k in mine if tuple(k[2:5]) not in versions]
                report.same([*chosen, *rest], [*(("reach", ALL, *v) for v in versions), *elsewhere])


def relate_reach(report: Disclosure, multiple: set[tuple[str, str, str]]) -> None:
    """A question's answers add up to the visits shown it — for every counted version, also one
    whose tree can no longer be read (a reader does not need the tree to add them up); not for a
    question with several answers per visit (multiple, when the tree is known)."""
    answers: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for key in list(report.values):
        if isinstance(key, tuple) and key[:2] == ("answer", ALL) and tuple(key[2:5]) not in multiple:
            answers[("reach", ALL, *key[2:5])].append(key)
    for reach, parts in answers.items():
        report.total(reach, parts)


def multiple_choice(tree: Tree) -> set[tuple[str, str, str]]:
    """(questionnaire, version, node) of the questions where a visitor may choose several answers."""
    return {(tree.id, tree.version, n.id) for n in tree.nodes.values() if n.kind is Kind.QUESTION and n.multiple}


def relate_answers(report: Disclosure, tree: Tree, version: str, outcomes_shown: bool) -> None:
    """What a reader can infer from the routes: an answer that always leads to the same outcomes
    equals their count."""
    q = tree.id
    if not outcomes_shown:
        return
    for option_key, outcome_ids in _answer_outcomes(tree).items():
        answer = ("answer", ALL, q, version, *option_key)
        shown = [("outcome", ALL, q, o) for o in sorted(outcome_ids)]
        if answer in report.values and all(k in report.values for k in shown):
            report.same([answer], shown)


def _answer_outcomes(tree: Tree) -> dict[tuple[str, str], set[str]]:
    """(question, option) → outcomes, for options that lead to exactly the outcomes that always need them."""
    reached: dict[tuple[str, str], set[str]] = defaultdict(set)
    needs: dict[str, set[tuple[str, str]] | None] = {}
    for path in all_paths(tree, limit=2000):
        chosen = {(node, option) for node, options in path.answers for option in options}
        for pick in chosen:
            reached[pick].add(path.outcome)
        before = needs.get(path.outcome)
        needs[path.outcome] = chosen if before is None else before & chosen
    return {
        pick: outcomes
        for pick, outcomes in reached.items()
        if all(pick in (needs.get(outcome) or set()) for outcome in outcomes)
    }
