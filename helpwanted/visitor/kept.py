"""Visitor pages rendered once per state, not once per visitor.

Two visitors on the home page, at the same question with the same earlier answer, or at the same
advice after the same answers see the same page, but for the CSRF token in its forms. Rendering it
was most of a page's cost: the advice page cost seven bare Flask pages, the home page almost six
(docs/benchmarks.md). `render_kept` renders a page once per state, with a placeholder where the
token goes, and puts each visitor's own token in. What is kept is a page as anyone in that state
sees it, under that state: never a token, a session or anything else that tells visitors apart.

Pages are kept per set of help channels and minute (the branding is read once, at start-up): the
help block and an advice's contact buttons say whether a line is open now, and opening hours are
whole minutes, so a page can change only when a new minute starts. A page is rendered with the
clock at that minute. A minute's pages are dropped when it is over (a timer, a second after), also
on a worker no request comes to; what they can tell is in docs/privacy.md.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask, current_app, render_template, request
from markupsafe import Markup

from ..contacts import channels
from ..i18n import current_language
from ..questionnaire import Node, Tree
from ..security import csrf_token, return_path
from .forms import AnswerForm
from .help import now, pinned_clock

MAX_KEPT = 512  # pages × answers × languages a worker serves in a minute; past this, start afresh
# Hex, so that escaping leaves it as it is; new in every process, so that no text can hold it.
_PLACEHOLDER = secrets.token_hex(16)
_OWN = secrets.token_hex(16)  # around the name of a visitor's own part (render_kept's `own`)


@dataclass(frozen=True)
class Built:
    """A context value made only when its page is rendered: `key`, a value, tells its pages apart.

    For what costs more to make than to tell: the advice page's steps (made from the texts of the
    steps shown) are told apart by which steps are shown.
    """

    key: object
    build: Callable[[], object] = field(compare=False)


@dataclass
class _Kept:
    """The pages rendered with one set of channels, in one minute."""

    channels: object
    moment: datetime
    pages: dict[tuple[object, ...], str] = field(default_factory=dict)


def _placeholder_token() -> str:
    return _PLACEHOLDER


def _own_placeholder(name: str) -> str:
    return f"{_OWN}{name}{_OWN}"


def render_kept(template: str, own: Mapping[str, str] | None = None, **context: Any) -> str:
    """template rendered with this context, as render_template would, from a page kept for its state.

    The key is the template and the context itself (trees by id and version, nodes by id, the
    answer form by its earlier answer, a Built value by its key), so nothing the view passes can
    be left out of it, and what the layout reads besides: the visitor's language and the path it
    links back to. A page with a form's error message is never kept.

    own: parts of the page that belong to this visitor alone (the advice page's list of answers),
    rendered by the view for each request. The template gets a placeholder for each and the part is
    put in after, like the token: they are never kept and never part of the key (what the kept
    pages can still tell, read together, is in docs/privacy.md).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    parts = {name: Markup(html) for name, html in (own or {}).items()}  # noqa: S704 - rendered by our templates
    # Debug: an edited template shows at once. A form's message belongs to one visitor's post.
    if app.debug or any(getattr(value, "errors", None) for value in context.values()):
        return render_template(template, **parts, **_built(context))
    page = _kept_page(_store(app), _where(), template, context, tuple(parts))
    for name, html in parts.items():
        page = page.replace(_own_placeholder(name), html)
    return page.replace(_PLACEHOLDER, csrf_token())


def _store(app: Flask) -> _Kept:
    """The pages kept for this minute and these channels (a new minute or new channels: start afresh)."""
    moment = now().replace(second=0, microsecond=0)
    known = channels()
    kept: _Kept | None = app.extensions.get("helpwanted.kept_pages")
    if kept is None or kept.channels is not known or kept.moment != moment:
        kept = app.extensions["helpwanted.kept_pages"] = _Kept(known, moment)
        _forget_after_this_minute(app, kept)
    return kept


def _forget_after_this_minute(app: Flask, kept: _Kept) -> None:
    """Drop kept once its minute is over, even when no request comes to replace it (a quiet worker)."""

    def forget() -> None:
        with app.app_context():  # the app's clock (tests move it), not the timer's
            over = now().replace(second=0, microsecond=0) != kept.moment
        if over and app.extensions.get("helpwanted.kept_pages") is kept:
            app.extensions.pop("helpwanted.kept_pages", None)  # (a request's new store, just made, may go too: a cost)

    timer = threading.Timer(61 - time.time() % 60, forget)  # the real clock's minute, and a second
    timer.daemon = True
    timer.start()


def _where() -> tuple[str, str, str]:
    """What the layout reads besides the context: the language and the paths its links are made of."""
    return current_language(), request.root_path, return_path()


def _kept_page(
    kept: _Kept, where: tuple[str, str, str], template: str, context: Mapping[str, Any], holes: tuple[str, ...]
) -> str:
    """The kept page for this state, rendered first if need be (placeholders for the token and the holes)."""
    state = tuple((name, _part(value)) for name, value in sorted(context.items()))
    key = (template, state, *where)
    page = kept.pages.get(key)
    if page is None:
        if len(kept.pages) >= MAX_KEPT:
            kept.pages.clear()
        placeholders = {name: Markup(_own_placeholder(name)) for name in holes}  # noqa: S704 - hex and a name
        with pinned_clock(kept.moment):
            page = render_template(template, csrf_token=_placeholder_token, **placeholders, **_built(context))
        kept.pages[key] = page
    return page


def _built(context: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value.build() if isinstance(value, Built) else value for name, value in context.items()}


_PLAIN = frozenset({str, int, bool, type(None)})  # most of a context: a key as they are


def _part(value: object) -> object:
    """A context value as part of the key, by value.

    Anything else fails loudly: an object hashed by identity would make a key no later request
    matches (every visit rendered anew, the store filling up), and a mutable one could change
    after it was used.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Tree):
        return "tree", value.id, value.version
    if isinstance(value, Node):
        return "node", value.id  # with the tree it belongs to, which is in the key as well
    if isinstance(value, AnswerForm):
        chosen = value.answer.data if value.answer is not None else None
        return "answer", tuple(chosen) if isinstance(chosen, list) else chosen
    if isinstance(value, list | tuple):
        return tuple(_part(item) for item in value)
    if isinstance(value, Built):
        return "built", _part(value.key)
    raise TypeError(f"a kept page cannot be keyed by {type(value).__name__}: pass plain values")
