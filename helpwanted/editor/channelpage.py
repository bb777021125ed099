"""What the help-channels page shows and does: the form, its problems, the changes, review and publishing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any

import yaml
from flask_babel import gettext as _

from ..i18n import languages
from ..models import Draft, HelpChannelsVersion, ReviewRequest
from . import channels, publishing, review
from .channelcheck import check_new_id
from .channelform import ChannelForm, apply_channels, read_channels
from .editing import safe_anchor
from .roundtrip import NotEditable
from .worddiff import Segment, words


@dataclass(frozen=True)
class FieldChange:
    """One fact of one channel that the draft changes."""

    channel: str
    field: str
    before: tuple[Segment, ...]
    after: tuple[Segment, ...]

    @property
    def label(self) -> str:
        """The fact as the form names it ("Telefoonnummer"), with the file's finer path after it."""
        first, _space, rest = self.field.partition(" ")
        names = {
            "name": _("Name"),
            "what": _("What it is for"),
            "phone": _("Phone number"),
            "short_number": _("Short number"),
            "url": _("Website"),
            "chat": _("Chat page"),
            "hours": _("Opening hours (Dutch time)"),
            "sources": _("Checked on page"),
        }
        return f"{names.get(first, first)} {rest}".strip()


@dataclass(frozen=True)
class Refused:
    """A change the save did not make, and why: shown next to its field ("new" is the add-a-channel form)."""

    channel: str
    field: str
    message: str
    values: dict[str, str] = default(default_factory=dict)  # what was typed in the add-a-channel form


@dataclass
class ChannelsPage:
    """The draft (or live) channels as a form, with problems, changes, the open review and history."""

    revision: int
    draft: Draft | None
    forms: list[ChannelForm]
    invalid: list[channels.Invalid]
    changes: list[FieldChange]
    request: ReviewRequest | None
    history: list[HelpChannelsVersion]
    review_required: bool
    refused: Refused | None = None


def page(refused: Refused | None = None) -> ChannelsPage:
    """Everything the channels page needs; `refused` is a change the last save could not make."""
    draft = publishing.get_draft(channels.KEY)
    text = draft.source if draft else channels.live_text()
    invalid = channels.validate(text)
    forms = read_channels(text, languages())
    used = channels.used_by()
    for form in forms:
        form.used_by = used.get(form.id, [])
        found = [(p.channel, p.field, p.message) for p in invalid]
        found += [(refused.channel, refused.field, refused.message)] if refused else []
        for channel, name, message in found:
            if channel == form.id:
                form.problems.setdefault(name or "name", []).append(message)
    return ChannelsPage(
        draft.revision if draft else 0,
        draft,
        forms,
        invalid,
        changes(channels.live_text(), text) if draft else [],
        review.open_request(channels.KEY),
        channels.history(),
        review.required(),
        refused,
    )


def _flat(value: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _flat(item, f"{prefix}{key} ").items()}
    if isinstance(value, list):
        return {k: v for index, item in enumerate(value) for k, v in _flat(item, f"{prefix}{index + 1} ").items()}
    return {prefix.strip(): "" if value is None else str(value)}


def changes(before: str, after: str) -> list[FieldChange]:
    """Each fact that differs, word by word, per channel."""
    try:
        old = channels.plain(yaml.safe_load(before)).get("channels", {})
        new = channels.plain(yaml.safe_load(after)).get("channels", {})
    except (yaml.YAMLError, AttributeError):
        return []
    found = []
    for channel_id in [*new, *(c for c in old if c not in new)]:
        a, b = _flat(old.get(channel_id, {})), _flat(new.get(channel_id, {}))
        for name in [*b, *(k for k in a if k not in b)]:
            if a.get(name, "") != b.get(name, ""):
                left, right = words(a.get(name, ""), b.get(name, ""))
                found.append(FieldChange(channel_id, name, left, right))
    return found


