"""A visitor's journey in the encrypted session cookie: the progress and what was counted.

Nothing about a visit is stored on the server; a tampered, expired or outdated session
ends in a friendly page that offers to start again.
"""

from __future__ import annotations

from flask import session
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest, Conflict

from .. import counting
from ..questionnaire import Kind, Progress, ProgressError, Tree, start
from ..trees import find_version


class StartAgain(BadRequest):
    """The session holds no usable journey (expired, tampered or never started)."""

    description = _l("We could not find your answers. Maybe you waited too long. Please start again.")


class Replaced(Conflict):
    """The questionnaire changed while the visitor was answering it."""

    description = _l("This questionnaire was updated while you were answering it. Please start again.")


def current() -> tuple[Tree, Progress]:
    """The visitor's tree and progress; raise StartAgain or Replaced when unusable."""
    data = session.get("p")
    if data is None:
        raise StartAgain()
    try:
        progress = Progress.from_data(data)
    except ProgressError:
        raise StartAgain() from None
    tree = find_version(progress.tree_id, progress.version)
    if tree is None:
        raise Replaced()
    return tree, progress


def begin(tree: Tree) -> Progress:
    """Start a fresh journey through tree, forgetting any earlier one; its progress (no answers yet)."""
    progress = start(tree)
    session["p"] = progress.to_data()
    session["c"] = []
    counting.visit_started(tree)
    return progress


def save(progress: Progress) -> None:
    """Keep the new progress in the session."""
    session["p"] = progress.to_data()


def end() -> None:
    """Forget the journey (restart, quick exit)."""
    session.pop("p", None)
    session.pop("c", None)


def first_time(event: str, node: str) -> bool:
    """Whether this visit has not yet counted event at node; marks it counted."""
    marker = f"{event}:{node}"
    counted = list(session.get("c", []))
    if marker in counted:
        return False
    session["c"] = [*counted, marker]
    return True


def count_reached(tree: Tree, node: str) -> None:
    """Count that a visitor reached a node, once per visit."""
    if first_time("reach", node):
        counting.node_reached(tree, node)


def count_sent_to(tree: Tree, progress: Progress, node: str) -> None:
    """Count the page a POST sends the visitor on to (a question, an information page or advice), once per visit.

    Counted with the session the POST seals anyway, so the GET that follows finds it counted and
    writes nothing: not to the spool, and not to the cookie the POST sealed a moment before (a
    question page's first view cost a third more than a reload). The GET still counts a page
    reached another way (count_reached, count_completed). progress: the answers after the POST.
    """
    if tree.nodes[node].kind is Kind.OUTCOME:
        count_completed(tree, progress, node)
    else:
        count_reached(tree, node)


def count_completed(tree: Tree, progress: Progress, outcome: str) -> None:
    """Count an advice request, its outcome and the answers that led to it, once per visit and outcome."""
    first_advice = not any(marker.startswith("complete:") for marker in session.get("c", []))
    if first_time("complete", outcome):
        counting.completed(tree, progress, outcome, first=first_advice)  # one visit, however many outcomes


def helpful_given(outcome: str) -> bool:
    """Whether this visit already said whether the advice at outcome helped."""
    return f"helpful:{outcome}" in session.get("c", [])


def count_helpful(tree: Tree, outcome: str, yes: bool) -> None:
    """Count one yes or no for an outcome, once per visit (a second answer is ignored)."""
    if first_time("helpful", outcome):
        counting.helpful(tree, outcome, yes)
