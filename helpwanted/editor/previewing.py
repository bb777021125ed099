"""The editor's preview: walk a version or the draft as a visitor would; nothing is counted.

The progress lives in the staff session under "preview", keyed by questionnaire, version and
start node, so that opening another preview starts afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, session
from flask_babel import force_locale
from markupsafe import Markup

from ..questionnaire import (
    InvalidAnswer,
    Kind,
    Node,
    Progress,
    Tree,
    Walk,
    answer_and_walk,
    walk,
)
from ..trees import find_tree, find_version
from ..visitor.advice import Advice, split_advice
from ..visitor.help import visitor_age
from . import publishing


@dataclass(frozen=True)
class PreviewState:
    """What the preview page shows: where the walk is, and whether the last answer was refused."""

    tree: Tree
    start_at: str
    progress: Progress
    walk: Walk
    refused: bool = False

    @property
    def node(self) -> Node:
        """The current node: a question, an information page or the outcome."""
        return self.walk.current

    def advice(self, language: str) -> Advice | None:
        """At an outcome, its advice split as the visitor's page shows it ("do this first", sections)."""
        if self.node.kind is not Kind.OUTCOME:
            return None
        return split_advice(self.tree, self.node, self.progress.answers, language)

    @property
    def help_age(self) -> str | None:
        """The age the answers so far tell ('under18', 'adult' or None): it orders the help lines."""
        return visitor_age(self.progress.answers)


def tree_for(tree_id: str, version: str) -> Tree | None:
    """The tree of a version key: 'draft' (only without errors), 'live' or a version hash."""
    if version == "draft":
        draft = publishing.get_draft(tree_id)
        checked = publishing.check_text(tree_id, draft.source) if draft else None
        return checked.tree if checked and not checked.errors else None
    if version == "live":
        return find_tree(tree_id)
    return find_version(tree_id, version)


def run_preview(tree: Tree, start_at: str, restart: bool, posted: tuple[str, tuple[str, ...]] | None) -> PreviewState:
    """Resume (or restart) the preview, take a posted answer if any, keep the progress in the session.

    Raises ProgressError when the stored progress does not fit; a wrong answer is `refused`.
    """
    key = f"{tree.id}:{tree.version}:{start_at}"
    stored = session.get("preview", {})
    if stored.get("key") != key or restart:
        stored = {"key": key, "progress": Progress(tree.id, tree.version, {}).to_data()}
    progress = Progress.from_data(stored["progress"])
    state = PreviewState(tree, start_at, progress, walk(tree, progress, start_at))
    if posted is not None:
        node_id, choice = posted
        try:
            progress, after = answer_and_walk(tree, progress, node_id, choice, start_at, before=state.walk)
            state = PreviewState(tree, start_at, progress, after)
        except InvalidAnswer:
            state = PreviewState(tree, start_at, progress, state.walk, refused=True)
    session["preview"] = {"key": key, "progress": state.progress.to_data()}
    return state


def render_frame(state: PreviewState, language: str, tree_id: str, version: str) -> Markup:
    """The visitor's part of the preview, all in the preview's language: the tree's texts, and also the
    interface words, the help lines' descriptions and their opening hours — as a visitor who chose
    that language sees them, whatever language the editor's own pages are in."""
    with force_locale(language):
        html = render_template(
            "editor/_preview_frame.html", preview=state, lang=language, tree_id=tree_id, version=version
        )
    return Markup(html)  # noqa: S704 - our own template, autoescaped
