"""The help channels as a form: name, what (nl | en), numbers, links, weekly hours and their exceptions
(holidays), source and date checked; channels can be added and removed.

Written back through `roundtrip`, so the file's comments and the facts the form does not show
(ages, other sources, unconfirmed, chat hours) stay as they were. What an editor typed is written
as typed, even when it is wrong: `channelcheck` then shows the problem next to its field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..opening_hours import DAYS
from .roundtrip import Document, NotEditable, flow_map

SINGLE = ("phone", "short_number", "url", "chat")


@dataclass
class ExceptionRow:
    """A dated exception to the hours: a date, other hours ('' = closed all day) and a note per language."""

    date: str
    hours: str
    note: dict[str, str]


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
    exceptions: list[ExceptionRow] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    used_by: list[str] = field(default_factory=list)  # the live questionnaires that name it


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
                _exceptions(value.get("hours"), languages),
            )
        )
    return forms


def _exceptions(hours: object, languages: Sequence[str]) -> list[ExceptionRow]:
    items = hours.get("exceptions") if isinstance(hours, CommentedMap) else None
    rows = []
    for item in items if isinstance(items, CommentedSeq) else []:
        if not isinstance(item, CommentedMap):
            raise NotEditable("an exception to the hours is not a mapping")
        note = item.get("note") if isinstance(item.get("note"), CommentedMap) else {}
        periods = item.get("hours") if isinstance(item.get("hours"), CommentedSeq) else []
        rows.append(
            ExceptionRow(
                str(item.get("date") or ""),
                ", ".join(str(period) for period in periods),
                {language: str(note.get(language) or "") for language in languages},
            )
        )
    return rows


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


def apply_channels(text: str, values: Mapping[str, str], languages: Sequence[str], operation: str = "") -> str:
    """The text with the submitted facts written into each channel, then the operation done.

    Operations: "remove:<id>" removes a channel; "add" adds the channel named in the
    "new:id" and "new:name" fields (the caller checked the id).
    """
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
        _write_exceptions(value, values, prefix, languages)
        _write_source(value, values, prefix)
    if operation.startswith("remove:") and operation[7:] in doc.data["channels"]:
        del doc.data["channels"][operation[7:]]
    elif operation == "add":
        doc.data["channels"][values["new:id"].strip()] = new_channel(values.get("new:name", "").strip(), languages)
    return doc.dump()


def new_channel(name: str, languages: Sequence[str]) -> CommentedMap:
    """A channel with a name and empty texts to fill in (the checks say what is still missing)."""
    channel = CommentedMap()
    channel["name"] = DoubleQuotedScalarString(name)
    channel["what"] = flow_map(dict.fromkeys(languages, ""))
    return channel


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
    when = _date_or_text(checked)
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


def _date_or_text(text: str) -> date | str:
    """A date when text is one (YAML then writes it unquoted); else the text, for the check to point at."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _write_exceptions(value: CommentedMap, values: Mapping[str, str], prefix: str, languages: Sequence[str]) -> None:
    rows = []
    index = 0
    while f"{prefix}exc:{index}:date" in values:
        key = f"{prefix}exc:{index}:"
        row = ExceptionRow(
            values[f"{key}date"].strip(),
            values.get(f"{key}hours", "").strip(),
            {language: values.get(f"{key}note:{language}", "").strip() for language in languages},
        )
        if f"{key}remove" not in values and (row.date or row.hours or any(row.note.values())):
            rows.append(row)  # an empty row is the form's blank line for a new exception
        index += 1
    if rows == _exceptions(value.get("hours"), languages):
        return  # unchanged: keep the file as it was written
    hours = value.get("hours")
    if not isinstance(hours, CommentedMap):
        hours = CommentedMap([("always", True)]) if hours == "always" else CommentedMap()
        value["hours"] = hours
    if not rows:
        hours.pop("exceptions", None)
        return
    hours["exceptions"] = CommentedSeq([_exception(row) for row in rows])


def _exception(row: ExceptionRow) -> CommentedMap:
    item = CommentedMap([("date", _date_or_text(row.date))])
    periods = [part.strip() for part in row.hours.split(",") if part.strip()]
    if periods:
        hours = CommentedSeq([DoubleQuotedScalarString(period) for period in periods])
        hours.fa.set_flow_style()
        item["hours"] = hours
    else:
        item["closed"] = True
    if any(row.note.values()):
        item["note"] = flow_map({language: text for language, text in row.note.items() if text})
    item.fa.set_flow_style()
    return item
