"""Putting an earlier version back ("publish again") with the same care as any publication.

With two-person publishing on, an editor asks for review of the earlier version; another
editor approves it on the review page and it goes live. An admin may put it back alone in an
emergency (the audit log says 'emergency-publish'). With review off, an editor publishes it
again directly. The saved draft is never touched: a restore does not go through the draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ..models import QuestionnaireVersion, ReviewRequest
from . import publishing, review


@dataclass(frozen=True)
class RestorePage:
    """What putting a version back would change, whether it still passes the checks, and how it goes live."""

    tree_id: str
    version: QuestionnaireVersion
    comparison: publishing.VersionComparison
    checked: publishing.Checked
    review_required: bool
    waiting: ReviewRequest | None

    @property
    def publishable(self) -> bool:
        """Whether today's checks still let this version go live."""
        return self.checked.tree is not None and not self.checked.errors


def restore_page(tree_id: str, version_id: int) -> RestorePage:
    """The confirmation page of "publish again"; LookupError for a version of another questionnaire."""
    version = publishing.stored_version(tree_id, version_id)
    if version is None:
        raise LookupError(version_id)
    return RestorePage(
        tree_id,
        version,
        publishing.compare_versions(tree_id, "live", str(version_id)),
        publishing.check_text(tree_id, version.source),
        review.required(),
        review.open_request(tree_id),
    )


def restore(tree_id: str, version_id: int, actor: str, role: str, note: str, emergency: bool) -> str:
    """Ask for review of an earlier version, or publish it (review off, or an admin's emergency).

    Returns what happened, for the editor. ReviewError says why nothing happened.
    """
    version = publishing.stored_version(tree_id, version_id)
    if version is None:
        raise LookupError(version_id)
    note = note.strip() or ("" if emergency else _("Publish version %(version)s again", version=version.version))
    if publishing.check_text(tree_id, version.source).errors:
        raise review.ReviewError(_("This version no longer passes the checks, so it cannot be published again."))

    def publish(source: str) -> object:
        return publishing.publish(tree_id, source, actor, note, acknowledged=True)

    if emergency:
        review.emergency(tree_id, actor, role, note, publish, version.source)
        return str(_("Published without review. This is recorded in the audit log."))
    if not review.required():
        publish(version.source)
        return str(_("Published the earlier version again."))
    waiting = review.open_request(tree_id)
    if waiting is not None and not waiting.restores:
        raise review.ReviewError(
            _("A change by %(who)s is waiting for review. Approve it or send it back first.", who=waiting.requested_by)
        )
    review.ask(tree_id, version.source, ReviewRequest.RESTORE, actor, note)
    return str(_("Review asked. Another editor can now approve putting this version back."))
