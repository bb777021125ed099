"""The base of every form: Flask-WTF's CSRF, with WTForms' own messages translated once per process."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from babel import support
from flask_babel import get_locale
from flask_wtf import FlaskForm
from wtforms.i18n import messages_path


@lru_cache(maxsize=8)
def _wtforms_messages(locale: str) -> support.NullTranslations:
    # Flask-WTF reloads this catalogue on every request; it never changes while we run.
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class Form(FlaskForm):  # type: ignore[misc]  # Flask-WTF ships no type information
    """A FlaskForm whose WTForms messages follow the visitor's language."""

    class Meta(FlaskForm.Meta):  # type: ignore[misc]
        def get_translations(self, form: Any) -> support.NullTranslations:
            return _wtforms_messages(str(get_locale()))
