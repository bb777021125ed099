"""Question pages are rendered once per state and kept (visitor/kept.py).

A kept page must be byte for byte the page a fresh render gives, carry each visitor's own CSRF
token and nobody else's, and follow everything that shapes it: the earlier answer, the language,
the change link, the step.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, render_template

from helpwanted.visitor import kept, views

from .fixtures import at
from .test_experience import PAID_ADULT, PAID_UNDER_18
from .walker import Visitor

TOKEN = re.compile(r'(name="csrf_token" value="|data-csrf=")([^"]+)"')


def tokens(html: str) -> set[str]:
    return {match[2] for match in TOKEN.finditer(html)}


def step_pages(app: Flask, answers: dict[str, tuple[str, ...]], language: str) -> list[str]:
    """Each question page a visitor sees on the way to advice, then the first one again (answered
    now) and its change link; the visitor's token replaced by TOKEN."""
    visitor = Visitor(app.test_client(), language)
    pages = [visitor.start("sextortion")]
    number = 1
    while pages[-1].request.path.startswith("/q/"):
        node = pages[-1].get_data(as_text=True).split('name="node" value="', 1)[1].split('"', 1)[0]
        pages.append(visitor.follow(visitor.answer(number, node, *answers.get(node, ()))))
        number += 1
    pages += [visitor.get("/q/1"), visitor.get("/q/2?change=1")]
    htmls = [page.get_data(as_text=True) for page in pages if page.request.path.startswith("/q/")]
    assert all(tokens(html) == {visitor.token} for html in htmls)
    return [html.replace(visitor.token, "TOKEN") for html in htmls]


def fresh(**context: Any) -> str:
    return render_template("visitor/step.html", **context)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_kept_page_is_the_page_a_fresh_render_gives(
    app: Flask, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    first = step_pages(app, PAID_UNDER_18, language)  # rendered and kept
    again = step_pages(app, PAID_UNDER_18, language)  # the same states: every page from the kept ones
    other = step_pages(app, PAID_ADULT, language)
    assert len(app.extensions["helpwanted.step_pages"].pages) == len(set(first) | set(other)) > 6
    monkeypatch.setattr(views, "render_step", fresh)
    assert step_pages(app, PAID_UNDER_18, language) == first == again
    assert step_pages(app, PAID_ADULT, language) == other != first


def test_each_visitor_gets_their_own_token_and_answer(app: Flask) -> None:
    one, two = Visitor(app.test_client(), "en"), Visitor(app.test_client(), "en")
    for visitor in (one, two):
        visitor.start("sextortion")
    assert one.token != two.token
    assert one.follow(one.answer(1, "safety", "no")).request.path == "/q/2"
    answered, blank = one.get("/q/1").get_data(as_text=True), two.get("/q/1").get_data(as_text=True)
    assert tokens(answered) == {one.token} and tokens(blank) == {two.token}
    assert re.search(r'value="no" checked', answered) and "checked" not in blank
    assert two.answer(1, "safety", "no").status_code == 303  # the token on the kept page is theirs
    two.token = one.token
    assert two.answer(1, "safety", "yes").status_code == 400  # and nobody else's is taken


def test_pages_are_kept_within_a_bound(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "MAX_KEPT", 3)
    pages = step_pages(app, PAID_UNDER_18, "en")
    assert len(set(pages)) > 3 and 1 <= len(app.extensions["helpwanted.step_pages"].pages) <= 3


def test_a_kept_page_shows_the_help_block_of_this_minute(lines_app: Flask) -> None:
    visitor = Visitor(lines_app.test_client(), "en")
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:00")
    assert "Closed now. Opens at 14:00" in visitor.start("sextortion").get_data(as_text=True)
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 14:00:00")
    assert "Open now, until 20:00" in visitor.get("/q/1").get_data(as_text=True)  # the same question, a new minute
