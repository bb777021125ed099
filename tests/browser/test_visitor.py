"""The visitor's path in real headless Chromium: walks, back/change/restart, quick exit, language."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest
from flask import Flask
from playwright.async_api import Page as AsyncPage
from playwright.async_api import expect as async_expect
from playwright.sync_api import Page, expect

from .sidebyside import side_by_side

pytestmark = pytest.mark.browser


def choose(page: Page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


NEXT = re.compile("^(Volgende|Next|Verder|Continue)$")


def next_page(page: Page) -> None:
    with page.expect_navigation():  # every answer is a form post: wait for the next page before going on
        page.get_by_role("button", name=NEXT).click()


def start(page: Page, live_server: str, title: str) -> None:
    page.goto(live_server + "/")
    page.get_by_role("button", name=re.compile(re.escape(title))).click()
    expect(page).to_have_url(live_server + "/q/1")
    page.wait_for_load_state()  # the quick-exit script must be listening before keys are pressed


class Scenario(NamedTuple):
    """One of a tree's scenarios: its answers and the outcome they must reach."""

    tree: str
    answers: dict[str, tuple[str, ...]]
    expect: str


async def walk_scenario(page: AsyncPage, live_app: Flask, live_server: str, scenario: Scenario) -> None:
    """Start the tree from the home page, answer each question by its label, then check the advice."""
    tree = live_app.extensions["helpwanted.trees"].catalog.trees[scenario.tree]
    await page.goto(live_server + "/")
    await page.get_by_role("button", name=re.compile(re.escape(tree.title.get("nl")))).click()
    await async_expect(page).to_have_url(live_server + "/q/1")
    await page.wait_for_load_state()  # the quick-exit script must be listening before keys are pressed
    while "/q/" in page.url:
        node_id = await page.locator("input[name=node]").get_attribute("value")
        assert node_id is not None
        node = tree.nodes[node_id]
        for option_id in scenario.answers.get(node_id, ()):
            await page.get_by_label(node.option(option_id).label.get("nl"), exact=True).check()  # type: ignore[union-attr]
        async with page.expect_navigation():  # every answer is a form post: wait for the next page
            await page.get_by_role("button", name=NEXT).click()
    await async_expect(page).to_have_url(live_server + "/result")
    await async_expect(page.get_by_role("heading", level=1)).to_have_text(tree.nodes[scenario.expect].title.get("nl"))
    await async_expect(page).to_have_title("Advies – Adviesmodule")
    await async_expect(page.get_by_role("heading", name="Praat nu met iemand")).to_be_visible()


def test_every_scenario_walks_to_its_advice_in_the_browser(
    browser_name: str,
    browser_type_launch_args: dict[str, Any],
    browser_context_args: dict[str, Any],
    live_app: Flask,
    live_server: str,
) -> None:
    # Every scenario of every tree, each as a new visitor (no cookies), a few side by side (sidebyside.py).
    catalog = live_app.extensions["helpwanted.trees"].catalog
    scenarios = [
        Scenario(tree.id, dict(scenario.answers), scenario.expect)
        for tree in catalog.trees.values()
        for scenario in tree.scenarios
    ]
    assert scenarios

    async def visit(page: AsyncPage, scenario: Scenario) -> None:
        await walk_scenario(page, live_app, live_server, scenario)

    side_by_side(browser_name, browser_type_launch_args, browser_context_args, scenarios, visit)


def test_error_summary_then_back_change_and_restart(page: Page, live_server: str) -> None:
    start(page, live_server, "Ik kreeg een naaktfoto")
    next_page(page)  # nothing chosen
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title("Fout: Vraag 1 – Adviesmodule")
    summary.get_by_role("link", name="Kies een antwoord.").click()
    expect(page.get_by_label("Ja", exact=True)).to_be_focused()
    choose(page, "Nee")
    next_page(page)
    choose(page, "Ik kreeg een naaktfoto of -video")
    next_page(page)
    page.get_by_role("link", name="Terug").click()
    expect(page).to_have_url(live_server + "/q/2")
    expect(page.get_by_label("Ik kreeg een naaktfoto of -video")).to_be_checked()
    next_page(page)
    choose(page, "Iemand anders die ik ken")
    next_page(page)
    choose(page, "Ja, of waarschijnlijk wel")
    next_page(page)
    choose(page, "Jonger dan 18")
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Je kreeg een naaktbeeld van iemand anders")
    page.get_by_text("Jouw antwoorden", exact=True).click()  # the answers sit in a section that opens
    page.get_by_role("link", name=re.compile("Wijzig antwoord: Wat is er gebeurd")).click()
    choose(page, "Ik heb een naaktfoto of -video van iemand doorgestuurd")
    next_page(page)
    expect(page).to_have_url(live_server + "/result")
    expect(page.get_by_role("heading", level=1)).to_have_text("Je hebt een naaktbeeld doorgestuurd")
    page.get_by_role("button", name="Opnieuw beginnen").click()
    expect(page).to_have_url(live_server + "/")
    page.goto(live_server + "/result")
    expect(page.get_by_role("heading", level=1)).to_have_text("Er ging iets mis")


