"""What is counted, and along which dimensions: the privacy rules of the usage counters.

A database reader must not be able to put one visit back together, not even by reading the
database twice around one visit (docs/privacy.md, attack F11). So:

- every counter is kept per **month**, never per day;
- the language is counted only with starts and completions, never with a question, answer or outcome;
- an outcome is counted per questionnaire only (no version, no language);
- "was this helpful?" is counted per questionnaire, version, outcome and yes/no, never with the language;
- **nothing is written one visit at a time**: every increment waits in the machine's durable spool
  (usage.count_held) in one of two pools per month and questionnaire version, and is written only
  together with the pool once it covers COUNT_MIX_VISITS visits:
  - the *start* pool (starts with their language, and every page reached), counted in starts;
  - the *advice* pool (completions with their language, outcomes, answers, "helpful"), counted in
    visits that got advice (a visit's first advice; a changed answer's second outcome or a later
    "helpful" rides along with whichever group is filling).
  So every change a reader can see between two reads of the table is the sum of at least that many
  visits, and no row joins a language to an outcome, an answer or a path. A pool that does not fill
  within its month is never written (at most COUNT_MIX_VISITS − 1 visits per pool, month and version),
  and is deleted from the spool after its month (usage.Counting.drop_past_pools).

usage.py decides *how* increments reach the database; this module decides *what* they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from flask import Flask, current_app

from .i18n import current_language
from .questionnaire import Kind, Progress, Tree
from .usage import CounterKey, count, count_held, know

# The columns each event may fill; usage rows leave every other column empty ("").
DIMENSIONS: dict[str, frozenset[str]] = {
    "start": frozenset({"version", "language"}),
    "complete": frozenset({"version", "language"}),
    "outcome": frozenset({"node"}),
    "helpful": frozenset({"version", "node", "option"}),
    "reach": frozenset({"version", "node"}),
    "answer": frozenset({"version", "node", "option"}),
}
MIXED = tuple(DIMENSIONS)  # every event: never written for fewer than COUNT_MIX_VISITS visits
# The two pools' names: "reach" and "answer" held only paths and answers before every event was
# pooled; spool files on running machines hold pools under these names, so they are kept.
STARTS, ADVICE = "reach", "answer"
DEFAULT_MIX_VISITS = 5


def month(today: date | None = None) -> date:
    """The counter period: the first day of the current month."""
    return (today or date.today()).replace(day=1)


def counter(
    event: str,
    questionnaire: str,
    version: str = "",
    language: str = "",
    node: str = "",
    option: str = "",
    period: date | None = None,
) -> CounterKey:
    """The counter for an event, with every dimension the event may not carry left empty.

    period: the month (month() when not given; an advice's many keys read the date once).
    """
    allowed = DIMENSIONS[event]
    return CounterKey(
        period or month(),
        questionnaire,
        version if "version" in allowed else "",
        event,
        node if "node" in allowed else "",
        option if "option" in allowed else "",
        language if "language" in allowed else "",
    )


def init_app(app: Flask) -> None:
    """COUNT_MIX_VISITS is the group size of every counter (the spool does the holding)."""
    app.config.setdefault("COUNT_MIX_VISITS", DEFAULT_MIX_VISITS)


def _pool(kind: str, tree: Tree, period: date) -> str:
    """A mixing pool: one per kind, month and questionnaire version (rows never mix two months)."""
    return f"{kind}:{period:%Y-%m}:{tree.id}:{tree.version}"


def _hold(kind: str, tree: Tree, *keys: CounterKey, new_visit: bool = False) -> None:
    """Hold keys in tree's `kind` pool; new_visit counts one more visit towards releasing it."""
    period = month()
    if (tree.id, tree.version, period) not in _KNOWN:
        if know(every_counter(tree, period, tuple(current_app.config["LANGUAGES"]))):
            _KNOWN.clear()
        _KNOWN.add((tree.id, tree.version, period))
    if int(current_app.config["COUNT_MIX_VISITS"]) <= 1:
        count(*keys)  # no mixing configured: a pool would hold each page until the next visit
    else:
        count_held(_pool(kind, tree, period), *keys, new_visit=new_visit)


_KNOWN: set[tuple[str, str, date]] = set()  # questionnaire versions and months whose counters usage knows


def every_counter(tree: Tree, period: date, languages: tuple[str, ...]) -> Iterator[CounterKey]:
    """Every counter a visit of this questionnaire version may add to in this month, in the tree's order."""
    for language in languages:
        yield counter("start", tree.id, tree.version, language, period=period)
        yield counter("complete", tree.id, tree.version, language, period=period)
    for node in tree.nodes.values():
        if node.kind is Kind.OUTCOME:
            yield counter("outcome", tree.id, node=node.id, period=period)
            for option in ("yes", "no"):
                yield counter("helpful", tree.id, tree.version, node=node.id, option=option, period=period)
            continue
        yield counter("reach", tree.id, tree.version, node=node.id, period=period)
        for choice in node.options:
            yield counter("answer", tree.id, tree.version, node=node.id, option=choice.id, period=period)


def visit_started(tree: Tree) -> None:
    """A visit started tree (month, version, language): one more visit in its start pool."""
    _hold(STARTS, tree, counter("start", tree.id, tree.version, current_language()), new_visit=True)


def node_reached(tree: Tree, node: str) -> None:
    """A question or page was shown: held with the starts and paths of other visits of this version."""
    _hold(STARTS, tree, counter("reach", tree.id, tree.version, node=node))


def completed(tree: Tree, progress: Progress, outcome: str, first: bool = True) -> None:
    """Advice shown: the completion, its outcome and the answers, held until mixed with other visits'.

    first: the visit's first advice (a visit that changes an answer and sees a second outcome
    counts that too, but is still one visit towards releasing the pool).
    """
    period = month()
    answers = (
        counter("answer", tree.id, tree.version, node=node, option=option, period=period)
        for node, options in progress.answers.items()
        for option in options
    )
    keys = (
        counter("complete", tree.id, tree.version, current_language(), period=period),
        counter("outcome", tree.id, node=outcome, period=period),
    )
    _hold(ADVICE, tree, *keys, *answers, new_visit=first)


def helpful(tree: Tree, outcome: str, yes: bool) -> None:
    """A visitor said whether the advice helped (no language): held in the advice pool."""
    _hold(ADVICE, tree, counter("helpful", tree.id, tree.version, node=outcome, option="yes" if yes else "no"))
