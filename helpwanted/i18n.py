"""Interface language: the visitor's choice, else the browser's, else Dutch."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from babel import Locale
from flask import Flask, current_app, g, has_app_context, request, session
from flask_babel import Babel, get_locale, get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header


def init_app(app: Flask) -> None:
    """Plug Flask-Babel in with our locale selector."""
    Babel(app, locale_selector=select_language)
    app.jinja_env.globals["language"] = current_language
    app.jinja_env.globals["language_names"] = language_names
    app.jinja_env.globals["text_direction"] = text_direction
    app.context_processor(_resolved_translations)


def _resolved_translations() -> dict[str, Any]:
    """The page's gettext callables bound to this render's catalogue and language.

    Flask-Babel's Jinja callables look up the locale and catalogue anew for every text (~23 per
    page); resolving them once is the same answer at a fraction of the cost. A language's catalogue
    never changes while the process runs (Flask-Babel keeps it for good once loaded), so the bound
    callables are made once per language, not per page. Flask-Babel's globals stay installed for
    templates imported without context (macros).
    """
    code = current_language()
    bound: dict[str, dict[str, Any]] = current_app.extensions.setdefault("helpwanted.gettext", {})
    callables = bound.get(code)
    if callables is None:
        translations = get_translations()
        gettext = _newstyle(translations.ugettext)
        callables = bound[code] = {
            # `_` is Jinja's alias that looks `gettext` up in the context and calls it: the same
            # callable, one lookup and one call less for each of a page's texts.
            "_": gettext,
            "gettext": gettext,
            "ngettext": _newstyle_plural(translations.ungettext),
            "language": lambda: code,
        }
    return callables


def _newstyle(translate: Callable[[str], str]) -> Callable[..., str]:
    """Like Jinja's newstyle gettext: autoescaped, always %-formatted with the keyword arguments."""

    @pass_context
    def gettext(context: Context, text: str, /, **variables: Any) -> str:
        translated = translate(text)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704 — our own catalogue, as Jinja's i18n does
        if not variables and "%" not in translated:
            return translated  # nothing to format (Markup's % escapes argument by argument: not free)
        return translated % variables

    return gettext


def _newstyle_plural(translate: Callable[[str, str, int], str]) -> Callable[..., str]:
    """Like Jinja's newstyle ngettext (num is also a format variable)."""

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        translated = translate(singular, plural, num)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)  # noqa: S704 — our own catalogue, as Jinja's i18n does
        return translated % variables

    return ngettext


def languages() -> tuple[str, ...]:
    """The configured languages, the default first (the one accessor: views, trees, CLI)."""
    return tuple(current_app.config["LANGUAGES"])


def select_language() -> Locale:
    """The chosen language if still configured, else the best match for the browser."""
    offered = languages()
    chosen = session.get("lang")
    if chosen in offered:
        return _locale(str(chosen))
    # The environ's own key: request.headers.get raises and catches a KeyError when a client sends none.
    return _locale(_best_match(request.environ.get("HTTP_ACCEPT_LANGUAGE", ""), offered))


@lru_cache(maxsize=256)
def _best_match(header: str, offered: tuple[str, ...]) -> str:
    # Browsers send a few distinct Accept-Language headers; parsing one was a tenth of a minimal page.
    if not header:
        return offered[0]
    return parse_accept_header(header, LanguageAccept).best_match(offered) or offered[0]


@lru_cache(maxsize=16)
def _locale(code: str) -> Locale:
    # Flask-Babel parses what the selector returns on every request (a file check each time);
    # a Locale it is given is used as it is.
    return Locale.parse(code)


def current_language() -> str:
    """The language of this request, as a code such as 'nl'."""
    # The locale Flask-Babel settled for this request (get_locale's own first look), else get_locale.
    settled = getattr(getattr(g, "_flask_babel", None), "babel_locale", None) if has_app_context() else None
    locale = settled or get_locale()
    return languages()[0] if locale is None else _code_of(locale)


_CODES: dict[int, tuple[Locale, str]] = {}  # id of a Locale → (that Locale, its code)


def _code_of(locale: Locale) -> str:
    # str(Locale) joins its parts anew each time, and a page asks for the language three times or
    # more; the Locales are the few _locale made (or force_locale's in a preview), so keep each text.
    kept = _CODES.get(id(locale))
    if kept is not None and kept[0] is locale:
        return kept[1]
    if len(_CODES) >= 64:
        _CODES.clear()
    code = _CODES.setdefault(id(locale), (locale, str(locale)))[1]
    return code


def language_names() -> dict[str, str]:
    """Each configured language in its own words, for the language switch."""
    return _names_of(languages())


@lru_cache(maxsize=4)
def _names_of(codes: tuple[str, ...]) -> dict[str, str]:
    # Rendered on every page; the CLDR names never change while the app runs.
    return {code: Locale.parse(code).get_display_name(code) or code for code in codes}


def text_direction(code: str | None = None) -> str:
    """'rtl' or 'ltr' for a language (default: this request's), for <html dir>."""
    return _direction_of(code or current_language())


@lru_cache(maxsize=16)
def _direction_of(code: str) -> str:
    # CLDR knows each script's direction; an unknown code is read left to right.
    try:
        return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"
    except (ValueError, LookupError):
        return "ltr"
