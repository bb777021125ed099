"""axe-core on every distinct visitor page in both languages; reflow at 320 px; focus never hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .conftest import run_axe
from .test_visitor import choose, next_page, start

pytestmark = pytest.mark.browser


def visit_every_kind_of_page(page: Page, live_server: str, language: str) -> dict[str, str]:
    """Open each distinct page once and return name → URL visited (axe runs on each)."""
    seen: dict[str, list[dict[str, object]]] = {}

    def check(name: str) -> None:
        page.wait_for_load_state()
        seen[name] = run_axe(page)

    yes, no = ("Ja", "Nee") if language == "nl" else ("Yes", "No")
    page.goto(live_server + "/")
    check("home")
    page.goto(live_server + "/about")
    check("about")
    page.goto(live_server + "/does-not-exist")
    check("404")
    page.goto(live_server + "/result")
    check("400 start again")
    title = "Iemand dreigt" if language == "nl" else "Someone's threatening"
    start(page, live_server, title)
    check("question")
    next_page(page)
    check("question with error")
    choose(page, no)
    next_page(page)
    check("question with hints")
    page.goto(live_server + "/q/1")
    choose(page, yes)
    next_page(page)
    check("advice (urgent)")
    page.goto(live_server + "/q/1?change=1")
    choose(page, no)
    next_page(page)
    choose(
        page,
        "Nee, ik ken hem of haar alleen van internet" if language == "nl" else "No, I only know them online",
    )
    next_page(page)
    choose(
        page,
        "Niets, denk ik: ik kreeg alleen een dreigbericht"
        if language == "nl"
        else "Nothing, I think: I just got a threatening message",
    )
    next_page(page)
    check("advice")
    page.goto(live_server + "/staff/login")
    check("staff sign-in")
    return {name: str(violations) for name, violations in seen.items() if violations}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_axe_finds_no_violations_on_any_visitor_page(browser, live_server: str, language: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="nl-NL" if language == "nl" else "en-GB")
    page = context.new_page()
    try:
        assert visit_every_kind_of_page(page, live_server, language) == {}
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/", "/about"])
def test_pages_reflow_at_320_px_without_horizontal_scrolling(browser, live_server: str, url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server + url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_question_and_advice_reflow_and_targets_are_44px(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    start(page, live_server, "Iemand dreigt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for selector in ("input[type=radio]", ".exit-button", "button.button", ".back-link"):
        for box in [e.bounding_box() for e in page.locator(selector).all() if e.is_visible()]:
            assert box is not None and box["height"] >= 44 - 0.5, (selector, box)
    choose(page, "Ja")
    next_page(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_the_longest_advice_page_reflows_at_320_px(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    start(page, live_server, "Mijn naaktfoto of -video is gedeeld")
    for label in (
        "Nee",
        "Ja, ik was jonger dan 18",
        "Nee",
        "Op een openbare website of in een openbaar bericht",
        "Ja, iemand die ik ken",
        "Ja",
    ):
        choose(page, label)
        next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Het staat op een openbare plek")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "long links must wrap"
    context.close()


def test_keyboard_focus_is_never_hidden_under_the_sticky_exit_button(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 320, "height": 480}, locale="nl-NL")
    page = context.new_page()
    start(page, live_server, "Iemand dreigt")
    choose(page, "Nee")
    next_page(page)
    page.get_by_label("Dat weet ik niet", exact=True).scroll_into_view_if_needed()
    page.mouse.wheel(0, 2000)
    for _ in range(25):
        page.keyboard.press("Shift+Tab")
        bar = page.locator(".exit-bar").bounding_box()
        focused = page.evaluate(
            "(() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom]; })()"
        )
        assert bar is not None
        if page.evaluate("document.activeElement.closest('.exit-bar, .skip-link') !== null"):
            continue
        assert focused[1] > bar["y"] + bar["height"], "a focused element is entirely under the exit button"
    context.close()


def test_advice_prints_without_navigation_or_exit_button(page: Page, live_server: str) -> None:
    start(page, live_server, "Iemand dreigt")
    choose(page, "Ja")
    next_page(page)
    page.emulate_media(media="print")
    expect(page.locator(".exit-bar")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".steps")).to_be_visible()
    expect(page.locator(".help-block")).to_be_visible()
