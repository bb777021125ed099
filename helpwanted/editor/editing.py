"""What the edit pages show and what saving the form does: the views only parse and render this."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import gettext as _

from ..i18n import languages
from ..models import Draft, ReviewRequest
from . import publishing, review
from .explain import count_problems
from .roundtrip import NotEditable
from .textform import FormView, apply_form, read_form


@dataclass
class EditPage:
    """The draft (or the live text) of a questionnaire, checked, as a form when it can be one."""

    tree_id: str
    text: str
    revision: int
    checked: publishing.Checked
    form: FormView | None
    not_editable: str
    draft: Draft | None
    request: ReviewRequest | None
    review_required: bool

    @property
    def summary(self) -> str:
        """'1 error, 2 warnings' in the interface language."""
        return count_problems(len(self.checked.errors), len(self.checked.warnings))

    @property
    def lines(self) -> list[str]:
        """The text's lines, for the numbered listing below the text box."""
        return self.text.splitlines()


@dataclass(frozen=True)
class YamlSave:
    """What saving the raw YAML did: the page to show again, its HTTP status and the message for the editor."""

    page: EditPage
    revision: int
    status: int
    message: str


def edit_page(tree_id: str, text: str | None = None) -> EditPage:
    """Everything the form editor, the raw editor and the publish box need."""
    draft = publishing.get_draft(tree_id)
    if text is None:
        text = draft.source if draft else publishing.live_text(tree_id) or ""
    checked = publishing.check_text(tree_id, text)
    form, reason = None, ""
    try:
        form = read_form(text, languages(), checked.problems)
    except NotEditable as error:
        reason = str(error)
    return EditPage(
        tree_id,
        text,
        draft.revision if draft else 0,
        checked,
        form,
        reason,
        draft,
        review.open_request(tree_id),
        review.required(),
    )


def save_form(tree_id: str, values: Mapping[str, str], operation: str, revision: int, actor: str) -> Draft:
    """Write the submitted texts, routes and operation into the draft; Conflict when it moved on."""
    draft = publishing.get_draft(tree_id)
    if (draft.revision if draft else 0) != revision:
        raise publishing.Conflict()
    text = draft.source if draft else publishing.live_text(tree_id) or ""
    fields = {name: value for name, value in values.items() if name.startswith(("text:", "next:"))}
    return publishing.save_draft(tree_id, apply_form(text, fields, operation, languages()), revision, actor)


def save_yaml(tree_id: str, text: str, revision: int, actor: str) -> YamlSave:
    """Save the posted YAML as the draft and check it; on a conflict nothing is saved (409)."""
    try:
        draft = publishing.save_draft(tree_id, text, revision, actor)
    except publishing.Conflict:
        message = _(
            "Someone else saved this draft in the meantime. Your text was not saved; copy it, reload, and "
            "apply your change again."
        )
        return YamlSave(edit_page(tree_id, text), revision, 409, message)
    return YamlSave(edit_page(tree_id, text), draft.revision, 200, _("Draft saved."))


def anchor_after(values: Mapping[str, str]) -> str | None:
    """Where the page comes back after saving: the box an operation changed, else where the editor was."""
    where = values.get("op", "").partition(":")[2].split("/")
    if len(where) >= 2 and where[0] == "nodes" and where[1].isdigit():
        return f"node-{where[1]}"
    return safe_anchor(values.get("anchor", ""))


def safe_anchor(anchor: str) -> str | None:
    """The anchor when it is one of ours (a page id), else None: never echo arbitrary text into a URL."""
    return anchor if re.fullmatch(r"[a-z][a-z0-9-]{0,80}", anchor) else None
