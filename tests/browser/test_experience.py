"""Issue 14 in real Chromium on a phone (375 px): act in seconds, a person in one tap, print safely.

Each outcome's "do this first" above the fold, the call/chat buttons, "open now" switching with
the server's clock, the compact help on question pages, age-fitting lines, printing without the
answers, and axe on every kind of page, with and without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml
from flask import Flask
from playwright.async_api import Page as AsyncPage
from playwright.async_api import expect as async_expect
from playwright.sync_api import Browser, BrowserContext, Page, expect

from helpwanted.opening_hours import AMSTERDAM
from helpwanted.questionnaire import Tree, advice_parts, split_lead
from helpwanted.questionnaire.fold import FirstStep, first_steps_bottom

from ..visitor.fixtures import write_channels
from .conftest import ROOT, Served, fresh_app, run_axe
from .sidebyside import side_by_side

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 667}  # a small phone (iPhone SE / 8)
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_NODE = re.compile(r'name="node" value="([^"]+)"')


@pytest.fixture(scope="module")
def lines_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    """Its own app: test help lines with confirmed hours, and a clock the tests set."""
    folder = tmp_path_factory.mktemp("lines")
    app = fresh_app(folder, HELP_CHANNELS_FILE=str(write_channels(folder)))
    set_clock(app, "2026-11-30 15:00")
    served = Served(app)
    yield app, served.url
    served.stop()
    app.extensions["helpwanted.engine"].dispose()


def set_clock(app: Flask, moment: str) -> None:
    """Move the server's clock (Amsterdam time)."""
    app.extensions["helpwanted.clock"] = lambda: datetime.fromisoformat(moment).replace(tzinfo=AMSTERDAM)


def phone(browser: Browser, javascript: bool = True, locale: str = "nl-NL", **settings: Any) -> BrowserContext:
    return browser.new_context(viewport=PHONE, locale=locale, java_script_enabled=javascript, **settings)


