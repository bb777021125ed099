"""Every rule a questionnaire must pass before a visitor may see it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .engine import run_scenario
from .markdown import markdown_problems
from .model import Condition, Kind, Node, Route, Text, Tree
from .problems import ProblemList
from .rules import check_content, site_rules

MAX_SENTENCE_WORDS = 20
MAX_PARAGRAPH_SENTENCES = 4
NOT_ANSWERED = ""
State = dict[str, frozenset[str]]


@dataclass(frozen=True)
class Context:
    """What a tree may refer to outside itself; None means: not known, not checked."""

    questionnaires: frozenset[str] | None = None
    contacts: frozenset[str] | None = None
    content_rules: bool = True  # the site-wide content rules (rules.py); off only to test the format alone


def check_tree(tree: Tree, problems: ProblemList, context: Context | None = None) -> None:
    """Add every problem of tree to problems."""
    context = context or Context()
    structure_ok = _check_structure(tree, problems)
    _check_blocks_and_tags(tree, problems, context)
    _check_texts(tree, problems)
    if context.content_rules:
        check_content(tree, problems, site_rules(), (text for text, _ in visitor_texts(tree)))
    if not structure_ok:
        return
    reachable = _check_reachable(tree, problems)
    if _check_cycles(tree, problems, reachable):
        _check_conditions(tree, problems)
        _check_safety(tree, problems)
        _check_scenarios(tree, problems)


def _check_structure(tree: Tree, problems: ProblemList) -> bool:
    """Start, targets, options and routes; False when walking the tree is unsafe."""
    before = len(problems)
    start_position = tree.title.position
    if not tree.start:
        problems.error(start_position, "missing-start", "the questionnaire has no 'start'")
    elif tree.start not in tree.nodes:
        problems.error(start_position, "unknown-target", f"start {tree.start!r} is not a node")
    for node in tree.nodes.values():
        for route in node.all_routes():
            if route.target not in tree.nodes:
                problems.error(route.position, "unknown-target", f"{node.id!r} leads to unknown node {route.target!r}")
        _check_node_routes(node, problems)
    return not any(p.severity.value == "error" for p in problems[before:])


def _check_node_routes(node: Node, problems: ProblemList) -> None:
    if node.kind is Kind.QUESTION:
        seen: set[str] = set()
        for option in node.options:
            if option.id in seen:
                problems.error(option.position, "duplicate-id", f"option id {option.id!r} is used twice in {node.id!r}")
            seen.add(option.id)
            if not node.multiple and not option.routes and not node.routes:
                problems.error(
                    option.position, "option-without-route", f"option {option.id!r} of {node.id!r} leads nowhere"
                )
            if node.multiple and option.routes:
                problems.error(
                    option.position, "schema", "options of a multiple-choice question route via the question's 'next'"
                )
            _check_default(option.routes, problems)
        if len(node.options) < 2:
            problems.error(node.position, "dead-end", f"question {node.id!r} needs at least two options")
    if (node.kind is Kind.INFO or (node.kind is Kind.QUESTION and node.multiple)) and not node.routes:
        problems.error(node.position, "dead-end", f"{node.kind.value} {node.id!r} has no 'next'")
    _check_default(node.routes, problems)


def _check_default(routes: tuple[Route, ...], problems: ProblemList) -> None:
    if routes and routes[-1].when is not None:
        problems.error(
            routes[-1].position,
            "no-default-route",
            "the last route needs no 'when', so that a visitor is never stuck",
        )


def _check_reachable(tree: Tree, problems: ProblemList) -> set[str]:
    reachable = {tree.start}
    queue = [tree.start]
    while queue:
        for route in tree.nodes[queue.pop()].all_routes():
            if route.target not in reachable:
                reachable.add(route.target)
                queue.append(route.target)
    for node in tree.nodes.values():
        if node.id not in reachable:
            problems.warning(node.position, "unreachable", f"node {node.id!r} cannot be reached from the start")
    return reachable


def _check_cycles(tree: Tree, problems: ProblemList, reachable: set[str]) -> bool:
    """Report each loop once; True when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found = False
    for root in [tree.start, *tree.nodes]:
        if root in state:
            continue
        stack = [(root, iter(tree.nodes[root].all_routes()))]
        state[root] = 1
        while stack:
            node_id, routes = stack[-1]
            route = next(routes, None)
            if route is None:
                state[node_id] = 2
                stack.pop()
            elif state.get(route.target) == 1:
                found = True
                loop = [n for n, _ in stack][[n for n, _ in stack].index(route.target) :]
                problems.error(route.position, "cycle", f"loop: {' → '.join([*loop, route.target])}")
            elif route.target not in state:
                state[route.target] = 1
                stack.append((route.target, iter(tree.nodes[route.target].all_routes())))
    return not found


