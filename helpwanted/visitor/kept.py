"""Question pages rendered once per state, not once per visitor.

Two visitors at the same question with the same earlier answer see the same page, but for the
CSRF token in its forms: the question, its options, the progress line, the help block and the
layout are the same for both. Rendering it was more than half of a question page's cost
(docs/benchmarks.md). `render_step` renders it once per state, with a placeholder where the
token goes, and puts each visitor's own token in. What is kept is a page as anyone in that state
sees it, under that state: never a token, a session or anything else that tells visitors apart.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, render_template, request

from ..i18n import current_language
from ..questionnaire import Node, Tree
from ..security import csrf_token, return_path
from .forms import AnswerForm
from .help import help_block

MAX_KEPT = 512  # questions × answers × languages a worker serves; past this, start afresh
# Hex, so that escaping leaves it as it is; new in every process, so that no text can hold it.
_PLACEHOLDER = secrets.token_hex(16)


@dataclass
class _Kept:
    """The pages rendered with one branding (when staff change it, every page is rendered again)."""

    branding: object
    pages: dict[tuple[object, ...], str] = field(default_factory=dict)


def _placeholder_token() -> str:
    return _PLACEHOLDER


def render_step(**context: Any) -> str:
    """templates/visitor/step.html for a question shown without an error, with this context.

    The key is the context itself (the tree by id and version, the node by id, the form by its
    earlier answer), so nothing the view passes can be left out of it, and what the layout reads
    besides: the visitor's language, the path it links back to, the help block as it is this minute
    (step.html shows it compact); pages are kept per branding.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if app.debug:  # an edited template shows at once
        return render_template("visitor/step.html", **context)
    branding = app.extensions["helpwanted.branding"]
    kept: _Kept | None = app.extensions.get("helpwanted.step_pages")
    if kept is None or kept.branding is not branding:
        kept = app.extensions["helpwanted.step_pages"] = _Kept(branding)
    state = tuple((name, _part(value)) for name, value in sorted(context.items()))
    key = (state, current_language(), request.root_path, return_path(), help_block(True, context["help_age"]))
    page = kept.pages.get(key)
    if page is None:
        if len(kept.pages) >= MAX_KEPT:
            kept.pages.clear()
        page = kept.pages[key] = render_template("visitor/step.html", csrf_token=_placeholder_token, **context)
    return page.replace(_PLACEHOLDER, csrf_token())


def _part(value: object) -> object:
    """A context value as part of the key (anything else must be hashable: a list fails loudly)."""
    if isinstance(value, Tree):
        return value.id, value.version
    if isinstance(value, Node):
        return value.id
    if isinstance(value, AnswerForm):
        chosen = value.answer.data if value.answer is not None else None
        return tuple(chosen) if isinstance(chosen, list) else chosen
    return value
