"""Visitor pages are rendered once per state and kept (visitor/kept.py).

A kept page must be byte for byte the page a fresh render gives, carry each visitor's own CSRF
token and nobody else's, and follow everything that shapes it: the earlier answers, the language,
the change link, the step, the advice and whether it was rated, the topics on offer, the minute.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import itsdangerous.timed
import pytest
from flask import Flask, render_template
from markupsafe import Markup, escape

from helpwanted import create_app, listing
from helpwanted.editor import lifecycle
from helpwanted.questionnaire import Node, Tree, all_paths, shown_steps
from helpwanted.visitor import help, kept, views

from .fixtures import at
from .test_experience import PAID_ADULT, PAID_UNDER_18
from .walker import Visitor

TOKEN = re.compile(r'(name="csrf_token" value="|data-csrf=")([^"]+)"')


def tokens(html: str) -> set[str]:
    return {match[2] for match in TOKEN.finditer(html)}


def visitor_pages(app: Flask, answers: dict[str, tuple[str, ...]], language: str) -> list[str]:
    """Every page a visitor sees on the way to advice (home, about, each question, the advice), then
    the first question again (answered now) and a change link; the visitor's token replaced by TOKEN."""
    visitor = Visitor(app.test_client(), language)
    pages = [visitor.get("/about"), visitor.start("sextortion")]
    number = 1
    while pages[-1].request.path.startswith("/q/"):
        node = pages[-1].get_data(as_text=True).split('name="node" value="', 1)[1].split('"', 1)[0]
        pages.append(visitor.follow(visitor.answer(number, node, *answers.get(node, ()))))
        number += 1
    assert pages[-1].request.path == "/result"
    pages += [visitor.get("/"), visitor.get("/q/1"), visitor.get("/q/2?change=1")]
    assert all(page.status_code == 200 for page in pages)
    htmls = [page.get_data(as_text=True) for page in pages]
    assert all(tokens(html) == {visitor.token} for html in htmls)
    return [html.replace(visitor.token, "TOKEN") for html in htmls]


def fresh(template: str, own: dict[str, str] | None = None, **context: Any) -> str:
    """The page rendered anew for this request, a visitor's own parts with it."""
    parts = {name: Markup(html) for name, html in (own or {}).items()}  # noqa: S704 - rendered by our templates
    built = {name: value.build() if isinstance(value, kept.Built) else value for name, value in context.items()}
    return render_template(template, **parts, **built)


def fresh_answers(tree: Tree, answered: Iterable[tuple[int, Node, tuple[str, ...]]], language: str) -> Markup:
    """A visitor's answers, each row rendered anew with its own number and labels."""
    rows = []
    for number, node, choice in answered:
        chosen = ", ".join(node.option(option).label.get(language) for option in choice)  # type: ignore[union-attr]
        rows.append(render_template("visitor/_answer_row.html", node=node, number=number, chosen=chosen, lang=language))
    return Markup("".join(rows))  # noqa: S704 - our template


