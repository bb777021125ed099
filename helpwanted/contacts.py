"""Help channels: names, numbers, hours and links from the one file that holds them.

The file's schema is described in docs/content.md ("Help channels"); every fact carries the
page it was checked on and the date of that check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

import yaml
from flask import Flask, current_app

from .opening_hours import HoursError, Schedule, parse_schedule

FACTS = frozenset({"what", "phone", "short_number", "free", "chat", "hours", "chat_hours", "ages"})
"""The facts a source can confirm (`confirms:`) or that can still wait for a check (`unconfirmed:`)."""


class ChannelError(ValueError):
    """The channels file is broken; the message says where and why (hours errors are ValueErrors too)."""


@dataclass(frozen=True)
class Source:
    """A page the facts were checked on, when, and how (live, or a stored copy).

    Only the organisation's own page (`own`) confirms a fact; another page (news, a partner)
    is recorded as a lead, and the fact stays `unconfirmed` until its own page says so.
    """

    page: str
    checked: date
    how: str
    own: bool
    confirms: frozenset[str]


@dataclass(frozen=True)
class Ages:
    """The ages a channel serves: from `start` (or any) up to but not including `under` (or any)."""

    start: int | None
    under: int | None

    def serves(self, adult: bool | None) -> bool:
        """Whether someone under 18 (adult False) or 18+ (adult True) may use it; None: not known."""
        if adult is None:
            return True
        if adult:
            return self.under is None or self.under > 18
        return self.start is None or self.start < 18


@dataclass(frozen=True)
class Channel:
    """One place a visitor can turn to."""

    id: str
    name: str
    what: dict[str, str]
    phone: str | None
    url: str | None
    hours: Schedule | None
    checked: date | None
    verify: bool
    everywhere: bool
    short_number: str | None = None
    free: bool | None = None
    chat: str | None = None
    chat_hours: Schedule | None = None
    ages: Ages | None = None
    urgent: bool = False  # 112, 113: first in every list of help lines
    sources: tuple[Source, ...] = ()
    unconfirmed: frozenset[str] = frozenset()

    @property
    def tel(self) -> str | None:
        """The phone number as a tel: link target."""
        return "tel:" + "".join(c for c in self.phone if c.isdigit()) if self.phone else None

    @property
    def chat_schedule(self) -> Schedule | None:
        """The chat's hours: its own when given, else the channel's."""
        return self.chat_hours or self.hours

    def serves(self, adult: bool | None) -> bool:
        """Whether the channel is for a visitor of this age band (None: the age is not known)."""
        return self.ages is None or self.ages.serves(adult)

    @property
    def confirmed(self) -> frozenset[str]:
        """The facts that the organisation's own pages confirm."""
        return frozenset(fact for source in self.sources if source.own for fact in source.confirms)


def load_channels(path: Path) -> dict[str, Channel]:
    """Read the channels file; a broken file stops start-up with its message (a ChannelError).

    A file that is missing, not UTF-8, not YAML or not shaped as docs/content.md describes is
    a ChannelError too, on one line: every `flask` command shows it without a traceback.
    """
    try:
        return load_channels_text(path.read_text(encoding="utf-8"))
    except (ChannelError, HoursError):
        raise
    except OSError as error:
        raise ChannelError(f"HELP_CHANNELS_FILE {path}: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
        reason = " ".join(str(error).split())  # libyaml's messages span several lines
        problem = f"{type(error).__name__}: {reason}"
        raise ChannelError(f"HELP_CHANNELS_FILE {path}: not a valid channels file ({problem})") from None


def load_channels_text(text: str) -> dict[str, Channel]:
    """The channels of a YAML text (the file, or a version published in the staff area)."""
    data = yaml.load(text, Loader=yaml.CSafeLoader)  # yaml.safe_load's values, libyaml's speed
    return {str(key): _channel(str(key), value) for key, value in data["channels"].items()}


def _channel(key: str, value: dict[str, Any]) -> Channel:
    where = f"help channel {key!r}"
    sources = tuple(_source(item, where) for item in value.get("sources") or ())
    checked = max((source.checked for source in sources), default=None)
    return Channel(
        id=key,
        name=str(value["name"]),
        what=dict(value["what"]),
        phone=value.get("phone"),
        url=value.get("url"),
        hours=parse_schedule(value.get("hours"), f"{where} hours"),
        checked=checked,
        verify=bool(value.get("verify", False)),
        everywhere=bool(value.get("everywhere", False)),
        short_number=value.get("short_number"),
        free=value.get("free"),
        chat=value.get("chat"),
        chat_hours=parse_schedule(value.get("chat_hours"), f"{where} chat_hours"),
        ages=_ages(value.get("ages"), where),
        urgent=value.get("urgent") is True,
        sources=sources,
        unconfirmed=_facts(value.get("unconfirmed"), f"{where} unconfirmed"),
    )


def _source(item: Any, where: str) -> Source:
    if not isinstance(item, dict) or not isinstance(item.get("checked"), date) or not item.get("page"):
        raise ChannelError(f"{where}: a source needs 'page' and a 'checked' date")
    own = item.get("own", True) is True
    confirms = _facts(item.get("confirms"), where)
    return Source(str(item["page"]), item["checked"], str(item.get("how", "live")), own, confirms)


def _facts(value: Any, where: str) -> frozenset[str]:
    facts = frozenset(str(fact) for fact in value or ())
    if facts - FACTS:
        raise ChannelError(f"{where}: unknown facts {sorted(facts - FACTS)} (known: {', '.join(sorted(FACTS))})")
    return facts


def _ages(value: Any, where: str) -> Ages | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"from", "under"}:
        raise ChannelError(f"{where}: 'ages' has 'from' and/or 'under' (whole years)")
    return Ages(value.get("from"), value.get("under"))


def init_app(app: Flask) -> None:
    """Load the channels once at start-up."""
    app.extensions["helpwanted.channels"] = load_channels(Path(app.config["HELP_CHANNELS_FILE"]))
    app.jinja_env.globals["help_channels"] = everywhere_channels
    app.jinja_env.globals["channels_by_id"] = channels


def channels() -> dict[str, Channel]:
    """Every configured channel by id."""
    return cast(dict[str, Channel], current_app.extensions["helpwanted.channels"])


def everywhere_channels() -> list[Channel]:
    """The channels of the help block shown on every page, in file order."""
    return [channel for channel in channels().values() if channel.everywhere]
