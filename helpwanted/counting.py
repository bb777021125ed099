"""What is counted, and along which dimensions: the privacy rules of the usage counters.

A database reader must not be able to put one visit back together. So (docs/privacy.md):

- every counter is kept per **month**, never per day;
- the language is counted only with starts and completions, never with a question, answer or outcome;
- an outcome is counted per questionnaire only (no version, no language), so it cannot be joined to a
  rare language or a short-lived version;
- "was this helpful?" is counted per questionnaire, version, outcome and yes/no (issue 14: an
  outcome's text changes between versions), never with the language;
- the answers (`answer`) and the path (`reach`, counted one page at a time) wait in the machine's
  durable spool (usage.count_held), in a pool per month and questionnaire version, and are written
  only once that pool covers COUNT_MIX_VISITS visits (completions for answers, starts for paths).
  So every answer and path row of a month and version stands for at least that many visits, even
  for a questionnaire or version that is rarely used; a pool that never fills in its month is
  never written (at most COUNT_MIX_VISITS − 1 visits' answers per month and version).

usage.py decides *how* increments reach the database; this module decides *what* they are.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app

from .i18n import current_language
from .questionnaire import Progress, Tree
from .usage import CounterKey, count, count_held

# The columns each event may fill; usage rows leave every other column empty ("").
DIMENSIONS: dict[str, frozenset[str]] = {
    "start": frozenset({"version", "language"}),
    "complete": frozenset({"version", "language"}),
    "outcome": frozenset({"node"}),
    "helpful": frozenset({"version", "node", "option"}),
    "reach": frozenset({"version", "node"}),
    "answer": frozenset({"version", "node", "option"}),
}
MIXED = ("reach", "answer")  # never written for fewer than COUNT_MIX_VISITS visits
DEFAULT_MIX_VISITS = 5


def month(today: date | None = None) -> date:
    """The counter period: the first day of the current month."""
    return (today or date.today()).replace(day=1)


def counter(
    event: str, questionnaire: str, version: str = "", language: str = "", node: str = "", option: str = ""
) -> CounterKey:
    """The counter for an event, with every dimension the event may not carry left empty."""
    allowed = DIMENSIONS[event]
    given = {"version": version, "language": language, "node": node, "option": option}
    kept = {name: (value if name in allowed else "") for name, value in given.items()}
    return CounterKey(month(), questionnaire, kept["version"], event, kept["node"], kept["option"], kept["language"])


def init_app(app: Flask) -> None:
    """COUNT_MIX_VISITS is the group size of answers and paths (the spool does the holding)."""
    app.config.setdefault("COUNT_MIX_VISITS", DEFAULT_MIX_VISITS)


def _pool(event: str, tree: Tree) -> str:
    """A mixing pool: one per event, month and questionnaire version (rows never mix two months)."""
    return f"{event}:{month():%Y-%m}:{tree.id}:{tree.version}"


def visit_started(tree: Tree) -> None:
    """A visit started tree: counted at once (month, version, language); one more visit in its path pool."""
    count(counter("start", tree.id, tree.version, current_language()))
    count_held(_pool("reach", tree), new_visit=True)


def node_reached(tree: Tree, node: str) -> None:
    """A question or page was shown: held with the path of other visits of this version."""
    reach = counter("reach", tree.id, tree.version, node=node)
    if int(current_app.config["COUNT_MIX_VISITS"]) <= 1:
        count(reach)  # no mixing configured: a pool would hold each page until the next visit
    else:
        count_held(_pool("reach", tree), reach)


def completed(tree: Tree, progress: Progress, outcome: str) -> None:
    """Advice shown: the completion and the outcome at once, the answers held until mixed with others'."""
    count(
        counter("complete", tree.id, tree.version, current_language()),
        counter("outcome", tree.id, node=outcome),
    )
    answers = (
        counter("answer", tree.id, tree.version, node=node, option=option)
        for node, options in progress.answers.items()
        for option in options
    )
    count_held(_pool("answer", tree), *answers, new_visit=True)


def helpful(tree: Tree, outcome: str, yes: bool) -> None:
    """A visitor said whether the advice helped: per questionnaire, version and outcome, no language."""
    count(counter("helpful", tree.id, tree.version, node=outcome, option="yes" if yes else "no"))
