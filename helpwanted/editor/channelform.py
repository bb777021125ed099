"""The help channels as a form: name, what (nl | en), numbers, links, weekly hours, source and date checked.

Written back through `roundtrip`, so the file's comments and the facts the form does not show
(ages, other sources, unconfirmed, exceptions to the hours) stay as they were.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..opening_hours import DAYS
from .roundtrip import Document, NotEditable

SINGLE = ("phone", "short_number", "url", "chat")


@dataclass
class ChannelForm:
    """One channel's editable facts, as the form shows them."""

    id: str
    name: str
    what: dict[str, str]
    single: dict[str, str]
    hours_mode: str  # always, weekly or unknown
    days: dict[str, str]  # mon: "09:00-17:00, 18:00-20:00"
    source_page: str
    source_checked: str
    problems: dict[str, list[str]] = field(default_factory=dict)


def read_channels(text: str, languages: Sequence[str]) -> list[ChannelForm]:
    """Every channel of the text, in file order."""
    doc = Document(text, "channels")
    forms = []
    for channel_id, value in doc.data["channels"].items():
        if not isinstance(value, CommentedMap):
            raise NotEditable(f"channel {channel_id!r} is not a mapping")
        what = value.get("what") if isinstance(value.get("what"), CommentedMap) else {}
        mode, days = _hours(value.get("hours"))
        sources = value.get("sources")
        first = sources[0] if isinstance(sources, CommentedSeq) and sources else {}
        forms.append(
            ChannelForm(
                str(channel_id),
                str(value.get("name") or ""),
                {language: str(what.get(language) or "") for language in languages},
                {name: str(value.get(name) or "") for name in SINGLE},
                mode,
                days,
                str(first.get("page") or ""),
                str(first.get("checked") or ""),
            )
        )
    return forms


def _hours(value: object) -> tuple[str, dict[str, str]]:
    days = dict.fromkeys(DAYS, "")
    if value == "always":
        return "always", days
    if not isinstance(value, CommentedMap):
        return "unknown", days
    if value.get("always") is True:
        return "always", days
    weekly = value.get("weekly") if isinstance(value.get("weekly"), CommentedMap) else {}
    for key, periods in weekly.items():
        for day in DAYS if key == "daily" else [key]:
            days[str(day)] = ", ".join(str(period) for period in periods or [])
    return "weekly", days


def apply_channels(text: str, values: Mapping[str, str], languages: Sequence[str]) -> str:
    """The text with the submitted facts written into each channel."""
    doc = Document(text, "channels")
    for channel_id, value in doc.data["channels"].items():
        if not isinstance(value, CommentedMap):
            continue
        prefix = f"ch:{channel_id}:"
        if f"{prefix}name" not in values:
            continue  # this channel was not on the submitted form
        doc.set_value(("channels", channel_id, "name"), values[f"{prefix}name"].strip())
        for language in languages:
            doc.set_text(("channels", channel_id, "what"), language, values.get(f"{prefix}what:{language}", "").strip())
        for name in SINGLE:
            entered = values.get(f"{prefix}{name}", "").strip()
            doc.set_value(("channels", channel_id, name), entered or None)
        _write_hours(doc, channel_id, value, values, prefix)
        _write_source(value, values, prefix)
    return doc.dump()


def _write_hours(doc: Document, channel_id: str, value: CommentedMap, values: Mapping[str, str], prefix: str) -> None:
    mode = values.get(f"{prefix}hours-mode", "")
    old_mode, old_days = _hours(value.get("hours"))
    days = {day: values.get(f"{prefix}hours:{day}", "").strip() for day in DAYS}
    if mode == old_mode and (mode != "weekly" or days == old_days):
        return  # unchanged: keep the file's own way of writing it (daily:, exceptions, comments)
    if mode == "always":
        doc.set_value(("channels", channel_id, "hours"), "always")
    elif mode == "unknown":
        doc.set_value(("channels", channel_id, "hours"), None)
    elif mode == "weekly":
        weekly = CommentedMap()
        for day, periods in days.items():
            if periods:
                items = CommentedSeq([DoubleQuotedScalarString(p.strip()) for p in periods.split(",") if p.strip()])
                items.fa.set_flow_style()
                weekly[day] = items
        hours = CommentedMap()
        hours["weekly"] = weekly
        old = value.get("hours")
        if isinstance(old, CommentedMap) and "exceptions" in old:
            hours["exceptions"] = old["exceptions"]
        value["hours"] = hours


def _write_source(value: CommentedMap, values: Mapping[str, str], prefix: str) -> None:
    page = values.get(f"{prefix}source-page", "").strip()
    checked = values.get(f"{prefix}source-checked", "").strip()
    if not page and not checked:
        return
    try:
        when = date.fromisoformat(checked)
    except ValueError:
        raise NotEditable(_("Write the date checked as YYYY-MM-DD (%(channel)s).", channel=prefix[3:-1])) from None
    sources = value.get("sources")
    if not isinstance(sources, CommentedSeq) or not sources:
        sources = CommentedSeq()
        value["sources"] = sources
        sources.append(CommentedMap([("page", page), ("checked", when), ("how", "live"), ("own", True)]))
        return
    first = sources[0]
    if str(first.get("page")) != page:
        first["page"] = page
    if str(first.get("checked")) != checked:
        first["checked"] = when