def _topological(tree: Tree) -> list[str]:
    incoming = {node_id: 0 for node_id in tree.nodes}
    for node in tree.nodes.values():
        for route in node.all_routes():
            incoming[route.target] += 1
    ready = [node_id for node_id, count in incoming.items() if count == 0]
    order = []
    while ready:
        node_id = ready.pop()
        order.append(node_id)
        for route in tree.nodes[node_id].all_routes():
            incoming[route.target] -= 1
            if incoming[route.target] == 0:
                ready.append(route.target)
    return order


def _merge(into: State | None, state: State) -> State:
    if into is None:
        return dict(state)
    keys = set(into) | set(state)
    empty = frozenset({NOT_ANSWERED})
    return {key: into.get(key, empty) | state.get(key, empty) for key in keys}


def _narrow(state: State, condition: Condition | None, tree: Tree) -> State:
    if condition is None:
        return state
    narrowed = dict(state)
    for question, options in condition.requires:
        node = tree.nodes.get(question)
        if node is not None and not node.multiple:
            narrowed[question] = narrowed.get(question, frozenset({NOT_ANSWERED})) & options
    return narrowed


def _check_conditions(tree: Tree, problems: ProblemList) -> None:
    """Each condition names real questions and options and can hold on some path."""
    reaching: dict[str, State] = {tree.start: {}}
    for node_id in _topological(tree):
        node = tree.nodes[node_id]
        state = reaching.get(node_id)
        if state is None:
            continue  # unreachable, reported already
        for step in node.all_steps():
            _check_condition(step.when, state, tree, problems)
        if node.kind is Kind.QUESTION:
            chosen = frozenset(o.id for o in node.options)
            for route in node.routes:  # shared routes: the condition may use any option
                _check_condition(route.when, {**state, node.id: chosen}, tree, problems)
        for after, routes in _branches(node, state):
            for route in routes:
                if node.kind is not Kind.QUESTION or route not in node.routes:
                    _check_condition(route.when, after, tree, problems)
                reaching[route.target] = _merge(reaching.get(route.target), _narrow(after, route.when, tree))


def _branches(node: Node, state: State) -> list[tuple[State, tuple[Route, ...]]]:
    """The answer states leaving a node, each with the routes it may take."""
    if node.kind is Kind.QUESTION and not node.multiple:
        return [({**state, node.id: frozenset({o.id})}, o.routes or node.routes) for o in node.options]
    if node.kind is Kind.QUESTION:
        return [({**state, node.id: frozenset(o.id for o in node.options)}, node.routes)]
    return [(state, node.routes)]


def _check_condition(condition: Condition | None, state: State, tree: Tree, problems: ProblemList) -> None:
    if condition is None:
        return
    for question, options in condition.requires:
        node = tree.nodes.get(question)
        if node is None or node.kind is not Kind.QUESTION:
            problems.error(condition.position, "unknown-question", f"condition names unknown question {question!r}")
            continue
        unknown = sorted(o for o in options if node.option(o) is None)
        if unknown:
            problems.error(
                condition.position,
                "unknown-option",
                f"question {question!r} has no option {', '.join(map(repr, unknown))}",
            )
        elif not (state.get(question, frozenset({NOT_ANSWERED})) & options):
            problems.error(
                condition.position,
                "condition-never-holds",
                f"on no path to here is {question!r} answered with {' or '.join(sorted(options))}",
            )


def _check_blocks_and_tags(tree: Tree, problems: ProblemList, context: Context) -> None:
    used: set[str] = set()
    required = {block.id for block in tree.blocks.values() if block.required}
    for node in tree.outcomes:
        included = set()
        for step in node.all_steps():
            if step.block is not None:
                used.add(step.block)
                if step.block not in tree.blocks:
                    problems.error(step.position, "unknown-block", f"there is no block {step.block!r}")
                elif step.when is None:
                    included.add(step.block)
            for contact in step.contacts:
                if context.contacts is not None and contact not in context.contacts:
                    problems.error(step.position, "unknown-contact", f"there is no help channel {contact!r}")
        for block_id in sorted(required - included):
            problems.error(
                node.position, "missing-required-block", f"outcome {node.id!r} must include block {block_id!r}"
            )
        if not node.all_steps():
            problems.error(node.position, "schema", f"outcome {node.id!r} has no steps")
        _check_tags(node, problems)
        for other in node.see_also:
            if context.questionnaires is not None and other not in context.questionnaires:
                problems.error(
                    node.position, "unknown-questionnaire", f"see_also names unknown questionnaire {other!r}"
                )
    for block in tree.blocks.values():
        if block.id not in used:
            problems.warning(block.position, "unused-block", f"block {block.id!r} is not used")


