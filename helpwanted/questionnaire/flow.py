"""Checks on the graph of a tree: reachability, loops, and conditions that can never hold.

These checks run even when other parts of the tree are broken: a route to a node that does
not exist (reported by the structure check) is simply not followed, so one bad node never
hides a loop or an impossible condition elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Condition, Kind, Node, Route, Step, Tree
from .problems import ProblemList

NOT_ANSWERED = ""
State = dict[str, frozenset[str]]
_UNANSWERED = frozenset({NOT_ANSWERED})
_NOTHING: frozenset[str] = frozenset()
_NO_ANSWERS: State = {}  # (shared: a state is never changed in place)


def routes_within(tree: Tree, node: Node) -> list[Route]:
    """The node's routes that lead to a node of the tree."""
    return [route for route in node.all_routes() if route.target in tree.nodes]


Within = Mapping[str, list[Route]]
"""routes_within of every node, by node id: the three graph checks read it once between them."""


def all_routes_within(tree: Tree) -> Within:
    """routes_within for every node of the tree."""
    return {node_id: routes_within(tree, node) for node_id, node in tree.nodes.items()}


def check_reachable(tree: Tree, problems: ProblemList, within: Within | None = None) -> set[str]:
    """Warn about nodes no path from the start reaches; return the reachable ids."""
    if tree.start not in tree.nodes:
        return set()  # reported as missing-start or unknown-target
    within = all_routes_within(tree) if within is None else within
    reachable = {tree.start}
    queue = [tree.start]
    while queue:
        for route in within[queue.pop()]:
            if route.target not in reachable:
                reachable.add(route.target)
                queue.append(route.target)
    if tree.damaged:
        return reachable  # an unreadable node may lead anywhere: nothing can be called unreachable
    for node in tree.nodes.values():
        if node.id not in reachable:
            problems.warning(node.position, "unreachable", node=node.id)
    return reachable


def check_cycles(tree: Tree, problems: ProblemList, within: Within | None = None) -> None:
    """Report each loop once, at the route that closes it."""
    within = all_routes_within(tree) if within is None else within
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    roots = [tree.start] if tree.start in tree.nodes else []
    for root in [*roots, *tree.nodes]:
        if root in state:
            continue
        problems.tick()
        stack = [(root, iter(within[root]))]
        state[root] = 1
        while stack:
            node_id, routes = stack[-1]
            route = next(routes, None)
            if route is None:
                state[node_id] = 2
                stack.pop()
            elif state.get(route.target) == 1:
                path = [n for n, _ in stack]
                loop = path[path.index(route.target) :]
                problems.error(route.position, "cycle", loop=" → ".join([*loop, route.target]))
            elif route.target not in state:
                state[route.target] = 1
                stack.append((route.target, iter(within[route.target])))


def _topological(tree: Tree, within: Within) -> list[str]:
    """Nodes in an order where each comes after every node leading to it (nodes on loops are left out)."""
    incoming = dict.fromkeys(tree.nodes, 0)
    for routes in within.values():
        for route in routes:
            incoming[route.target] += 1
    ready = [node_id for node_id, count in incoming.items() if count == 0]
    order = []
    while ready:
        node_id = ready.pop()
        order.append(node_id)
        for route in within[node_id]:
            incoming[route.target] -= 1
            if incoming[route.target] == 0:
                ready.append(route.target)
    return order


def _merge(into: State | None, state: State) -> State:
    """The answers possible on either of two ways into a node."""
    if into is None:
        return dict(state)
    merged = dict(into)
    for key in merged.keys() - state.keys():
        merged[key] = merged[key] | _UNANSWERED
    for key, options in state.items():
        merged[key] = merged.get(key, _UNANSWERED) | options
    return merged


def _narrow(state: State, condition: Condition | None, tree: Tree) -> State:
    """The answers still possible after a route whose condition held."""
    if condition is None:
        return state
    narrowed = dict(state)
    for question, options in condition.requires:
        node = tree.nodes.get(question)
        if node is not None and not node.multiple:
            narrowed[question] = narrowed.get(question, _UNANSWERED) & options
    return narrowed


def _read_at(node: Node) -> set[str]:
    """The questions whose answers the conditions at this node read."""
    holders: tuple[Step | Route, ...] = (*node.all_steps(), *node.all_routes())
    return {question for holder in holders if holder.when is not None for question, _ in holder.when.requires}


def _live(
    tree: Tree, within: Within, order: list[str], problems: ProblemList
) -> tuple[dict[str, frozenset[str]], set[str]]:
    """For each node, the questions whose answers a condition at it or after it reads; and the
    nodes where no condition is read, at them or after them (nothing to check or to carry there).

    Only these answers travel in the answer states: a state holding every question answered so far
    made the analysis quadratic in the length of a path (a valid 2,000-node chain: 2 s, past the budget).
    """
    live: dict[str, frozenset[str]] = {}
    quiet: set[str] = set()
    for node_id in reversed(order):  # every route's target comes before the node leading to it
        problems.tick()
        needed = _read_at(tree.nodes[node_id])
        for route in within[node_id]:
            needed.update(live.get(route.target, _NOTHING))  # not in order: on a loop, never analysed
        if not needed:
            quiet.add(node_id)
        needed.discard(node_id)  # a question's own answer is added on the way out, not brought in
        live[node_id] = frozenset(needed)
    return live, quiet


def check_conditions(tree: Tree, problems: ProblemList, within: Within | None = None) -> None:
    """Each condition names real questions and options and can hold on some path."""
    within = all_routes_within(tree) if within is None else within
    order = _topological(tree, within)
    live, quiet = _live(tree, within, order, problems)
    reaching: dict[str, State] = {tree.start: {}}
    for node_id in order:
        node = tree.nodes[node_id]
        state = reaching.get(node_id)
        if state is None:
            continue  # unreachable, reported already
        problems.tick(node.position)
        if node_id in quiet:  # (most nodes of a large tree) every node after it is reached with nothing to carry
            for route in within[node_id]:
                reaching[route.target] = _NO_ANSWERS
            continue
        for step in node.all_steps():
            _check_condition(step.when, state, tree, problems)
        shared = {id(route) for route in node.routes} if node.kind is Kind.QUESTION else set()
        if node.kind is Kind.QUESTION:
            chosen = frozenset(o.id for o in node.options)
            for route in node.routes:  # shared routes: the condition may use any option
                problems.tick()
                _check_condition(route.when, {**state, node.id: chosen}, tree, problems)
        for after, routes in _branches(node, state):
            for route in routes:
                # By identity: `route not in node.routes` compared whole routes one by one, the square of
                # a node's routes per option (8,000 routes on one node: 61 s, past the budget; attack 4).
                problems.tick()
                if id(route) not in shared:
                    _check_condition(route.when, after, tree, problems)
                if route.target not in tree.nodes:
                    continue
                needed = live.get(route.target, _NOTHING)
                if not needed:  # (the usual route) nothing after it reads an answer: nothing to carry
                    reaching[route.target] = _NO_ANSWERS
                    continue
                arriving = {key: value for key, value in _narrow(after, route.when, tree).items() if key in needed}
                reaching[route.target] = _merge(reaching.get(route.target), arriving)


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
            problems.error(condition.position, "unknown-question", question=question)
            continue
        unknown = sorted(o for o in options if node.option(o) is None)
        if unknown:
            problems.error(condition.position, "unknown-option", question=question, options=", ".join(unknown))
        elif not (state.get(question, _UNANSWERED) & options):
            problems.error(
                condition.position, "condition-never-holds", question=question, options=", ".join(sorted(options))
            )
