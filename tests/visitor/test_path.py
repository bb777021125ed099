"""The visitor's path without a browser: every questionnaire, back, change, restart, language."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ..pages import page
from .walker import Visitor

TREES = tuple(file.stem for file in (Path(__file__).parent.parent.parent / "questionnaires").glob("*.yaml"))


def scenarios(app: Flask) -> list[tuple[str, str, dict[str, tuple[str, ...]], str]]:
    catalog = app.extensions["helpwanted.trees"].catalog
    return [
        (tree.id, scenario.name, dict(scenario.answers), scenario.expect)
        for tree in catalog.trees.values()
        for scenario in tree.scenarios
    ]


def test_home_lists_every_questionnaire_in_both_languages(client: FlaskClient, app: Flask) -> None:
    for language in ("nl", "en"):
        response = client.get("/", headers={"Accept-Language": language})
        found = page(response)
        assert found.html_lang == language
        html = unescape(response.get_data(as_text=True))  # titles may hold an apostrophe
        for tree in app.extensions["helpwanted.trees"].catalog.trees.values():
            assert tree.title.get(language) in html
    assert sorted(app.extensions["helpwanted.trees"].catalog.trees) == sorted(TREES)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_scenario_of_every_questionnaire_reaches_its_advice(
    client: FlaskClient, app: Flask, language: str
) -> None:
    for tree_id, name, answers, expect in scenarios(app):
        client.delete_cookie("s")
        visitor = Visitor(client, language)
        result = visitor.walk(tree_id, answers)
        assert result.request.path == "/result", (tree_id, name)
        page(result)
        tree = app.extensions["helpwanted.trees"].catalog.trees[tree_id]
        html = unescape(result.get_data(as_text=True))
        assert tree.nodes[expect].title.get(language) in html, (tree_id, name)


def test_question_page_is_a_fieldset_with_legend_radios_and_next(client: FlaskClient) -> None:
    response = Visitor(client).start("sextortion")
    html = response.get_data(as_text=True)
    found = page(response)
    assert found.title.strip() == "Vraag 1 – Adviesmodule"
    assert "<fieldset" in html and "<legend>" in html
    assert html.count('type="radio"') == 3  # yes, no, and "I've already got help, go on"
    assert ">Volgende</button>" in html
    assert "Vraag 1 van hooguit 6" in html


def test_multiple_choice_question_uses_checkboxes(client: FlaskClient, app: Flask, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from helpwanted import create_app

    example = Path(__file__).parent.parent / "questionnaire" / "trees" / "example.yaml"
    (tmp_path / "trees").mkdir()
    (tmp_path / "trees" / "example.yaml").write_text(example.read_text())
    other = create_app({**app.config, "QUESTIONNAIRES_DIR": str(tmp_path / "trees")})
    visitor = Visitor(other.test_client())
    visitor.start("example")
    visitor.follow(visitor.answer(1, "safety", "no"))
    response = visitor.follow(visitor.answer(2, "about"))
    assert response.get_data(as_text=True).count('type="checkbox"') == 2
    response = visitor.follow(visitor.answer(3, "where", "chat", "game"))
    assert "checked" not in response.get_data(as_text=True)
    result = visitor.follow(visitor.answer(4, "age", "adult"))
    assert "Wat je in de game kunt doen" in result.get_data(as_text=True)


def test_nothing_chosen_shows_error_summary_and_keeps_page(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    response = visitor.answer(1, "safety")
    found = page(response)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert found.title.startswith("Fout: Vraag 1")
    assert 'class="error-summary"' in html and 'href="#answer-yes"' in html
    assert "Kies een antwoord." in html and 'aria-describedby="progress answer-error"' in html


def test_back_link_and_earlier_answer_is_prefilled(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    second = visitor.follow(visitor.answer(1, "safety", "no"))
    assert 'href="/q/1"' in second.get_data(as_text=True)
    first_again = visitor.get("/q/1")
    assert 'value="no" checked' in first_again.get_data(as_text=True)


def test_change_keeps_answers_on_the_new_path_and_returns_to_advice(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.walk(
        "received",
        {"safety": ("no",), "what": ("received",), "who": ("known",), "age": ("yes",), "my-age": ("under18",)},
    )
    change = visitor.get("/q/2?change=1")
    assert 'name="change" value="1"' in change.get_data(as_text=True)
    result = visitor.follow(visitor.answer(2, "what", "forwarded", change=True))
    assert result.request.path == "/result"
    assert "Je hebt een naaktbeeld doorgestuurd" in result.get_data(as_text=True)


def test_change_to_a_new_branch_drops_answers_off_the_path(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.walk("harassment", {"safety": ("no",), "what": ("fake",)})
    response = visitor.follow(visitor.answer(2, "what", "hacked", change=True))
    assert response.request.path == "/q/3"
    assert "Kun je nog inloggen" in response.get_data(as_text=True)
    assert visitor.get("/result").status_code == 303


def test_restart_empties_the_session(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.walk("received", {"safety": ("yes",)})
    response = visitor.post("/restart", {})
    assert response.status_code == 303 and response.location == "/"
    assert visitor.get("/result").status_code == 400


def test_language_switch_keeps_the_place_and_the_answers(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.start("received")
    visitor.follow(visitor.answer(1, "safety", "no"))
    response = visitor.post("/language", {"lang": "en", "back": "/q/2"})
    assert response.status_code == 303 and response.location == "/q/2"
    english = visitor.follow(response)
    assert "What happened?" in english.get_data(as_text=True)
    assert page(english).html_lang == "en"
    assert 'href="/q/1"' in english.get_data(as_text=True)


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "/\t/evil.example",  # browsers drop the tab: //evil.example
        "/\n/evil.example",  # a newline in a header was a 500
        "/\r\nSet-Cookie: x=1",
        "/%0a/evil.example",
        "/\u202e/q/1",
        "javascript:alert(1)",
        "/nowhere-on-this-site",
        "q/1",
        pytest.param("/" + "a" * 5000, id="very-long"),
    ],
)
def test_language_switch_never_redirects_off_site(client: FlaskClient, back: str) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    response = visitor.post("/language", {"lang": "en", "back": back})
    assert response.status_code == 303
    assert response.location == "/"


def test_language_switch_with_a_nul_byte_is_refused_before_any_redirect(client: FlaskClient) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    response = visitor.post("/language", {"lang": "en", "back": "/\x00"})
    assert response.status_code == 400  # a NUL anywhere in a request is refused site-wide (security.py)
    assert "Location" not in response.headers


@pytest.mark.parametrize("back", ["/", "/about", "/q/3", "/q/3?change=1", "/result"])
def test_language_switch_returns_to_any_page_of_the_site(client: FlaskClient, back: str) -> None:
    visitor = Visitor(client)
    visitor.get("/")
    assert visitor.post("/language", {"lang": "en", "back": back}).location == back


def test_advice_page_shows_situation_steps_help_and_print(client: FlaskClient) -> None:
    visitor = Visitor(client, "en")
    result = visitor.walk(
        "sextortion",
        {
            "safety": ("no",),
            "who": ("online",),
            "have": ("sent",),
            "paid": ("money",),
            "spread": ("no",),
            "age": ("under18",),
        },
    )
    html = result.get_data(as_text=True)
    assert "Your answers" in html and 'href="/q/4?change=1"' in html
    assert "Do this first" in html and '<ol class="steps">' in html
    assert html.count('<details class="advice-section">') >= 3
    assert "Take It Down" in html and "StopNCII" not in html.split("Talk to someone now")[0]
    assert "Talk to someone now" in html and "0800 0432" in html
    assert "data-print" in html
