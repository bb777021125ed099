"""The help lines on the pages: the app clock, the visitor's age, and open/closed in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from babel.dates import format_date
from flask import current_app, g, render_template
from flask_babel import gettext
from markupsafe import Markup

from ..contacts import channels, everywhere_channels
from ..i18n import current_language
from ..opening_hours import AMSTERDAM
from ..questionnaire.model import Answers
from .lines import Line, State, Status, arrange


def _(message: str, **variables: object) -> str:
    # Flask-Babel ships no type information; its gettext returns a str.
    return str(gettext(message, **variables))


# The visitor's own, current age: a question with one of these ids and options 'under18' / 'adult'.
# ('age-then', the age when an image was made, is deliberately not one of them.)
AGE_QUESTIONS = ("age", "my-age")


def amsterdam_now() -> datetime:
    """The real time in the helpline's time zone."""
    return datetime.now(AMSTERDAM)


def now() -> datetime:
    """The app's clock (tests replace app.extensions['helpwanted.clock'] to move time).

    While help_block renders, the clock stands at the whole minute the block is kept for.
    """
    pinned: datetime | None = g.get("help_moment")
    if pinned is not None:
        return pinned
    clock: Callable[[], datetime] = current_app.extensions.get("helpwanted.clock", amsterdam_now)
    return clock()


def visitor_age(answers: Answers) -> str | None:
    """'under18' or 'adult' when the answers tell the visitor's current age, else None."""
    for question in AGE_QUESTIONS:
        chosen = answers.get(question, ())
        if len(chosen) == 1 and chosen[0] in ("under18", "adult"):
            return chosen[0]
    return None


def _adult(age: str | None) -> bool | None:
    return None if age is None else age == "adult"


def help_lines(age: str | None = None) -> list[Line]:
    """The help block of every page, for a visitor of this age ('under18', 'adult' or None)."""
    return arrange(everywhere_channels(), now(), _adult(age))


@dataclass
class _Blocks:
    """The help blocks rendered for one minute and one set of channels."""

    moment: datetime
    channels: object
    html: dict[tuple[str, bool, str | None], Markup] = field(default_factory=dict)


def help_block(compact: bool = False, age: str | None = None) -> Markup:
    """templates/help_block.html, rendered once per language, layout, age, channels and minute.

    Every page shows it; these are all it depends on. The channels are replaced as a whole when
    staff publish new ones (so their identity tells a change), and the time matters only to the
    minute: opening hours are whole minutes, so "open now, until 20:00" or "opens tomorrow" can
    change only when a new minute starts. The block is rendered with the clock at that minute.
    """
    moment = now().replace(second=0, microsecond=0)
    known = channels()
    blocks: _Blocks | None = current_app.extensions.get("helpwanted.help_blocks")
    if blocks is None or blocks.moment != moment or blocks.channels is not known:
        blocks = current_app.extensions["helpwanted.help_blocks"] = _Blocks(moment, known)
    key = (current_language(), compact, age)
    html = blocks.html.get(key)
    if html is None:
        with pinned_clock(moment):
            html = Markup(render_template("help_block.html", compact=compact, help_age=age))  # noqa: S704 - our template
        blocks.html[key] = html
    return html


@contextmanager
def pinned_clock(moment: datetime) -> Iterator[None]:
    """now() answers moment while this lasts (a page or block kept for that minute is rendered)."""
    before = g.get("help_moment")
    g.help_moment = moment
    try:
        yield
    finally:
        if before is None:
            g.pop("help_moment", None)
        else:
            g.help_moment = before


def lines_for(ids: Iterable[str], age: str | None = None) -> list[Line]:
    """Named channels (an advice step's contacts), in the same order rules."""
    known = channels()
    return arrange([known[i] for i in ids if i in known], now(), _adult(age))


def describe(state: Status, moment: datetime | None = None) -> str:
    """'Open now, until 20:00' / 'Closed now. Opens tomorrow at 14:00' / '' when nothing may be said."""
    if state.state is State.OPEN:
        if state.always:
            return _("Open day and night")
        return _("Open now, until %(time)s", time=f"{state.closes:%H:%M}") if state.closes else _("Open now")
    if state.state is State.UNKNOWN:
        return ""
    if state.opens is None:
        return _("Closed now")
    today = (moment or now()).astimezone(AMSTERDAM).date()
    time = f"{state.opens:%H:%M}"
    if state.opens.date() == today:
        return _("Closed now. Opens at %(time)s", time=time)
    if state.opens.date() == today + timedelta(days=1):
        return _("Closed now. Opens tomorrow at %(time)s", time=time)
    day = format_date(state.opens.date(), "EEEE", locale=current_language())
    return _("Closed now. Opens %(day)s at %(time)s", day=day, time=time)
