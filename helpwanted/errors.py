"""Friendly error pages in the visitor's language: never a traceback, always a way on."""

from __future__ import annotations

from functools import lru_cache

from flask import Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, InternalServerError

from .questionnaire import render_markdown

MESSAGES = {
    400: (_l("Something went wrong"), _l("We could not use what was sent. Please start again.")),
    403: (_l("No access"), _l("You cannot open this page.")),
    404: (_l("Page not found"), _l("This page does not exist. Please start again.")),
    405: (_l("Something went wrong"), _l("This page cannot be used like this. Please start again.")),
    409: (
        _l("Please start again"),
        _l("This questionnaire was updated while you were answering it. Please start again."),
    ),
    413: (_l("Something went wrong"), _l("What was sent is too large.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong on our side"), _l("Sorry. Please try again in a moment.")),
    503: (_l("Not available right now"), _l("Please try again later.")),
}

FALLBACK_PAGE = (
    '<!doctype html><html lang="nl"><meta charset="utf-8"><title>Fout – Adviesmodule</title>'
    '<h1>Er ging iets mis / Something went wrong</h1><p><a href="/">Opnieuw beginnen / Start again</a></p></html>'
)


def init_app(app: Flask) -> None:
    """Render every HTTP error with the shared error page; add the Markdown filter."""
    app.register_error_handler(HTTPException, render_error)
    app.register_error_handler(Exception, render_unexpected)
    app.jinja_env.filters["markdown"] = markdown_html


def markdown_html(text: str) -> Markup:
    """The `markdown` filter: a questionnaire text as HTML, rendered once per text and process.

    The texts are the questionnaires' (and, in the editor's preview, a draft's): never a visitor's
    words. Rendering one with markdown-it took 50–130 µs, on every question page with a hint and
    for every step of an advice page; the HTML depends on the text alone.
    """
    return _rendered(text) if isinstance(text, str) else Markup(render_markdown(text))  # noqa: S704 - checked, HTML off


@lru_cache(maxsize=2048)  # the live texts of every language, and some drafts: well under a megabyte
def _rendered(text: str) -> Markup:
    return Markup(render_markdown(text))  # noqa: S704 - checked Markdown, rendered with HTML off


def render_error(error: HTTPException) -> ResponseReturnValue:
    """The error page for an HTTP error, with the exception's own text when it has one."""
    code = error.code or 500
    heading, message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    own = getattr(type(error), "description", None)
    if code in (400, 409) and own is not None and not isinstance(own, str):
        message = own  # a lazy, translated description from the journey
    try:
        return render_template("error.html", heading=heading, message=message), code
    except Exception:  # the page shell itself failed (no secret key, broken template)
        current_app.logger.exception("error page failed")
        return FALLBACK_PAGE, code, {"Content-Type": "text/html; charset=utf-8"}


def render_unexpected(error: Exception) -> ResponseReturnValue:
    """Log an unexpected error and show the 500 page."""
    if isinstance(error, HTTPException):
        return render_error(error)
    current_app.logger.exception("unexpected error")
    return render_error(InternalServerError())
