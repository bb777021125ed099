"""Visitor pages rendered once per state, not once per visitor.

Two visitors on the home page, at the same question with the same earlier answer, or at the same
advice after the same answers see the same page, but for the CSRF token in its forms. Rendering it
was most of a page's cost: the advice page cost seven bare Flask pages, the home page almost six
(docs/benchmarks.md). `render_kept` renders a page once per state, with a placeholder where the
token goes, and puts each visitor's own token in. What is kept is a page as anyone in that state
sees it, under that state: never a token, a session or anything else that tells visitors apart.

Pages are kept per branding, set of help channels and minute: the help block and an advice's
contact buttons say whether a line is open now, and opening hours are whole minutes, so a page
can change only when a new minute starts. A page is rendered with the clock at that minute.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, render_template, request
from wtforms import Form
from wtforms.csrf.core import CSRFTokenField

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
    """The pages rendered with one branding and one set of channels, in one minute."""

    branding: object
    channels: object
    moment: datetime
    pages: dict[tuple[object, ...], str] = field(default_factory=dict)


def _placeholder_token() -> str:
    return _PLACEHOLDER


def render_kept(template: str, **context: Any) -> str:
    """template rendered with this context, as render_template would, from a page kept for its state.

    The key is the template and the context itself (trees by id and version, nodes by id, forms by
    their data), so nothing the view passes can be left out of it, and what the layout reads
    besides: the visitor's language and the path it links back to. A form with errors is never
    kept (a message belongs to one visitor's post).
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.debug:  # an edited template shows at once
        return render_template(template, **context)
    if any(isinstance(value, Form | AnswerForm) and value.errors for value in context.values()):
        return render_template(template, **context)
    moment = now().replace(second=0, microsecond=0)
    branding = app.extensions["helpwanted.branding"]
    known = channels()
    kept: _Kept | None = app.extensions.get("helpwanted.kept_pages")
    if kept is None or kept.branding is not branding or kept.channels is not known or kept.moment != moment:
        kept = app.extensions["helpwanted.kept_pages"] = _Kept(branding, known, moment)
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


def _part(value: object) -> object:
    """A context value as part of the key (anything else must be hashable: a dict fails loudly)."""
    if isinstance(value, Tree):
        return "tree", value.id, value.version
    if isinstance(value, Node):
        return "node", value.id  # with the tree it belongs to, which is in the key as well
    if isinstance(value, AnswerForm):
        chosen = value.answer.data if value.answer is not None else None
        return "answer", tuple(chosen) if isinstance(chosen, list) else chosen
    if isinstance(value, Form):
        fields = [(name, f.data) for name, f in value._fields.items() if not isinstance(f, CSRFTokenField)]
        return type(value).__qualname__, _part(fields)  # the token is the placeholder's: never in the key
    if isinstance(value, list | tuple):
        return tuple(_part(item) for item in value)
    return value
