"""The audit log as staff read it: each entry's action and detail in the interface language.

Entries are stored once, in the fixed English forms the code that records them writes
(editor/publishing.py, review.py, lifecycle.py, channels.py, coordinator/channels.py), so that the log
never changes with a reader's language. Here the fixed words are translated; what staff wrote
themselves (notes, reasons) is shown as they wrote it, and a detail in a form this module does not
know (an older release's) is shown as stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..audit import recent
from ..coordinator.channels import configured as advice_channels
from ..i18n import current_language
from ..models import AuditEvent

ACTIONS = {
    "sign-in": _l("signed in"),
    "sign-out": _l("signed out"),
    "save-draft": _l("saved a draft"),
    "publish": _l("published"),
    "ask-review": _l("asked for review"),
    "approve": _l("approved"),
    "send-back": _l("sent back"),
    "emergency-publish": _l("published in an emergency, without review"),
    "create": _l("started a questionnaire"),
    "list": _l("put on the home page"),
    "unlist": _l("took off the home page"),
    "channel-figure": _l("entered a figure of another channel"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the log, in words."""

    at: datetime
    actor: str
    action: str  # the stored id, for data-action
    what: str
    subject: str
    detail: str


def _revision(match: re.Match[str]) -> str:
    if match["note"]:
        return str(_("revision %(number)s: %(note)s", number=match["number"], note=match["note"]))
    return str(_("revision %(number)s", number=match["number"]))


def _asked(match: re.Match[str]) -> str:
    return str(_("asked by %(who)s: %(note)s", who=match["who"], note=match["note"]))


def _version(match: re.Match[str]) -> str:
    return str(_("version %(version)s: %(note)s", version=match["version"], note=match["note"]))


def _figure(match: re.Match[str]) -> str:
    names = advice_channels().get(match["channel"], {})
    channel = names.get(current_language()) or match["channel"]
    if match["before"]:
        text = _(
            "%(month)s %(channel)s: %(count)s (was %(before)s)",
            month=match["month"],
            channel=channel,
            count=match["count"],
            before=match["before"],
        )
    else:
        text = _("%(month)s %(channel)s: %(count)s", month=match["month"], channel=channel, count=match["count"])
    return str(text)


# action → (the stored form, its words); re.S: a note may hold line breaks
FORMS: dict[str, tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = {
    "save-draft": (re.compile(r"revision (?P<number>\d+)(?P<note>)"), _revision),
    "ask-review": (re.compile(r"revision (?P<number>\d+): (?P<note>.*)", re.S), _revision),
    "approve": (re.compile(r"asked by (?P<who>\S+): (?P<note>.*)", re.S), _asked),
    "send-back": (re.compile(r"asked by (?P<who>\S+): (?P<note>.*)", re.S), _asked),
    "publish": (re.compile(r"version (?P<version>\w+): (?P<note>.*)", re.S), _version),
    "create": (re.compile(r"from the template"), lambda _match: str(_("from the template"))),
    "channel-figure": (
        re.compile(r"(?P<month>\d{4}-\d{2}) (?P<channel>\S+): (?P<count>\d+)(?: \(was (?P<before>\d+)\))?"),
        _figure,
    ),
}


def detail(action: str, stored: str) -> str:
    """The stored detail in the interface language (staff's own words as written)."""
    form = FORMS.get(action)
    match = form[0].fullmatch(stored) if form else None
    return form[1](match) if form and match else stored


def entries(limit: int = 200) -> list[Entry]:
    """The newest entries first, in words."""
    return [_entry(event) for event in recent(limit)]


def _entry(event: AuditEvent) -> Entry:
    subject = str(_("Help channels")) if event.questionnaire == ":channels" else event.questionnaire
    what = str(ACTIONS[event.action]) if event.action in ACTIONS else event.action
    return Entry(event.at, event.actor, event.action, what, subject, detail(event.action, event.detail))
