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
clock at that minute.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, is_dataclass
from datetime import datetime
from typing import Any

from flask import current_app, render_template, request

from ..contacts import channels
from ..i18n import current_language
from ..questionnaire import Node, Tree
from ..security import csrf_token, return_path
from .forms import AnswerForm
from .help import now, pinned_clock

MAX_KEPT = 512  # pages × answers × languages a worker serves in a minute; past this, start afresh
# Hex, so that escaping leaves it as it is; new in every process, so that no text can hold it.
_PLACEHOLDER = secrets.token_hex(16)


@dataclass
class _Kept:
    """The pages rendered with one set of channels, in one minute."""

    channels: object
    moment: datetime
    pages: dict[tuple[object, ...], str] = field(default_factory=dict)


def _placeholder_token() -> str:
    return _PLACEHOLDER


def render_kept(template: str, **context: Any) -> str:
    """template rendered with this context, as render_template would, from a page kept for its state.

    The key is the template and the context itself (trees by id and version, nodes by id, the
    answer form by its earlier answer, frozen dataclasses by value), so nothing the view passes can
    be left out of it, and what the layout reads besides: the visitor's language and the path it
    links back to. A page with a form's error message is never kept.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.debug:  # an edited template shows at once
        return render_template(template, **context)
    if any(getattr(value, "errors", None) for value in context.values()):
        return render_template(template, **context)  # a form's message belongs to one visitor's post
    moment = now().replace(second=0, microsecond=0)
    known = channels()
    kept: _Kept | None = app.extensions.get("helpwanted.kept_pages")
    if kept is None or kept.channels is not known or kept.moment != moment:
        kept = app.extensions["helpwanted.kept_pages"] = _Kept(known, moment)
    state = tuple((name, _part(value)) for name, value in sorted(context.items()))
    key = (template, state, current_language(), request.root_path, return_path())
    page = kept.pages.get(key)
    if page is None:
        if len(kept.pages) >= MAX_KEPT:
            kept.pages.clear()
        with pinned_clock(moment):
            page = render_template(template, csrf_token=_placeholder_token, **context)
        kept.pages[key] = page
    return page.replace(_PLACEHOLDER, csrf_token())


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
    if is_dataclass(value) and not isinstance(value, type) and type(value).__dataclass_params__.frozen:  # type: ignore[attr-defined]
        return value  # compared and hashed by value, and cannot change (visitor/advice.py)
    raise TypeError(f"a kept page cannot be keyed by {type(value).__name__}: pass plain values")
