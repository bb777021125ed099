"""Scenarios: given these answers, the walk must end at the expected outcome."""

from __future__ import annotations

from collections.abc import Callable

from .engine import InvalidAnswer, ProgressError, answer, start, walk
from .model import Answers, Kind, Node, Tree
from .problems import ProblemList

Complaint = tuple[str, dict[str, str]]
"""A messages.MESSAGES id (a scenario-failed.* one) and its arguments."""


def run_scenario(tree: Tree, answers: Answers, tick: Callable[[], None] = lambda: None) -> tuple[Node, list[Complaint]]:
    """Walk with the given answers; return where the walk stops and any complaints.

    Raises ProgressError when the tree itself stops the walk (a route to a missing node, a loop:
    `walk` never goes round more often than there are nodes); such a tree has errors of its own.
    tick is called before every step: each step walks the path from the start again, so one
    scenario through a long chain of questions costs the square of its length (1,500 questions:
    20 s), and the checker's time budget must be able to stop it part-way.
    """
    progress = start(tree)
    complaints: list[Complaint] = []
    while True:
        tick()
        current = walk(tree, progress)
        node = current.current
        if current.finished:
            break
        if node.kind is Kind.INFO:
            choice: tuple[str, ...] = ()
        elif node.id in answers:
            choice = answers[node.id]
        else:
            complaints.append(("scenario-failed.no-answer", {"node": node.id}))
            break
        try:
            progress = answer(tree, progress, node.id, choice)
        except InvalidAnswer:
            complaints.append(("scenario-failed.bad-answer", {"node": node.id, "answer": "/".join(choice)}))
            break
    unused = set(answers) - set(walk(tree, progress).path)
    if unused:
        complaints.append(("scenario-failed.off-path", {"nodes": ", ".join(sorted(unused))}))
    return node, complaints


def check_scenarios(tree: Tree, problems: ProblemList) -> None:
    """Every scenario reaches its outcome; warn about outcomes no scenario reaches."""
    covered = set()
    walks_broken = tree.start not in tree.nodes or bool(tree.damaged)
    for scenario in tree.scenarios:
        problems.tick(scenario.position)
        if scenario.expect not in tree.nodes or tree.nodes[scenario.expect].kind is not Kind.OUTCOME:
            problems.error(
                scenario.position, "scenario-failed.unknown-outcome", scenario=scenario.name, expect=scenario.expect
            )
            continue
        if tree.start not in tree.nodes:
            continue  # there is no walk at all: reported as missing-start or unknown-target
        try:
            reached, complaints = run_scenario(tree, scenario.answers, problems.tick)
        except ProgressError:
            walks_broken = True
            continue  # the tree stops the walk: a missing node or a loop, reported by its own check
        for message_id, args in complaints:
            problems.error(scenario.position, message_id, scenario=scenario.name, **args)
        if not complaints and reached.id != scenario.expect:
            problems.error(
                scenario.position, "scenario-failed", scenario=scenario.name, reached=reached.id, expect=scenario.expect
            )
        if not complaints and reached.id == scenario.expect:
            covered.add(reached.id)
    if walks_broken:
        return  # which outcomes the scenarios would reach is not known
    for node in tree.outcomes:
        if node.id not in covered:
            problems.warning(node.position, "outcome-without-scenario", node=node.id)
