"""Two-person publishing of questionnaires: the rules of `review` joined to drafts, checks and publishing."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..i18n import languages
from ..models import ReviewRequest
from ..questionnaire import Tree
from ..trees import find_tree
from . import publishing, review
from .worddiff import Comparison, compare


@dataclass(frozen=True)
class ReviewPage:
    """A request with what it changes, word by word, and what the checker says about it."""

    tree_id: str
    request: ReviewRequest
    checked: publishing.Checked
    comparison: Comparison | None
    live: Tree | None
    current: bool


def ask(tree_id: str, revision: int, actor: str, note: str, acknowledged: bool) -> ReviewRequest:
    """Ask for review of the saved draft at this revision: never with errors, warnings acknowledged."""
    draft = publishing.get_draft(tree_id)
    if draft is None or draft.revision != revision:
        raise review.ReviewError(_("The draft changed since you saw it. Check it again before asking for review."))
    if draft.source == publishing.live_text(tree_id):
        raise review.ReviewError(_("The draft is the same as the live version: there is nothing to publish."))
    checked = publishing.check_text(tree_id, draft.source)
    if checked.tree is None or checked.errors:
        raise review.ReviewError(_("Fix the errors first."))
    if checked.warnings and not acknowledged:
        raise review.ReviewError(_("Confirm that you have read the warnings."))
    return review.ask(tree_id, draft.source, revision, actor, note)


def review_page(tree_id: str, request_id: int) -> ReviewPage | None:
    """What the reviewer sees; None when there is no such request."""
    request = review.get(tree_id, request_id)
    if request is None:
        return None
    checked = publishing.check_text(tree_id, request.source)
    live = find_tree(tree_id)
    comparison = compare(live, checked.tree, languages()) if checked.tree else None
    draft = publishing.get_draft(tree_id)
    current = request.restores or (draft is not None and draft.source == request.source)
    return ReviewPage(tree_id, request, checked, comparison, live, current)


def decide(tree_id: str, request_id: int, actor: str, note: str, approve: bool) -> None:
    """Approve and publish, or send back."""
    if not approve:
        review.send_back(tree_id, request_id, actor, note)
        return
    draft, asked = publishing.get_draft(tree_id), review.get(tree_id, request_id)
    # the history keeps the author's note ("what changed") and the reviewer's, if any
    history_note = " — ".join(part for part in (asked.note if asked else "", note.strip()) if part) or _("approved")

    def publish(source: str) -> object:
        return publishing.publish(tree_id, source, actor, history_note, acknowledged=True)

    try:
        review.approve(tree_id, request_id, actor, note, draft.source if draft else None, publish)
    except publishing.PublishRefused:
        raise review.ReviewError(_("Not published: the draft has errors.")) from None


def emergency(tree_id: str, actor: str, role: str, reason: str) -> None:
    """An admin publishes the saved draft alone."""
    draft = publishing.get_draft(tree_id)
    if draft is None:
        raise review.ReviewError(_("There is no draft to publish."))

    def publish(source: str) -> object:
        return publishing.publish(tree_id, source, actor, reason, acknowledged=True)

    try:
        review.emergency(tree_id, actor, role, reason, publish, draft.source)
    except publishing.PublishRefused:
        raise review.ReviewError(_("Not published: the draft has errors.")) from None
