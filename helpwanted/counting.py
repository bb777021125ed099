"""What is counted, and along which dimensions: the privacy rules of the usage counters.

A database reader must not be able to put one visit back together. So (docs/privacy.md):

- every counter is kept per **month**, never per day;
- the language is counted only with starts and completions, never with a question, answer or outcome;
- an outcome is counted per questionnaire only (no version, no language), so it cannot be joined to a
  rare language or a short-lived version;
- the answers (`answer`) of one visit go through usage.count_mixed: the spool holds them, summed,
  until COUNT_MIX_VISITS visits on the machine have added theirs, so no write carries one visit's;
- the path (`reach`) is counted one page at a time, so it is held in this process's memory and
  written in groups covering at least COUNT_MIX_VISITS starts of the same questionnaire version.

usage.py decides *how* increments reach the database; this module decides *what* they are.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask import Flask, current_app

from .i18n import current_language
from .questionnaire import Progress, Tree
from .usage import CounterKey, count, count_mixed

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


@dataclass
class Pool:
    """Reach increments of one questionnaire version held back until enough visits can be mixed."""

    visits: int = 0
    held: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (event, node, option) → n


class Mixer:
    """Per process: the held reach increments, per questionnaire version (lost if the process stops)."""

    def __init__(self, visits: int) -> None:
        self.size = max(1, visits)
        self.pools: dict[tuple[str, str, str], Pool] = {}
        self.lock = threading.Lock()

    def add(self, kind: str, tree: Tree, increments: list[tuple[str, str, str]], new_visit: bool) -> None:
        """Hold increments; once the pool holds enough visits, count all of it in this month."""
        with self.lock:
            pool = self.pools.setdefault((kind, tree.id, tree.version), Pool())
            pool.visits += int(new_visit)
            pool.held.update(increments)
            if pool.visits < self.size and self.size > 1:
                return  # (a group of one visit, COUNT_MIX_VISITS = 1, is written at once: no mixing)
            released, self.pools[(kind, tree.id, tree.version)] = pool, Pool()
        keys = [
            counter(event, tree.id, tree.version, node=node, option=option)
            for (event, node, option), amount in sorted(released.held.items())
            for _ in range(amount)
        ]
        count(*keys)

    def held_visits(self) -> int:
        """How many visits' increments wait in memory (for the shutdown log and tests)."""
        with self.lock:
            return sum(pool.visits for pool in self.pools.values())


def init_app(app: Flask) -> None:
    """One mixer per process; COUNT_MIX_VISITS is the group size."""
    app.config.setdefault("COUNT_MIX_VISITS", DEFAULT_MIX_VISITS)
    app.extensions["helpwanted.mixer"] = Mixer(int(app.config["COUNT_MIX_VISITS"]))


def mixer() -> Mixer:
    """This app's mixer."""
    return current_app.extensions["helpwanted.mixer"]


def visit_started(tree: Tree) -> None:
    """A visit started tree: counted at once (month, version, language); opens a reach group slot."""
    count(counter("start", tree.id, tree.version, current_language()))
    mixer().add("reach", tree, [], new_visit=True)


def node_reached(tree: Tree, node: str) -> None:
    """A question or page was shown: held with the reach increments of other visits."""
    mixer().add("reach", tree, [("reach", node, "")], new_visit=False)


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
