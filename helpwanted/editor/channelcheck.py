"""Field by field checks of the help-channels form, in the editor's words (shown next to each field).

Pure: takes the channels as the form reads them (`ChannelForm`) and returns messages per
field name ("phone", "hours:mon", "exc:0:date" …), so a draft can be saved with its problems
and each problem sits next to the field it is about; publishing refuses while any is left.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date

from flask_babel import gettext as _

from ..opening_hours import DAYS, HoursError, parse_schedule
from .channelform import ChannelForm

PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{0,18}[0-9]$")
HTTPS = re.compile(r"^https://[^\s/]+\.[^\s]+$")
WEB = re.compile(r"^https?://[^\s/]+\.[^\s]+$")  # a source page is only a reference: an old http page may be it
NEW_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")

Problems = dict[str, list[str]]
Add = Callable[[str, str], None]
"""How a check reports: add(field, message)."""


def check_form(form: ChannelForm, languages: Sequence[str]) -> Problems:
    """Every problem of one channel, by field; empty when it may be published."""
    found: Problems = {}

    def add(field: str, message: str) -> None:
        found.setdefault(field, []).append(message)

    if not form.name.strip():
        add("name", _("Write the name visitors see."))
    if not form.what.get(languages[0], "").strip():
        add(f"what:{languages[0]}", _("Write what the channel is for."))
    for name in ("phone", "short_number"):
        if form.single[name] and not PHONE.match(form.single[name]):
            add(name, _("Write a phone number with digits and spaces only."))
    for name in ("url", "chat"):
        if form.single[name] and not HTTPS.match(form.single[name]):
            add(name, _("A web address must start with https://"))
    if form.hours_mode == "weekly":
        for day in DAYS:
            if not periods_ok(form.days[day]):
                add(f"hours:{day}", _("Write times like 09:00-17:00; more than one with a comma."))
        if not any(form.days.values()):
            add(f"hours:{DAYS[0]}", _("Give the hours of at least one day, or choose another option."))
    _check_exceptions(form, add)
    _check_source(form, add)
    return found


def _check_exceptions(form: ChannelForm, add: Add) -> None:
    seen: set[str] = set()
    for index, row in enumerate(form.exceptions):
        if not row.date:
            add(f"exc:{index}:date", _("Give the date (YYYY-MM-DD), or remove this exception."))
        elif not is_date(row.date):
            add(f"exc:{index}:date", _("Write the date as YYYY-MM-DD, for example 2026-12-25."))
        elif row.date in seen:
            add(f"exc:{index}:date", _("This date already has an exception."))
        seen.add(row.date)
        if row.hours and not periods_ok(row.hours):
            add(f"exc:{index}:hours", _("Write times like 10:00-14:00, or leave empty for closed all day."))
    if form.exceptions and form.hours_mode == "unknown":
        add("exc:0:date", _("Exceptions need opening hours: choose day and night or weekly hours first."))


def _check_source(form: ChannelForm, add: Add) -> None:
    if form.source_page and not WEB.match(form.source_page):
        add("source-page", _("Write the whole web address, starting with https://"))
    if form.source_checked and not is_date(form.source_checked):
        add("source-checked", _("Write the date as YYYY-MM-DD, for example 2026-12-25."))
    if bool(form.source_page) != bool(form.source_checked):
        add(
            "source-checked" if form.source_page else "source-page",
            _("Give both the page and the date you checked it."),
        )


def check_new_id(channel_id: str, existing: Sequence[str]) -> str:
    """Why a new channel's short name cannot be used ('' when it can)."""
    if not NEW_ID.match(channel_id):
        return str(_("Use 2 to 40 small letters, digits and hyphens, for example 'veilig-thuis'."))
    if channel_id in existing:
        return str(_("There is already a channel with this short name."))
    return ""


def periods_ok(text: str) -> bool:
    """Whether "09:00-12:00, 13:00-17:00" (or empty) are periods the opening hours accept."""
    periods = [part.strip() for part in text.split(",") if part.strip()]
    if not periods:
        return not text.strip()
    try:
        parse_schedule({"weekly": {"mon": periods}}, "")
    except HoursError:
        return False
    return True


def is_date(text: str) -> bool:
    """Whether text is a date written YYYY-MM-DD."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
