"""What is counted, and along which dimensions: the privacy rules of the usage counters.

A database reader must not be able to put one visit back together. So (docs/privacy.md):

- every counter is kept per **month**, never per day;
- the language is counted only with starts and completions, never with a question, answer or outcome;
- an outcome is counted per questionnaire only (no version, no language), so it cannot be joined to a
  rare language or a short-lived version;
- the answers (`answer`) of one visit go through usage.count_mixed: the spool holds them, summed,
  until COUNT_MIX_VISITS visits on the machine have added theirs, so no write carries one visit's;
- the path (`reach`) is counted one page at a time, so it goes to a spool pool per questionnaire
  version (usage.count_held) and is written only once the pool covers COUNT_MIX_VISITS starts.

usage.py decides *how* increments reach the database; this module decides *what* they are.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, current_app

from .i18n import current_language
from .questionnaire import Progress, Tree
from .usage import CounterKey, count, count_held, count_mixed

# The columns each event may fill; usage rows leave every other column empty ("").
DIMENSIONS: dict[str, frozenset[str]] = {
    "start": frozenset({"version", "language"}),
    "complete": frozenset({"version", "language"}),
    "outcome": frozenset({"node"}),
    "helpful": frozenset({"node", "option"}),
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


def _path_pool(tree: Tree) -> str:
    return f"reach:{tree.id}:{tree.version}"


def visit_started(tree: Tree) -> None:
    """A visit started tree: counted at once (month, version, language); one more visit in its path pool."""
    count(counter("start", tree.id, tree.version, current_language()))
    count_held(_path_pool(tree), new_visit=True)


def node_reached(tree: Tree, node: str) -> None:
    """A question or page was shown: held with the path of other visits of this version."""
    reach = counter("reach", tree.id, tree.version, node=node)
    if int(current_app.config["COUNT_MIX_VISITS"]) <= 1:
        count(reach)  # no mixing configured: a pool would hold each page until the next visit
    else:
        count_held(_path_pool(tree), reach)


def completed(tree: Tree, progress: Progress, outcome: str) -> None:
    """Advice shown: the completion and the outcome at once, the answers held until mixed with others'."""
    count(
        counter("complete", tree.id, tree.version, current_language()),
        counter("outcome", tree.id, node=outcome),
    )
    count_mixed(
        *(
            counter("answer", tree.id, tree.version, node=node, option=option)
            for node, options in progress.answers.items()
            for option in options
        )
    )


def helpful(tree: Tree, outcome: str, yes: bool) -> None:
    """A visitor said whether the advice helped: per questionnaire and outcome only."""
    count(counter("helpful", tree.id, node=outcome, option="yes" if yes else "no"))
