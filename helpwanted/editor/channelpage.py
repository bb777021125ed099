"""What the help-channels page shows and does: the form, its problems, the changes, review and publishing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from flask_babel import gettext as _

from ..i18n import languages
from ..models import Draft, HelpChannelsVersion, ReviewRequest
from . import channels, publishing, review
from .channelform import ChannelForm, apply_channels, read_channels
from .worddiff import Segment, words


@dataclass(frozen=True)
class FieldChange:
    """One fact of one channel that the draft changes."""

    channel: str
    field: str
    before: tuple[Segment, ...]
    after: tuple[Segment, ...]


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


def page() -> ChannelsPage:
    """Everything the channels page needs."""
    draft = publishing.get_draft(channels.KEY)
    text = draft.source if draft else channels.live_text()
    invalid = channels.validate(text)
    forms = read_channels(text, languages())
    for form in forms:
        for problem in invalid:
            if problem.channel == form.id:
                form.problems.setdefault(problem.field or "name", []).append(problem.message)
    return ChannelsPage(
        draft.revision if draft else 0,
        draft,
        forms,
        invalid,
        changes(channels.live_text(), text) if draft else [],
        review.open_request(channels.KEY),
        channels.history(),
        review.required(),
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


def save(values: Mapping[str, str], revision: int, actor: str) -> Draft:
    """Write the form into the channels draft; Conflict when someone saved since."""
    draft = publishing.get_draft(channels.KEY)
    if (draft.revision if draft else 0) != revision:
        raise publishing.Conflict()
    text = draft.source if draft else channels.live_text()
    return publishing.save_draft(channels.KEY, apply_channels(text, values, languages()), revision, actor)


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



