"""The staff area in real Chromium: an editor fixes a checker error and publishes; axe on staff pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from .conftest import ROOT, Served, fresh_app, run_axe
from .test_visitor import choose, next_page, start

pytestmark = pytest.mark.browser
PASSWORD = "a long staff password"


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, str]]:
    """Its own app and database: publishing here must not change what other browser tests see."""
    app = fresh_app(tmp_path_factory.mktemp("staff"), TWO_PERSON_PUBLISHING=False)
    with app.app_context():
        from helpwanted.accounts import create_user

        create_user("editor@example.org", PASSWORD, "editor")
        create_user("coordinator@example.org", PASSWORD, "coordinator")
    served = Served(app)
    yield app, served.url
    served.stop()
    app.extensions["helpwanted.engine"].dispose()


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/staff/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def replace_in_editor(page: Page, old: str, new: str) -> None:
    box = page.get_by_label("Vragenlijst (YAML)")
    text = box.input_value()
    assert old in text, old
    box.fill(text.replace(old, new, 1))


def test_editor_fixes_an_error_publishes_and_rolls_back(browser: Browser, staff_app: tuple[Flask, str]) -> None:
    _, base = staff_app
    visitor_context = browser.new_context(locale="nl-NL")
    midway = visitor_context.new_page()
    start(midway, base, "Ik kreeg een naaktfoto")
    choose(midway, "Nee")
    next_page(midway)
    expect(midway.get_by_role("heading", level=1)).to_have_text("Wat is er gebeurd?")

    staff = browser.new_context(locale="nl-NL").new_page()
    sign_in(staff, base, "editor@example.org")
    staff.goto(base + "/staff/questionnaires/received/edit")
    text = staff.get_by_label("Vragenlijst (YAML)").input_value()
    line = text[: text.index("        next: what")].count("\n") + 1
    replace_in_editor(staff, "        next: what", "        next: wat")
    replace_in_editor(staff, 'nl: "Wat is er gebeurd?"', 'nl: "Wat is er precies gebeurd?"')
    replace_in_editor(staff, 'en: "What happened?"', 'en: "What exactly happened?"')
    staff.get_by_role("button", name="Opslaan en controleren").click()
    problem = staff.locator("#problems li").first
    expect(problem).to_contain_text(f"Regel {line}, kolom 15")
    expect(problem).to_contain_text("'safety' gaat naar onbekend vak 'wat'")  # the checker's message in Dutch
    expect(staff.locator(f"#line-{line}")).to_have_class("problem")
    expect(staff.get_by_text("Los eerst de fouten op.")).to_be_visible()

    replace_in_editor(staff, "        next: wat", "        next: what")
    staff.get_by_role("button", name="Opslaan en controleren").click()
    expect(staff.locator("#problems li")).to_have_count(0)
    staff.get_by_label("Wat is er veranderd (voor de geschiedenis)").fill("duidelijkere vraag")
    staff.get_by_role("button", name="Publiceren", exact=True).click()
    expect(staff.get_by_text("Gepubliceerd. Nieuwe bezoekers krijgen nu deze versie.")).to_be_visible()
    expect(staff.locator("#history")).to_contain_text("duidelijkere vraag")

    midway.reload()  # the visitor who started before publication stays on the old version
    expect(midway.get_by_role("heading", level=1)).to_have_text("Wat is er gebeurd?")
    choose(midway, "Ik heb een naaktfoto of -video van iemand doorgestuurd")
    next_page(midway)
    choose(midway, "Iemand anders die ik ken")
    next_page(midway)
    choose(midway, "Ja, of waarschijnlijk wel")
    next_page(midway)
    choose(midway, "Jonger dan 18")
    next_page(midway)
    expect(midway.get_by_role("heading", level=1)).to_have_text("Je hebt een naaktbeeld doorgestuurd")

    newcomer = browser.new_context(locale="nl-NL").new_page()
    start(newcomer, base, "Ik kreeg een naaktfoto")
    choose(newcomer, "Nee")
    next_page(newcomer)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Wat is er precies gebeurd?")

    staff.goto(base + "/staff/questionnaires/received")
    staff.get_by_role("link", name=re.compile("^Opnieuw publiceren")).first.click()  # shows what goes back
    staff.get_by_label("Waarom (voor de geschiedenis)").fill("terug naar de vorige vraag")
    staff.get_by_role("button", name="Opnieuw publiceren", exact=True).click()
    expect(staff.get_by_text("De eerdere versie is opnieuw gepubliceerd.")).to_be_visible()
    later = browser.new_context(locale="nl-NL").new_page()
    start(later, base, "Ik kreeg een naaktfoto")
    choose(later, "Nee")
    next_page(later)
    expect(later.get_by_role("heading", level=1)).to_have_text("Wat is er gebeurd?")
    visitor_context.close()


def test_axe_finds_no_violations_on_staff_pages(browser: Browser, staff_app: tuple[Flask, str]) -> None:
    _, base = staff_app
    found = {}
    editor = browser.new_context(locale="nl-NL").new_page()
    sign_in(editor, base, "editor@example.org")
    for url in (
        "/staff/questionnaires/",
        "/staff/questionnaires/received",
        "/staff/questionnaires/received/edit",
        "/staff/questionnaires/received/preview?version=live&restart=1",
        "/staff/questionnaires/received/diff?from=live&to=live",
        "/staff/questionnaires/audit",
    ):
        editor.goto(base + url)
        found[url] = run_axe(editor)
    coordinator = browser.new_context(locale="nl-NL").new_page()
    sign_in(coordinator, base, "coordinator@example.org")
    for url in ("/staff/usage/", "/staff/usage/questionnaire/received"):
        coordinator.goto(base + url)
        found[url] = run_axe(coordinator)
    assert {url: v for url, v in found.items() if v} == {}


def test_files_stay_untouched_by_publishing() -> None:
    """Publishing lives in the database; the shipped file is only changed by `questionnaires export`."""
    assert 'nl: "Wat is er gebeurd?"' in (Path(ROOT) / "questionnaires" / "received.yaml").read_text()
