"""Parts of every page that depend only on the language: rendered once per language, not per page.

The layout's head links, shortcuts and quick-exit bar, site name, language buttons, idle warning
and footer are the same on every page of one language: their texts come from the catalogue,
their links from url_for, the name from the branding. Rendering them anew was about a sixth of a
question page. `fragment(name)` renders templates/fragments/<name> once per language, script root
(the prefix of every link) and branding, and answers the kept Markup after that.

A fragment may use only gettext, url_for with full endpoint names ('visitor.home', not '.home'),
config and branding: never the session, the request's path, a CSRF token or anything else of one
visitor (those stay in layout.html). In debug mode
nothing is kept, so an edited fragment shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, render_template, request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

MAX_KEPT = 256  # fragments × languages × script roots: a handful; past this, start afresh


@dataclass
class _Kept:
    """The fragments rendered with one branding."""

    branding: object
    html: dict[tuple[str, str, str], Markup] = field(default_factory=dict)


@pass_context
def fragment(context: Context, name: str) -> Markup:
    """templates/fragments/<name> in the page's language, rendered once and then kept."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # six per page: one proxy look-up
    if app.debug:
        return _render(name)
    extensions = app.extensions
    branding = extensions["helpwanted.branding"]
    kept: _Kept | None = extensions.get("helpwanted.fragments")
    if kept is None or kept.branding is not branding:
        kept = extensions["helpwanted.fragments"] = _Kept(branding)
    key = (name, str(context["language"]()), request.root_path)
    html = kept.html.get(key)
    if html is None:
        if len(kept.html) >= MAX_KEPT:
            kept.html.clear()
        html = kept.html[key] = _render(name)
    return html


def _render(name: str, **context: Any) -> Markup:
    return Markup(render_template(f"fragments/{name}", **context))  # noqa: S704 - our own template, escaped by Jinja


def init_app(app: Flask) -> None:
    """Offer `fragment` to the templates."""
    app.jinja_env.globals["fragment"] = fragment