def quick_walk(page: Page, base: str, tree: Tree, answers: dict[str, tuple[str, ...]]) -> None:
    """Answer by plain form posts (sharing the page's cookies), then open the advice in the page."""
    request = page.context.request
    response = request.post(
        base + "/start",
        form={"csrf_token": _TOKEN.findall(request.get(base + "/").text())[0], "questionnaire": tree.id},
    )
    number = 1
    while "/q/" in response.url:
        html = response.text()
        fields = [("csrf_token", _TOKEN.findall(html)[0]), ("node", _NODE.findall(html)[0])]
        fields += [("answer", option) for option in answers.get(_NODE.findall(html)[0], ())]
        response = request.post(
            f"{base}/q/{number}",
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.ok, (tree.id, number, response.status)
        number += 1
    page.goto(base + "/result")


Outcome = tuple[Tree, dict[str, tuple[str, ...]], str]


def every_outcome(app: Flask) -> list[Outcome]:
    """One scenario per outcome that has one: (tree, answers, outcome id)."""
    seen: dict[tuple[str, str], Outcome] = {}
    for tree in app.extensions["helpwanted.trees"].catalog.trees.values():
        for scenario in tree.scenarios:
            seen.setdefault((tree.id, scenario.expect), (tree, dict(scenario.answers), scenario.expect))
    return list(seen.values())


Below = list[tuple[str, str, int, int]]


async def quick_walk_async(page: AsyncPage, base: str, tree: Tree, answers: dict[str, tuple[str, ...]]) -> None:
    """`quick_walk` on Playwright's async API (for visits side by side)."""
    request = page.context.request
    home = await (await request.get(base + "/")).text()
    response = await request.post(base + "/start", form={"csrf_token": _TOKEN.findall(home)[0], "questionnaire": tree.id})
    number = 1
    while "/q/" in response.url:
        html = await response.text()
        fields = [("csrf_token", _TOKEN.findall(html)[0]), ("node", _NODE.findall(html)[0])]
        fields += [("answer", option) for option in answers.get(_NODE.findall(html)[0], ())]
        response = await request.post(
            f"{base}/q/{number}",
            data=urlencode(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert response.ok, (tree.id, number, response.status)
        number += 1
    await page.goto(base + "/result")


def first_steps_below_the_fold(
    launch: tuple[str, dict[str, Any]], base: str, outcomes: list[Outcome], locale: str
) -> Below:
    """(tree, outcome, step, bottom in px) of every "do this first" step that ends below a phone's screen.

    Each outcome's real bottom must also be at or above the checker's estimate (questionnaire/fold.py):
    the estimate is what keeps a tree whose first steps would not fit from being served.
    Each outcome is opened by a new visitor on a phone in this locale, a few side by side (sidebyside.py).
    """
    language = locale[:2]
    too_low: Below = []
    underestimated: Below = []

    async def measure(page: AsyncPage, outcome: Outcome) -> None:
        tree, answers, outcome_id = outcome
        await quick_walk_async(page, base, tree, answers)
        if language in tree.languages:
            title = tree.nodes[outcome_id].title.get(language)
            await async_expect(page.get_by_role("heading", level=1)).to_have_text(title)
        steps = page.locator(".first-steps .steps > li")
        count = await steps.count()
        assert 1 <= count <= 3, (tree.id, outcome_id)
        bottoms = []
        for index in range(count):
            box = await steps.nth(index).bounding_box()
            assert box is not None
            bottoms.append(round(box["y"] + box["height"]))
            if bottoms[-1] > PHONE["height"]:
                too_low.append((tree.id, outcome_id, index + 1, bottoms[-1]))
        if language in tree.languages and max(bottoms) > estimated_bottom(tree, answers, outcome_id, language):
            estimate = estimated_bottom(tree, answers, outcome_id, language)
            underestimated.append((tree.id, outcome_id, max(bottoms), estimate))

    phone_args = {"viewport": PHONE, "locale": locale, "java_script_enabled": True}
    side_by_side(launch[0], launch[1], phone_args, outcomes, measure, name=lambda outcome: f"{outcome[0].id}: {outcome[2]}")
    assert underestimated == [], f"measure the layout again and update questionnaire/fold.Phone: {sorted(underestimated)}"
    return sorted(too_low)


def estimated_bottom(tree: Tree, answers: dict[str, tuple[str, ...]], outcome: str, language: str) -> int:
    """Where the checker expects this outcome's first steps to end on the phone."""
    node = tree.nodes[outcome]
    first, _ = advice_parts(tree, node, answers)
    leads = [split_lead(step.text.get(language) if step.text else "") for step in first[:3]]
    shown = [FirstStep(lead, bool(more), len(step.contacts)) for (lead, more), step in zip(leads, first, strict=False)]
    return first_steps_bottom(node.title.get(language), node.text.get(language) if node.text else "", shown)


@pytest.mark.parametrize("locale", ["nl-NL", "en-GB"])
def test_the_first_steps_of_every_outcome_are_above_the_fold(
    browser_name: str, browser_type_launch_args: dict[str, Any], live_app: Flask, live_server: str, locale: str
) -> None:
    # Every outcome of every shipped tree, now and later: the checker's 'first-steps.fold' estimate
    # (questionnaire/fold.py) keeps a tree from being served when its first steps would not fit.
    outcomes = every_outcome(live_app)
    assert len(outcomes) >= 12
    too_low = first_steps_below_the_fold((browser_name, browser_type_launch_args), live_server, outcomes, locale)
    assert too_low == [], f"a 'do this first' step ends below the fold (px from the top): {too_low}"


def test_a_first_step_shows_its_lead_and_opens_the_rest_without_javascript(
    browser: Browser, live_app: Flask, live_server: str
) -> None:
    context = phone(browser, javascript=False)
    page = context.new_page()
    walk_sextortion(page, live_server, live_app, "under18")
    step = page.locator(".first-steps .first-step").nth(1)
    expect(step.locator("summary")).to_have_text("Maak screenshots van de chat, zonder het beeld.")
    detail = step.locator(".step-body")
    expect(detail).to_be_hidden()
    step.locator("summary").click()
    expect(detail).to_contain_text("Scroll tot de foto of video niet meer in beeld is.")
    box = step.locator("summary").bounding_box()
    assert box is not None and box["height"] >= 48 - 0.5, box  # the lead is a tap target
    context.close()


def test_call_and_chat_are_large_buttons_on_an_urgent_outcome(browser: Browser, lines_site: tuple[Flask, str]) -> None:
    app, base = lines_site
    context = phone(browser)
    page = context.new_page()
    quick_walk(page, base, app.extensions["helpwanted.trees"].catalog.trees["sextortion"], {"safety": ("yes",)})
    first = page.locator(".first-steps")
    call_112 = first.get_by_role("link", name="Bel 112")
    expect(call_112).to_be_visible()
    expect(call_112).to_have_attribute("href", "tel:112")
    expect(first.get_by_role("link", name=re.compile("^Bel 0800 0113"))).to_be_visible()
    help_block = page.locator(".help-block")
    chat = help_block.get_by_role("link", name="Chat met 113 Zelfmoordpreventie")
    expect(chat).to_have_attribute("href", "https://www.113.nl/chat")
    for button in [b for b in page.locator(".call-button").all() if b.is_visible()]:  # not those in closed sections
        box = button.bounding_box()
        assert box is not None and box["height"] >= 48 - 0.5 and box["width"] >= 48 - 0.5, box
    context.close()


def test_open_now_switches_with_the_server_clock(browser: Browser, lines_site: tuple[Flask, str]) -> None:
    app, base = lines_site
    context = phone(browser)
    page = context.new_page()
    quick_walk(page, base, app.extensions["helpwanted.trees"].catalog.trees["sextortion"], {"safety": ("yes",)})
    lines = page.locator(".help-block .channel")
    set_clock(app, "2026-11-30 15:00")  # Monday afternoon
    page.reload()
    helpwanted = lines.filter(has_text="Helpwanted")
    expect(helpwanted.locator(".hours")).to_have_text("Nu open, tot 18:00")
    expect(lines.filter(has_text="113 Zelfmoordpreventie").locator(".hours")).to_have_text("Dag en nacht open")
    set_clock(app, "2026-11-30 22:30")  # Monday night
    page.reload()
    expect(helpwanted.locator(".hours")).to_have_text("Nu gesloten. Morgen open om 14:00")
    names = lines.locator(".channel-name").all_text_contents()
    assert names.index("Helpwanted") > names.index("113 Zelfmoordpreventie"), "open lines first at night"
    set_clock(app, "2026-12-24 19:00")  # Christmas Day is closed: the next opening skips it
    page.reload()
    expect(helpwanted.locator(".hours")).to_have_text("Nu gesloten. Open op maandag om 14:00")
    set_clock(app, "2026-11-30 15:00")
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_question_pages_show_help_as_one_line_that_opens(browser: Browser, live_server: str, javascript: bool) -> None:
    context = phone(browser, javascript)
    page = context.new_page()
    page.goto(live_server + "/")
    page.get_by_role("button", name=re.compile("Iemand dreigt")).click()
    summary = page.locator(".help-details > summary")
    expect(summary).to_be_visible()
    box = page.locator(".help-block").bounding_box()
    assert box is not None and box["height"] <= 110, box  # one compact line, not three cards
    calls = page.locator(".help-block .call-button")
    expect(calls.first).to_be_hidden()
    summary.click()
    expect(calls.first).to_be_visible()
    expect(page.locator(".help-block").get_by_text("113 Zelfmoordpreventie").first).to_be_visible()
    context.close()


def walk_sextortion(page: Page, base: str, app: Flask, age: str) -> None:
    answers = {"safety": ("no",), "who": ("online",), "have": ("sent",), "paid": ("no",), "spread": ("no",)}
    tree = app.extensions["helpwanted.trees"].catalog.trees["sextortion"]
    quick_walk(page, base, tree, {**answers, "age": (age,)})


def test_a_line_for_under_18s_is_not_offered_first_to_an_adult(browser: Browser, lines_site: tuple[Flask, str]) -> None:
    app, base = lines_site
    context = phone(browser)
    page = context.new_page()
    walk_sextortion(page, base, app, "under18")
    under = page.locator(".help-block .channel-name").all_text_contents()
    context.clear_cookies()
    walk_sextortion(page, base, app, "adult")
    adult = page.locator(".help-block .channel-name").all_text_contents()
    assert under.index("De Kindertelefoon") < under.index("Helpwanted")
    assert adult[-1] == "De Kindertelefoon"
    context.close()


def test_printing_leaves_out_the_answers_unless_the_visitor_chooses(browser: Browser, live_app: Flask, live_server: str) -> None:
    context = phone(browser)
    page = context.new_page()
    walk_sextortion(page, live_server, live_app, "adult")
    answer = page.locator(".situation dd").filter(has_text="18 of ouder")
    page.emulate_media(media="print")
    expect(page.locator(".first-steps")).to_be_visible()
    expect(page.locator(".help-block")).to_be_visible()
    expect(page.locator(".situation")).to_be_hidden()
    expect(answer).to_be_hidden()
    expect(page.locator(".exit-bar")).to_be_hidden()
    section = page.locator(".advice-section .section-body").first
    expect(section).to_be_visible()  # sections print open
    expect(page.locator(".first-step .step-body").first).to_be_visible()  # and so does the rest of a first step
    page.emulate_media(media="screen")
    expect(section).to_be_hidden()  # … and are closed on screen
    page.get_by_label("Mijn antwoorden ook printen").check()
    page.emulate_media(media="print")
    expect(page.locator(".situation")).to_be_visible()
    context.close()


def axe_walk(page: Page, base: str) -> dict[str, list[dict[str, Any]]]:
    """axe on the home page, a question with the help closed and open, and two outcomes."""
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(base + "/")
    found["home"] = run_axe(page)
    page.get_by_role("button", name=re.compile("Iemand dreigt")).click()
    found["question"] = run_axe(page)
    page.locator(".help-details > summary").click()
    found["question, help open"] = run_axe(page)
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Volgende").click()
    found["urgent outcome"] = run_axe(page)
    page.locator(".advice-section > summary").first.click()
    page.locator(".situation > summary").click()
    found["urgent outcome, sections open"] = run_axe(page)
    page.get_by_role("button", name="Ja", exact=True).click()
    found["thanked"] = run_axe(page)
    return {name: violations for name, violations in found.items() if violations}


@pytest.mark.parametrize("javascript", [True, False])
def test_axe_is_clean_on_the_new_pages(browser: Browser, lines_site: tuple[Flask, str], javascript: bool) -> None:
    _, base = lines_site
    context = phone(browser)
    page = context.new_page()
    if not javascript:
        # The site's only script is exit.js: blocking it gives the page a browser without JavaScript
        # would see, while axe (injected by the test) can still run.
        page.route("**/static/exit.js", lambda route: route.abort())
    try:
        assert axe_walk(page, base) == {}
        if not javascript:
            expect(page.get_by_role("button", name="Dit advies printen")).to_be_hidden()
    finally:
        context.close()


def test_home_says_not_alone_and_anonymous_with_an_icon_per_topic(browser: Browser, live_server: str) -> None:
    context = phone(browser)
    page = context.new_page()
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je bent niet de enige")
    expect(page.get_by_text(re.compile("^Anoniem"))).to_be_in_viewport()
    topics = page.locator(".topics .topic")
    assert topics.count() >= 4
    for topic in topics.all():
        expect(topic.locator("svg.icon")).to_have_attribute("aria-hidden", "true")
    assert page.evaluate("document.getAnimations().length") == 0  # calm: nothing moves
    context.close()


def test_no_request_leaves_the_site(browser: Browser, lines_site: tuple[Flask, str]) -> None:
    _, base = lines_site
    context = phone(browser)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    axe_walk(page, base)
    assert hosts == {base.split("/")[2]}
    context.close()


class _Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 booleans (only true/false), like the questionnaire reader."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def with_arabic(text: str) -> str:
    """A questionnaire with an Arabic text beside every English one (a right-to-left test language)."""
    data = yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - a safe loader: 'yes' stays an id, as in our reader

    def add(value: Any) -> Any:
        if isinstance(value, dict):
            if "en" in value and "nl" in value and all(isinstance(v, str) for v in value.values()):
                return {**value, "ar": "نص للتجربة. " + value["en"]}
            return {key: add(item) for key, item in value.items()}
        if isinstance(value, list):
            return [add(item) for item in value]
        return value

    return yaml.safe_dump(add(data), allow_unicode=True, sort_keys=False)


SHIPPED = sorted(path.stem for path in (ROOT / "questionnaires").glob("*.yaml"))


@pytest.fixture(scope="module")
def rtl_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Three languages; 'harassment' is complete in Arabic, the other trees are not (partial coverage)."""
    folder = tmp_path_factory.mktemp("rtl")
    trees = folder / "questionnaires"
    trees.mkdir()
    (trees / "harassment.yaml").write_text(with_arabic((ROOT / "questionnaires" / "harassment.yaml").read_text()))
    for other in SHIPPED:  # every tree, so the trees harassment links to exist (see_also is checked)
        if other != "harassment":
            (trees / f"{other}.yaml").write_text((ROOT / "questionnaires" / f"{other}.yaml").read_text())
    app = fresh_app(folder, LANGUAGES=["nl", "en", "ar"], QUESTIONNAIRES_DIR=str(trees))
    served = Served(app)
    yield served.url
    served.stop()
    app.extensions["helpwanted.engine"].dispose()


def test_a_tree_is_offered_in_the_languages_it_is_complete_in(browser: Browser, rtl_site: str) -> None:
    for locale, expected in (("nl-NL", len(SHIPPED)), ("ar", 1)):
        context = browser.new_context(viewport=PHONE, locale=locale)
        page = context.new_page()
        page.goto(rtl_site + "/")
        expect(page.locator(".topics .topic")).to_have_count(expected)
        context.close()


def test_first_steps_fit_above_the_fold_in_the_right_to_left_language(
    browser_name: str, browser_type_launch_args: dict[str, Any], live_app: Flask, rtl_site: str
) -> None:
    harassment = [outcome for outcome in every_outcome(live_app) if outcome[0].id == "harassment"]
    too_low = first_steps_below_the_fold((browser_name, browser_type_launch_args), rtl_site, harassment, "ar")
    assert too_low == [], f"a 'do this first' step ends below the fold (px from the top): {too_low}"


@pytest.mark.parametrize("width", [375, 320])
def test_right_to_left_language_is_laid_out_from_the_right(browser: Browser, rtl_site: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 667}, locale="ar")
    page = context.new_page()
    page.goto(rtl_site + "/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "reflow without sideways scrolling"
    topic = page.locator(".topics .topic").first
    icon, text = topic.locator(".topic-icon").bounding_box(), topic.locator(".topic-text").bounding_box()
    assert icon is not None and text is not None and icon["x"] > text["x"], "the icon sits at the start: the right"
    assert run_axe(page) == []
    topic.click()
    radio = page.locator(".choice input").first.bounding_box()
    label = page.locator(".choice label").first.bounding_box()
    assert radio is not None and label is not None and radio["x"] > label["x"], "the radio is right of its label"
    back = page.locator(".back-link").bounding_box()
    assert back is not None and back["x"] + back["width"] > width / 2, "the back link starts on the right"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert run_axe(page) == []
    page.locator(".choice input").first.check()
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert run_axe(page) == []
    context.close()
