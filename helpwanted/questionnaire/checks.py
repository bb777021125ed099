"""Every rule a questionnaire must pass before a visitor may see it.

All checks run on every tree, whatever else is wrong with it: each reports only what it
finds itself, so one broken node never hides a problem elsewhere (issue 15).
"""

from __future__ import annotations

from dataclasses import dataclass

from .flow import all_routes_within, check_conditions, check_cycles, check_reachable
from .model import URGENCIES, Kind, Node, Route, Tree
from .problems import ProblemList
from .rules import check_content, site_rules
from .scenarios import check_scenarios
from .textchecks import check_texts


@dataclass(frozen=True)
class Context:
    """What a tree may refer to outside itself; None means: not known, not checked."""

    questionnaires: frozenset[str] | None = None
    contacts: frozenset[str] | None = None
    content_rules: bool = True  # the site-wide content rules (rules.py); off only to test the format alone


def check_tree(tree: Tree, problems: ProblemList, context: Context | None = None) -> None:
    """Add every problem of tree to problems."""
    context = context or Context()
    check_structure(tree, problems)
    check_outcomes(tree, problems, context)
    rules = site_rules() if context.content_rules else None
    check_texts(tree, problems, rules)  # with the content rules on single texts: one walk for both
    if rules is not None:
        check_content(tree, problems, rules)
    within = all_routes_within(tree)  # each node's routes, listed once for the three graph checks
    check_reachable(tree, problems, within)
    check_cycles(tree, problems, within)
    check_conditions(tree, problems, within)
    check_safety(tree, problems)
    check_scenarios(tree, problems)


def check_structure(tree: Tree, problems: ProblemList) -> None:
    """Start, targets, options and routes."""
    start_position = tree.title.position
    if not tree.start:
        problems.error(start_position, "missing-start")
    elif tree.start not in tree.nodes and tree.start not in tree.damaged:
        problems.error(start_position, "unknown-target.start", target=tree.start)
    for node in tree.nodes.values():
        problems.tick(node.position)
        for route in node.all_routes():
            if route.target not in tree.nodes and route.target not in tree.damaged:
                problems.error(route.position, "unknown-target", node=node.id, target=route.target)
        _check_node_routes(node, problems)


def _check_node_routes(node: Node, problems: ProblemList) -> None:
    if node.kind is Kind.QUESTION:
        seen: set[str] = set()
        for option in node.options:
            if option.id in seen:
                problems.error(option.position, "duplicate-id.option", option=option.id, node=node.id)
            seen.add(option.id)
            if not node.multiple and not option.routes and not node.routes:
                problems.error(option.position, "option-without-route", option=option.id, node=node.id)
            if node.multiple and option.routes:
                problems.error(option.position, "schema.multiple-routes")
            _check_default(option.routes, problems)
        if len(node.options) < 2:
            problems.error(node.position, "dead-end.options", node=node.id)
    if (node.kind is Kind.INFO or (node.kind is Kind.QUESTION and node.multiple)) and not node.routes:
        problems.error(node.position, "dead-end", node=node.id)
    _check_default(node.routes, problems)


def _check_default(routes: tuple[Route, ...], problems: ProblemList) -> None:
    if routes and routes[-1].when is not None:
        problems.error(routes[-1].position, "no-default-route")


def check_outcomes(tree: Tree, problems: ProblemList, context: Context) -> None:
    """Blocks, contacts, tags and links of every outcome; unused blocks."""
    used: set[str] = set()
    required = {block.id for block in tree.blocks.values() if block.required}
    for node in tree.outcomes:
        problems.tick(node.position)
        included = set()
        for step in node.all_steps():
            if step.block is not None:
                used.add(step.block)
                if step.block not in tree.blocks:
                    problems.error(step.position, "unknown-block", block=step.block)
                elif step.when is None:
                    included.add(step.block)
            for contact in step.contacts:
                if context.contacts is not None and contact not in context.contacts:
                    problems.error(step.position, "unknown-contact", contact=contact)
        for block_id in sorted(required - included):
            problems.error(node.position, "missing-required-block", node=node.id, block=block_id)
        if not node.all_steps():
            problems.error(node.position, "schema.no-steps", node=node.id)
        _check_tags(node, problems)
        for other in node.see_also:
            if context.questionnaires is not None and other not in context.questionnaires:
                problems.error(node.position, "unknown-questionnaire", questionnaire=other)
    for block in tree.blocks.values():
        if block.id not in used:
            problems.warning(block.position, "unused-block", block=block.id)


def _check_tags(node: Node, problems: ProblemList) -> None:
    if not node.tags.get("topic"):
        problems.error(node.position, "missing-tag", node=node.id)
    if node.tags.get("urgency") not in URGENCIES:
        problems.error(node.position, "missing-tag.urgency", node=node.id, urgencies=", ".join(URGENCIES))


def check_safety(tree: Tree, problems: ProblemList) -> None:
    """The first node is the safety question; each safety question leads straight to urgent help."""
    first = tree.nodes.get(tree.start)
    if first is not None and not first.safety:
        problems.warning(first.position, "no-safety-interrupt")
    for node in tree.nodes.values():
        if node.safety:
            targets = [tree.nodes[route.target] for route in node.all_routes() if route.target in tree.nodes]
            if not any(t.kind is Kind.OUTCOME and t.tags.get("urgency") == "urgent" for t in targets):
                problems.error(node.position, "safety-without-urgent-help")
