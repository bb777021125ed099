"""Help channels edited in the staff area: draft → review → publish → history, like the trees.

The shipped helpwanted/help_channels.yaml is the first version; each publication stores the
whole YAML text (comments and all: the form writes through `roundtrip`). Every process
picks up a new publication within CATALOG_REFRESH_SECONDS, like the questionnaires.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from ..audit import record
from ..contacts import ChannelError, load_channels_text
from ..database import db, engine
from ..i18n import languages
from ..models import HelpChannelsVersion
from ..questionnaire.loader import content_version
from ..trees import catalog
from . import publishing
from .channelcheck import check_form
from .channelform import read_channels
from .roundtrip import NotEditable

KEY = publishing.CHANNELS


@dataclass(frozen=True)
class Invalid:
    """One thing wrong with the channels, for the editor: which channel and field, and why."""

    channel: str
    field: str
    message: str


def init_app(app: Flask) -> None:
    """Serve the newest published channels (checked again every CATALOG_REFRESH_SECONDS)."""
    app.extensions["helpwanted.channels_stamp"] = {"stamp": 0, "checked_at": 0.0}
    app.before_request(refresh)


def refresh(force: bool = False) -> None:
    """Load the newest publication when it is newer than what this process serves."""
    state = current_app.extensions["helpwanted.channels_stamp"]
    interval = float(current_app.config.get("CATALOG_REFRESH_SECONDS", 5))
    if not force and time.monotonic() - state["checked_at"] < interval:
        return
    state["checked_at"] = time.monotonic()
    try:
        with engine().connect() as connection:
            newest = int(connection.scalar(select(func.max(HelpChannelsVersion.id))) or 0)
            if newest == state["stamp"]:
                return
            source = connection.scalar(select(HelpChannelsVersion.source).where(HelpChannelsVersion.id == newest))
    except SQLAlchemyError:
        return  # no database: keep serving what we have (the shipped file at first)
    try:
        current_app.extensions["helpwanted.channels"] = load_channels_text(str(source))
        state["stamp"] = newest
    except (ChannelError, ValueError, KeyError, TypeError, yaml.YAMLError) as error:
        current_app.logger.error("published help channels %s not loaded: %s", newest, error)


def shipped_text() -> str:
    """The help channels file in the package."""
    return Path(current_app.config["HELP_CHANNELS_FILE"]).read_text(encoding="utf-8")


def live_text() -> str:
    """The newest published text, else the shipped file."""
    newest = db().scalars(select(HelpChannelsVersion).order_by(HelpChannelsVersion.id.desc())).first()
    return newest.source if newest is not None else shipped_text()


def history() -> list[HelpChannelsVersion]:
    """Every publication, newest first."""
    return list(db().scalars(select(HelpChannelsVersion).order_by(HelpChannelsVersion.id.desc())))


def validate(text: str) -> list[Invalid]:
    """Everything that keeps this text from being published (empty: it may be published).

    Each field's problem comes from `channelcheck` (shown next to the field); a channel that a
    live questionnaire names cannot be missing.
    """
    try:
        forms = read_channels(text, languages())
    except NotEditable as error:
        return [Invalid("", "", _("The channels cannot be read: %(error)s", error=str(error)))]
    found = [
        Invalid(form.id, name, message)
        for form in forms
        for name, messages in check_form(form, languages()).items()
        for message in messages
    ]
    if not found:  # the form's checks passed: what is left is what only the loader sees
        try:
            load_channels_text(text)
        except (ChannelError, ValueError, KeyError, TypeError, AttributeError, yaml.YAMLError) as error:
            found.append(Invalid("", "", _("The channels cannot be read: %(error)s", error=str(error).splitlines()[0])))
    present = {form.id for form in forms}
    for missing, trees in sorted(used_by().items()):
        if missing not in present:
            found.append(Invalid(missing, "", _("Used by %(trees)s: it cannot be removed.", trees=", ".join(trees))))
    return found


def used_by() -> dict[str, list[str]]:
    """Each channel a live questionnaire names in its advice, with those questionnaires."""
    found: dict[str, set[str]] = {}
    for tree in catalog().trees.values():
        for node in tree.nodes.values():
            for step in node.all_steps():
                for contact in step.contacts:
                    found.setdefault(contact, set()).add(tree.id)
    return {channel: sorted(trees) for channel, trees in found.items()}


def publish(text: str, actor: str, note: str) -> HelpChannelsVersion:
    """Make text the live channels (never with a problem); the shipped file is kept as the first version."""
    if validate(text):
        raise ValueError("the help channels have problems")
    session = db()
    if session.scalar(select(func.count(HelpChannelsVersion.id))) == 0:
        session.add(_version(shipped_text(), "shipped file", "the shipped file, live until this change"))
        session.flush()
    version = _version(text, actor, note)
    session.add(version)
    draft = publishing.get_draft(KEY)
    if draft is not None and draft.source == text:
        session.delete(draft)
    record(actor, "publish", KEY, f"version {version.version}: {note}"[:500])
    session.commit()
    refresh(force=True)
    return version


def _version(text: str, actor: str, note: str) -> HelpChannelsVersion:
    return HelpChannelsVersion(
        version=content_version(text), source=text, published_at=datetime.now(UTC), published_by=actor, note=note[:500]
    )


def plain(value: Any) -> Any:
    """A loaded YAML value with dates as text, for comparing versions field by field."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value