def _check_tags(node: Node, problems: ProblemList) -> None:
    if not node.tags.get("topic"):
        problems.error(node.position, "missing-tag", f"outcome {node.id!r} needs a 'topic' tag")
    urgency = node.tags.get("urgency")
    if urgency not in ("urgent", "high", "normal"):
        problems.error(node.position, "missing-tag", f"outcome {node.id!r} needs 'urgency': urgent, high or normal")


def _check_safety(tree: Tree, problems: ProblemList) -> None:
    first = tree.nodes[tree.start]
    if not first.safety:
        problems.warning(
            first.position, "no-safety-interrupt", "the first node should be the safety question (safety: true)"
        )
    for node in tree.nodes.values():
        if node.safety:
            targets = [tree.nodes[route.target] for route in node.all_routes()]
            if not any(t.kind is Kind.OUTCOME and t.tags.get("urgency") == "urgent" for t in targets):
                problems.error(
                    node.position,
                    "safety-without-urgent-help",
                    "a safety question must lead straight to an urgent outcome",
                )


def _check_scenarios(tree: Tree, problems: ProblemList) -> None:
    covered = set()
    for scenario in tree.scenarios:
        if scenario.expect not in tree.nodes or tree.nodes[scenario.expect].kind is not Kind.OUTCOME:
            problems.error(
                scenario.position,
                "scenario-failed",
                f"scenario {scenario.name!r} expects unknown outcome {scenario.expect!r}",
            )
            continue
        reached, complaints = run_scenario(tree, scenario.answers)
        if reached.id != scenario.expect or complaints:
            detail = "; ".join([f"reached {reached.id!r}, expected {scenario.expect!r}", *complaints])
            problems.error(scenario.position, "scenario-failed", f"scenario {scenario.name!r}: {detail}")
        else:
            covered.add(reached.id)
    for node in tree.outcomes:
        if node.id not in covered:
            problems.warning(node.position, "outcome-without-scenario", f"no scenario reaches outcome {node.id!r}")


def visitor_texts(tree: Tree) -> Iterable[tuple[Text, bool]]:
    """Every visitor-facing text, with whether it is Markdown."""
    yield tree.title, False
    yield tree.summary, False
    for block in tree.blocks.values():
        yield block.text, True
    for node in tree.nodes.values():
        yield node.title, False
        if node.text is not None:
            yield node.text, True
        for option in node.options:
            yield option.label, False
            if option.hint is not None:
                yield option.hint, False
        for step in node.all_steps():
            if step.text is not None:
                yield step.text, True


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_PARAGRAPH = re.compile(r"\n\s*\n|" + _LIST_ITEM.pattern, re.MULTILINE)
_EMPHASIS = re.compile(r"[*_]{1,2}")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“\"'(])")


def _check_texts(tree: Tree, problems: ProblemList) -> None:
    for text, is_markdown in visitor_texts(tree):
        for language, source in text.by_language.items():
            if is_markdown:
                for message in markdown_problems(source):
                    problems.error(text.position, "unsafe-markdown", f"{language}: {message}")
            _check_plain_language(source, language, text, problems)


def _check_plain_language(source: str, language: str, text: Text, problems: ProblemList) -> None:
    plain = _EMPHASIS.sub("", source)  # emphasis would hide where sentences end
    for paragraph in _PARAGRAPH.split(plain):
        sentences = [s for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]
        if len(sentences) > MAX_PARAGRAPH_SENTENCES:
            problems.warning(
                text.position,
                "long-paragraph",
                f"{language}: a paragraph has {len(sentences)} sentences "
                f"(at most {MAX_PARAGRAPH_SENTENCES}): {paragraph.strip()[:40]!r}…",
            )
        for sentence in sentences:
            words = len(_WORD.findall(_LINK_TARGET.sub("]", sentence)))
            if words > MAX_SENTENCE_WORDS:
                problems.warning(
                    text.position,
                    "long-sentence",
                    f"{language}: a sentence has {words} words "
                    f"(at most {MAX_SENTENCE_WORDS}): {sentence.strip()[:40]!r}…",
                )