def kept_pages(app: Flask) -> dict[tuple[object, ...], str]:
    pages: dict[tuple[object, ...], str] = app.extensions["helpwanted.kept_pages"].pages
    return pages


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_kept_page_is_the_page_a_fresh_render_gives(
    app: Flask, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")  # one minute for the whole test
    first = visitor_pages(app, PAID_UNDER_18, language)  # rendered and kept
    again = visitor_pages(app, PAID_UNDER_18, language)  # the same states: every page from the kept ones
    other = visitor_pages(app, PAID_ADULT, language)
    templates = {key[0] for key in kept_pages(app)}
    assert {"visitor/home.html", "visitor/about.html", "visitor/step.html", "visitor/result.html"} <= templates
    assert len(kept_pages(app)) == len(set(first) | set(other)) > 8
    monkeypatch.setattr(views, "render_kept", fresh)
    monkeypatch.setattr(views, "answers_html", fresh_answers)
    assert visitor_pages(app, PAID_UNDER_18, language) == first == again
    assert visitor_pages(app, PAID_ADULT, language) == other != first
    assert first[-4] != other[-4]  # the advice itself differs with the age


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


def test_each_visitor_starts_with_the_token_on_their_own_kept_home_page(app: Flask) -> None:
    one, two = Visitor(app.test_client(), "en"), Visitor(app.test_client(), "en")
    homes = [visitor.get("/").get_data(as_text=True) for visitor in (one, two)]
    assert homes[0].replace(one.token, "T") == homes[1].replace(two.token, "T")  # one kept page
    assert one.token != two.token and tokens(homes[0]) == {one.token} and tokens(homes[1]) == {two.token}
    assert two.post("/start", {"questionnaire": "sextortion"}).status_code == 303
    one.token = two.token
    assert one.post("/start", {"questionnaire": "sextortion"}).status_code == 400


def test_every_page_of_a_visit_carries_the_one_token(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The home page too, seconds later (a token is signed with the time: signing again would change it)."""
    visitor = Visitor(app.test_client(), "en")
    first = tokens(visitor.get("/").get_data(as_text=True))
    later = itsdangerous.timed.time.time() + 60
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: later)
    for path in ("/", "/about", "/"):
        assert tokens(visitor.get(path).get_data(as_text=True)) == first
    visitor.start("sextortion")
    assert {visitor.token} == first


def test_the_advice_page_follows_the_rating_of_this_visit_only(app: Flask) -> None:
    one, two = Visitor(app.test_client(), "en"), Visitor(app.test_client(), "en")
    pages = [visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True) for visitor in (one, two)]
    assert pages[0].replace(one.token, "T") == pages[1].replace(two.token, "T")
    thanked = one.follow(one.post("/helpful", {"helpful": "yes"})).get_data(as_text=True)
    assert 'name="helpful"' in pages[0] and 'name="helpful"' not in thanked
    assert 'name="helpful"' in two.get("/result").get_data(as_text=True)  # still theirs to give


def test_the_home_page_follows_the_listing(app: Flask) -> None:
    visitor = Visitor(app.test_client(), "en")
    topics = visitor.get("/").get_data(as_text=True).count('name="questionnaire"')
    with app.app_context():
        lifecycle.set_listed("sextortion", False, "editor@example.org", "test")
    assert visitor.get("/").get_data(as_text=True).count('name="questionnaire"') == topics - 1
    with app.app_context():
        lifecycle.set_listed("sextortion", True, "editor@example.org", "test")
    assert visitor.get("/").get_data(as_text=True).count('name="questionnaire"') == topics


def test_pages_are_kept_within_a_bound(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kept, "MAX_KEPT", 3)
    pages = visitor_pages(app, PAID_UNDER_18, "en")
    assert len(set(pages)) > 3 and 1 <= len(kept_pages(app)) <= 3


def test_a_page_with_a_message_for_one_visitor_is_never_kept(app: Flask) -> None:
    visitor = Visitor(app.test_client(), "en")
    visitor.start("sextortion")
    before = len(kept_pages(app))
    refused = visitor.answer(1, "safety")  # no answer chosen: the page says so
    assert refused.status_code == 200 and "Choose an answer." in refused.get_data(as_text=True)
    assert len(kept_pages(app)) == before


def test_a_kept_page_shows_the_help_block_of_this_minute(lines_app: Flask) -> None:
    visitor = Visitor(lines_app.test_client(), "en")
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:00")
    assert "Closed now. Opens at 14:00" in visitor.start("sextortion").get_data(as_text=True)
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 14:00:00")
    assert "Open now, until 20:00" in visitor.get("/q/1").get_data(as_text=True)  # the same question, a new minute


def main_part(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


KINDERTELEFOON_CALL = re.compile(r'class="call-button( is-closed)?" href="tel:[^"]*0432"')


def test_the_advice_says_what_is_open_this_minute(lines_app: Flask) -> None:
    """The contact buttons of an advice (not only the help block) read the clock: kept per minute."""
    visitor = Visitor(lines_app.test_client(), "en")
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:30")  # a Monday; the line opens at 14:00
    closed = main_part(visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True))
    assert {match[1] for match in KINDERTELEFOON_CALL.finditer(closed)} == {" is-closed"}
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 13:59:59.999")  # the same minute: the same page
    assert main_part(visitor.get("/result").get_data(as_text=True)) == closed
    lines_app.extensions["helpwanted.clock"] = at("2026-11-30 14:00:00")
    opened = main_part(visitor.get("/result").get_data(as_text=True))
    assert {match[1] or "" for match in KINDERTELEFOON_CALL.finditer(opened)} == {""}


def test_one_app_keeps_each_language_apart(app: Flask) -> None:
    """Two visitors of one app, in two languages, at the same pages."""
    dutch, english = Visitor(app.test_client(), "nl"), Visitor(app.test_client(), "en")
    for path in ("/", "/about"):
        assert '<html lang="nl"' in dutch.get(path).get_data(as_text=True)
        assert '<html lang="en"' in english.get(path).get_data(as_text=True)
    advice = [visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True) for visitor in (dutch, english)]
    assert '<html lang="nl"' in advice[0] and '<html lang="en"' in advice[1]


@pytest.mark.parametrize("value", [object(), {"a": 1}, {1, 2}])
def test_a_value_that_cannot_be_keyed_by_value_is_refused(app: Flask, value: object) -> None:
    with app.test_request_context("/"), pytest.raises(TypeError, match="cannot be keyed"):
        kept.render_kept("visitor/about.html", extra=value)


def test_another_worker_follows_the_listing_within_the_refresh_interval(
    app: Flask, app_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listing is read once per CATALOG_REFRESH_SECONDS in each process, like the catalogue."""
    other = create_app({**app_config, "CATALOG_REFRESH_SECONDS": 5})  # another worker, the same database
    visitor = Visitor(other.test_client(), "en")
    clock = [1000.0]
    monkeypatch.setattr(listing.time, "monotonic", lambda: clock[0])
    topics = visitor.get("/").get_data(as_text=True).count('name="questionnaire"')
    with app.app_context():
        lifecycle.set_listed("sextortion", False, "editor@example.org", "test")
    clock[0] += 4.9
    assert visitor.get("/").get_data(as_text=True).count('name="questionnaire"') == topics  # not asked yet
    clock[0] += 0.2
    assert visitor.get("/").get_data(as_text=True).count('name="questionnaire"') == topics - 1
    other.extensions["helpwanted.engine"].dispose()


def test_two_visits_with_the_same_advice_each_see_their_own_answers(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether the image was spread ('no' or 'don't know') leaves the advice as it is, not the answers shown."""
    first = visitor_pages(app, {**PAID_UNDER_18, "spread": ("no",)}, "en")[-4]
    second = visitor_pages(app, {**PAID_UNDER_18, "spread": ("unknown",)}, "en")[-4]
    assert "<h1>" in first and first != second
    monkeypatch.setattr(views, "render_kept", fresh)
    assert visitor_pages(app, {**PAID_UNDER_18, "spread": ("unknown",)}, "en")[-4] == second


def test_the_same_step_of_two_paths_shows_each_its_own_question(app: Flask) -> None:
    """In 'pressure', step 3 of 5 asks who after 'pressure' and who threatens after 'threat'."""
    for what, node in (("pressure", "who"), ("threat", "threat-who")):
        visitor = Visitor(app.test_client(), "en")
        visitor.start("pressure")
        visitor.follow(visitor.answer(1, "safety", "no"))
        third = visitor.follow(visitor.answer(2, "what", what))
        assert third.request.path == "/q/3" and f'name="node" value="{node}"' in third.get_data(as_text=True)


def test_a_kept_advice_page_holds_no_answers(app: Flask) -> None:
    """A visit's answers are put in for its own request only: no page kept in memory holds a path."""
    visitor = Visitor(app.test_client(), "en")
    page = visitor.walk("sextortion", PAID_UNDER_18).get_data(as_text=True)
    assert page.count('class="summary-row"') == len(PAID_UNDER_18) and "I only know them online" in page
    advice = [html for key, html in kept_pages(app).items() if key[0] == "visitor/result.html"]
    assert len(advice) == 1 and 'class="summary-row"' not in advice[0] and "I only know them online" not in advice[0]
    assert all(html.count('class="summary-row"') <= 1 for html in kept_pages(app).values())  # one answer at most


def test_the_answer_rows_in_memory_tell_nothing_of_what_anyone_answered(app: Flask) -> None:
    """Rows are rendered for every question of the questionnaire at once, with placeholders: the same
    rows whatever a visit answered, and none of them holds a chosen option."""
    from helpwanted.visitor import answer_rows

    young, adult = Visitor(app.test_client(), "en"), Visitor(app.test_client(), "en")
    assert "I only know them online" in young.walk("sextortion", PAID_UNDER_18).get_data(as_text=True)
    rows = dict(app.extensions["helpwanted.answer_rows"])
    adult.walk("sextortion", PAID_ADULT)
    assert app.extensions["helpwanted.answer_rows"] == rows, "another visit's answers changed nothing in memory"
    ((key, questions),) = rows.items()
    with app.app_context():
        tree = views.find_tree("sextortion")
    assert tree is not None and key[:3] == (tree.id, tree.version, "en")
    assert set(questions) == {node.id for node in tree.nodes.values() if node.kind.value == "question"}
    for row in questions.values():
        assert f"<dd>{answer_rows._LABELS}</dd>" in row.html, "the answer's place holds no option's label"
        assert f"/q/{answer_rows._NUMBER}?change=1" in row.html, "nor its change link the step it was at"


def test_a_minutes_pages_are_dropped_when_it_is_over_even_without_a_request(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    timers: list[tuple[float, Any]] = []

    class Timer:
        def __init__(self, delay: float, function: Any) -> None:
            timers.append((delay, function))
            self.daemon = False

        def start(self) -> None:
            assert self.daemon, "a daemon thread: it never holds a worker's exit up"

    monkeypatch.setattr(kept.threading, "Timer", Timer)
    app.extensions["helpwanted.clock"] = at("2026-11-30 15:00")
    Visitor(app.test_client(), "en").get("/about")
    first = app.extensions["helpwanted.kept_pages"]
    app.extensions["helpwanted.clock"] = at("2026-11-30 15:01")
    Visitor(app.test_client(), "en").get("/about")
    second = app.extensions["helpwanted.kept_pages"]
    assert second is not first and len(timers) == 2 and all(0 < delay <= 61 for delay, _ in timers)
    timers[0][1]()  # the first minute's timer, late: the pages of the minute after stay
    assert app.extensions["helpwanted.kept_pages"] is second
    timers[1][1]()  # early, by the app's clock: the minute is not over yet
    assert app.extensions["helpwanted.kept_pages"] is second
    app.extensions["helpwanted.clock"] = at("2026-11-30 15:02")
    timers[1][1]()  # a quiet worker: the minute is over and no request came after its last page
    assert "helpwanted.kept_pages" not in app.extensions
    assert Visitor(app.test_client(), "en").get("/about").status_code == 200  # and the next page keeps anew


def test_answer_rows_follow_the_content_and_the_interface_language_and_stay_bounded(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A questionnaire not complete in the interface language is shown in its own: its rows then speak
    the questionnaire's language, their change link the visitor's."""
    from helpwanted.visitor import answer_rows

    with app.app_context():
        tree = views.find_tree("sextortion")
    assert tree is not None
    question = next(node for node in tree.nodes.values() if node.kind.value == "question" and node.options)
    option = question.options[0]
    answered = [(1, question, (option.id,))]
    monkeypatch.setattr(answer_rows, "MAX_KEPT", 2)
    rows = {}
    for interface in ("nl", "en"):
        for content in ("nl", "en"):
            with app.test_request_context(headers={"Accept-Language": interface}):
                rows[interface, content] = str(answer_rows.answers_html(tree, answered, content))
            assert len(app.extensions["helpwanted.answer_rows"]) <= 2, "kept for at most MAX_KEPT keys"
    for (interface, content), html in rows.items():
        assert question.title.get(content) in html and str(escape(option.label.get(content))) in html
        assert ("Wijzig" if interface == "nl" else "Change") in html, (interface, content)
    assert len(set(rows.values())) == 4


def test_two_visits_at_one_advice_see_the_steps_their_own_answers_show(app: Flask) -> None:
    """The same outcome, age and rating, but answers that show other steps: each visit its own steps."""
    with app.app_context():
        tree = views.find_tree("harassment")
        assert tree is not None
        by_outcome: dict[tuple[str, object, object], dict[str, tuple[str, ...]]] = {}
        pair = None
        for path in all_paths(tree):
            answers = dict(path.answers)
            outcome = tree.nodes[path.outcome]
            shown = shown_steps(outcome, answers)
            key = (path.outcome, help.visitor_age(answers), None)
            other = by_outcome.setdefault(key, answers)
            if shown != shown_steps(outcome, other):
                pair = (other, answers)
                break
    assert pair is not None, "harassment has an outcome whose steps depend on the answers"
    pages = [Visitor(app.test_client(), "en").walk("harassment", answers).get_data(as_text=True) for answers in pair]
    steps = [views.split_advice(tree, tree.nodes[path.outcome], answers, "en") for answers in pair]
    for html, advice in zip(pages, steps, strict=True):
        leads = [str(escape(section.lead.rsplit(" ", 1)[0])) for section in (*advice.first, *advice.rest)]
        assert all(lead in html for lead in leads)  # (the first steps' last word is wrapped for the chevron)
    assert steps[0] != steps[1] and pages[0] != pages[1]