def test_language_switch_mid_way_keeps_place_and_answers(page: Page, live_server: str) -> None:
    start(page, live_server, "Mijn naaktfoto of -video is gedeeld")
    choose(page, "Nee")
    next_page(page)
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(live_server + "/q/2")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Were you under 18 when the photo or video was made?")
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_label("No", exact=True)).to_be_checked()


def exit_lands_safely(page: Page, live_server: str, neutral: tuple[str, list[dict[str, str]]], before: int) -> None:
    expect(page).to_have_url(neutral[0])
    assert len(neutral[1]) == before + 1
    assert neutral[1][-1]["referer"] == "", "the neutral site must not learn where the visitor came from"
    page.goto(live_server + "/result")
    expect(page.get_by_role("heading", level=1)).to_have_text("Er ging iets mis")  # the session is gone


def test_quick_exit_button_blanks_clears_and_replaces_history(
    page: Page, live_server: str, neutral_site: tuple[str, list[dict[str, str]]]
) -> None:
    start(page, live_server, "Iemand valt me lastig")
    choose(page, "Nee")
    next_page(page)
    history = page.evaluate("history.length")
    before = len(neutral_site[1])
    page.get_by_role("button", name="Nood: Snel weg").click()
    expect(page).to_have_url(neutral_site[0])
    assert page.evaluate("history.length") == history, "the exit must replace the page, not add one"
    exit_lands_safely(page, live_server, neutral_site, before)


def test_quick_exit_by_pressing_shift_three_times(
    page: Page, live_server: str, neutral_site: tuple[str, list[dict[str, str]]]
) -> None:
    start(page, live_server, "Iemand valt me lastig")
    before = len(neutral_site[1])
    page.keyboard.press("Shift")
    expect(page.locator("[data-exit-status]")).to_have_text("Shift, nog 2 keer drukken om weg te gaan.")
    page.keyboard.press("Shift")
    expect(page.locator("[data-exit-status]")).to_have_text("Shift, nog 1 keer drukken om weg te gaan.")
    page.keyboard.press("Shift")
    exit_lands_safely(page, live_server, neutral_site, before)


def test_shift_as_a_modifier_does_not_count(page: Page, live_server: str) -> None:
    start(page, live_server, "Iemand valt me lastig")
    for _ in range(3):
        page.keyboard.press("Shift+A")
    expect(page).to_have_url(live_server + "/q/1")


def test_hidden_first_link_is_the_quick_exit_for_keyboard_users(
    page: Page, live_server: str, neutral_site: tuple[str, list[dict[str, str]]]
) -> None:
    start(page, live_server, "Iemand valt me lastig")
    before = len(neutral_site[1])
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Deze pagina snel verlaten")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    exit_lands_safely(page, live_server, neutral_site, before)


def test_quick_exit_works_without_javascript(
    browser,
    live_server: str,
    neutral_site: tuple[str, list[dict[str, str]]],  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    start(page, live_server, "Iemand valt me lastig")
    choose(page, "Nee")
    next_page(page)
    before = len(neutral_site[1])
    page.get_by_role("button", name="Nood: Snel weg").click()
    exit_lands_safely(page, live_server, neutral_site, before)
    context.close()


def test_whole_walk_works_without_javascript(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    start(page, live_server, "Ik kreeg een naaktfoto")
    choose(page, "Ja")
    next_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Zoek nu meteen hulp")
    expect(page.get_by_role("button", name="Dit advies printen")).to_be_hidden()
    context.close()


def test_idle_warning_offers_to_keep_the_answers(page: Page, live_server: str) -> None:
    page.clock.install()
    start(page, live_server, "Iemand valt me lastig")
    warning = page.locator("[data-idle-warning]")
    expect(warning).to_be_hidden()
    page.clock.run_for("28:30")  # the idle time is 30 minutes; the warning comes 2 minutes before
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "alert")
    with page.expect_response(live_server + "/keep") as kept:
        warning.get_by_role("button", name="Mijn antwoorden bewaren").click()
    assert kept.value.status == 204
    expect(warning).to_be_hidden()
    choose(page, "Nee")
    next_page(page)
    expect(page).to_have_url(live_server + "/q/2")  # the answers are still there