def save(values: Mapping[str, str], operation: str, revision: int, actor: str) -> Refused | None:
    """Write the form (and an add or remove) into the channels draft; Conflict when someone saved since.

    An add with an unusable short name, or removing a channel a live questionnaire names, is
    not done (the rest of the form is saved): the returned Refused says why, for its field.
    """
    draft = publishing.get_draft(channels.KEY)
    if (draft.revision if draft else 0) != revision:
        raise publishing.Conflict()
    text = draft.source if draft else channels.live_text()
    refused = _refusal(text, values, operation)
    if refused is not None:
        operation = ""
    publishing.save_draft(channels.KEY, apply_channels(text, values, languages(), operation), revision, actor)
    return refused


def _refusal(text: str, values: Mapping[str, str], operation: str) -> Refused | None:
    if operation == "add":
        typed = {"id": values.get("new:id", "").strip(), "name": values.get("new:name", "").strip()}
        problem = check_new_id(typed["id"], [form.id for form in read_channels(text, languages())])
        if problem:
            return Refused("new", "id", problem, typed)
        if not typed["name"]:
            return Refused("new", "name", _("Write the name visitors see."), typed)
    if operation.startswith("remove:"):
        trees = channels.used_by().get(operation[7:], [])
        if trees:
            return Refused(
                operation[7:], "remove", _("Used by %(trees)s: it cannot be removed.", trees=", ".join(trees))
            )
    return None


@dataclass(frozen=True)
class Submitted:
    """What saving the form did: a message and where to look, or a refused change to show at its field."""

    message: str
    anchor: str | None = None
    refused: Refused | None = None


def submit(values: Mapping[str, str], actor: str) -> Submitted:
    """Save the posted form (ValueError for a forged revision); conflicts and unreadable text become messages."""
    operation = values.get("op", "")
    try:
        refused = save(values, operation, int(values.get("revision", "")), actor)
    except publishing.Conflict:
        return Submitted(
            _("Someone else saved this draft in the meantime. Your change was not saved; reload and apply it again.")
        )
    except NotEditable as error:
        return Submitted(_("This change cannot be made in the form: %(reason)s", reason=str(error)))
    if refused is not None:
        return Submitted("", None, refused)
    if operation == "add":
        return Submitted(
            _("Channel added to the draft. Fill in its facts and save."), f"channel-{values['new:id'].strip()}"
        )
    if operation.startswith("remove:"):
        return Submitted(_("Channel removed from the draft."), "changes-title")
    return Submitted(_("Draft saved and checked."), safe_anchor(values.get("anchor", "")))


def _publisher(actor: str, note: str) -> Any:
    def publish(source: str) -> object:
        try:
            return channels.publish(source, actor, note)
        except ValueError:
            raise review.ReviewError(_("Fix the problems first.")) from None

    return publish


def ask(revision: int, actor: str, note: str) -> None:
    """Ask another editor to publish the saved draft."""
    draft = publishing.get_draft(channels.KEY)
    if draft is None or draft.revision != revision:
        raise review.ReviewError(_("The draft changed since you saw it. Check it again before asking for review."))
    if draft.source == channels.live_text():
        raise review.ReviewError(_("The draft is the same as the live version: there is nothing to publish."))
    if channels.validate(draft.source):
        raise review.ReviewError(_("Fix the problems first."))
    review.ask(channels.KEY, draft.source, revision, actor, note)


def decide(request_id: int, actor: str, note: str, approve: bool) -> None:
    """Approve and publish, or send back."""
    if not approve:
        review.send_back(channels.KEY, request_id, actor, note)
        return
    draft = publishing.get_draft(channels.KEY)
    review.approve(
        channels.KEY, request_id, actor, note, draft.source if draft else None, _publisher(actor, note or _("approved"))
    )


def publish_now(actor: str, role: str, note: str) -> None:
    """Publish without review: anyone when review is off, else an admin in an emergency."""
    draft = publishing.get_draft(channels.KEY)
    if draft is None:
        raise review.ReviewError(_("There is no draft to publish."))
    if review.required():
        review.emergency(channels.KEY, actor, role, note, _publisher(actor, note), draft.source)
    else:
        _publisher(actor, note)(draft.source)
