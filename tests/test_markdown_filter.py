"""The templates' `markdown` filter (errors.py): rendered once per text, the same HTML as rendering it anew."""

from __future__ import annotations

from flask import Flask, render_template_string
from markupsafe import Markup

from helpwanted.errors import markdown_html
from helpwanted.questionnaire import render_markdown


def test_the_filter_gives_the_renderers_html_and_keeps_it_per_text() -> None:
    text = "**Bel ons.** Of [chat](https://example.org/chat) met ons."
    first = markdown_html(text)
    assert isinstance(first, Markup)
    assert str(first) == render_markdown(text)
    assert markdown_html(text) is first  # kept, not rendered again
    other = markdown_html(text + " Nu.")
    assert other != first and "Nu." in other


def test_templates_use_the_filter_and_still_escape_raw_html(app: Flask) -> None:
    with app.test_request_context("/"):
        html = render_template_string("{{ text|markdown }}", text="<script>x</script> *ja*")
    assert "<script>" not in html and "<em>ja</em>" in html
