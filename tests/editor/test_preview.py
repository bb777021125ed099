"""The staff preview of an outcome is the visitor's own advice page: same markup, same help lines and hours."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from flask import Flask

from helpwanted.opening_hours import AMSTERDAM
from helpwanted.questionnaire import all_paths
from helpwanted.trees import find_tree

from ..conftest import csrf_token
from ..pages import page
from ..visitor.walker import Visitor
from .conftest import sign_in

WEDNESDAY_NOON = datetime(2026, 12, 2, 12, 0, tzinfo=AMSTERDAM)


def advice_part(html: str) -> list[str]:
    """The parts advice.html and help_block.html render: title, "do this first", sections, help lines."""
    title = r'<h1>[^<]*</h1>\s*(?:<div class="prose intro">.*?</div>\s*)?<section class="first-steps"'
    parts = [re.search(title, html, re.S)]
    parts += [re.search(r'<section class="first-steps".*?</section>', html, re.S)]
    parts += [re.search(r'<section class="more-advice".*?</section>', html, re.S)]
    parts += [re.search(r'<aside class="help-block.*?</aside>', html, re.S)]
    return [match.group(0) if match else "" for match in parts]


@pytest.mark.parametrize(("tree_id", "language"), [("sextortion", "nl"), ("received", "nl"), ("received", "en")])
def test_preview_of_an_outcome_is_the_visitors_advice_page(app: Flask, tree_id: str, language: str) -> None:
    """In the preview's language, whatever the editor's: English preview in the Dutch interface included."""
    app.extensions["helpwanted.clock"] = lambda: WEDNESDAY_NOON  # "open now" the same in both requests
    with app.test_request_context():
        tree = find_tree(tree_id)
        assert tree is not None
        path = max(all_paths(tree), key=lambda p: (len(p.answers), p.outcome))  # a long path: age known, sections
    answers = {node_id: choice for node_id, choice in path.answers if choice}

    visitor = Visitor(app.test_client(), language)
    result = visitor.walk(tree_id, answers)
    assert result.request.path == "/result"
    seen = advice_part(result.get_data(as_text=True))

    editor = sign_in(app, "preview@example.org")  # the staff interface in Dutch
    url = f"/staff/questionnaires/{tree_id}/preview?version=live&lang={language}&restart=1"
    response = editor.get(url)
    url = url.removesuffix("&restart=1")
    for node_id, choice in path.answers:
        token = csrf_token(response.get_data(as_text=True))
        response = editor.post(url, data={"csrf_token": token, "node": node_id, "answer": list(choice)})
        assert response.status_code == 200
    page(response, visitor=False)
    previewed = advice_part(response.get_data(as_text=True))

    assert all(seen), "the visitor's page has a title, first steps, sections and the help block"
    assert previewed == seen
    assert 'class="call-button' in previewed[1] + previewed[2] + previewed[3]  # channels as buttons, not ids


def test_preview_shows_opening_hours_of_the_help_lines(app: Flask) -> None:
    app.extensions["helpwanted.clock"] = lambda: WEDNESDAY_NOON
    editor = sign_in(app, "hours@example.org")
    html = editor.get("/staff/questionnaires/received/preview?version=live&lang=nl&at=what").get_data(as_text=True)
    assert "help-block" not in html  # a question: the visitor's compact help is part of the layout, not the frame
    with app.test_request_context():
        tree = find_tree("received")
        assert tree is not None
        outcome = next(p.outcome for p in all_paths(tree))
    html = editor.get(f"/staff/questionnaires/received/preview?version=live&lang=nl&at={outcome}").get_data(
        as_text=True
    )
    help_block = advice_part(html)[3]
    assert "De Kindertelefoon" in help_block and "Nu open, tot 21:00" in help_block  # daily 11:00-21:00
