"""The walk of issue 15, as a new editor would do it, in real Chromium; axe on every staff page at 375 and 1280 px.

Sign in, start a questionnaire from the template, edit its texts side by side, see a problem next
to its field, fix it, ask for review; a second editor sees the word-level diff and approves; a
visitor gets it; a phone number changed in the staff area shows on the visitor pages; the link
check finds a dead link served by a local server.
"""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from ..httpserver import local_http_server
from .conftest import Served, fresh_app, run_axe, run_htmlcs
from .test_visitor import choose, next_page, start

pytestmark = pytest.mark.browser
PASSWORD = "a long staff password"


class Missing(BaseHTTPRequestHandler):
    """Every page is gone (404)."""

    def do_HEAD(self) -> None:
        self.send_response(404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def dead_site() -> Iterator[str]:
    with local_http_server(Missing) as base:
        yield base + "/old-page"


@pytest.fixture(scope="module")
def walk_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Two-person publishing as configured by default; three staff members."""
    app: Flask = fresh_app(tmp_path_factory.mktemp("walk"))
    with app.app_context():
        from helpwanted.accounts import create_user

        for email, role in (
            ("anna@example.org", "editor"),
            ("bart@example.org", "editor"),
            ("ceo@example.org", "admin"),
        ):
            create_user(email, PASSWORD, role)
        from helpwanted.editor import publishing

        with app.test_request_context():  # one earlier version of received, for the 'publish again' page
            text = (publishing.live_text("received") or "") + "\n# published once by the test fixture\n"
            publishing.publish("received", text, "fixture@example.org", "fixture", acknowledged=True)
    served = Served(app)
    yield served.url
    served.stop()
    app.extensions["helpwanted.engine"].dispose()


def signed_in(browser: Browser, base: str, email: str, width: int = 1280) -> Page:
    page = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900}).new_page()
    page.goto(base + "/staff/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    return page


def approve_first_waiting(page: Page, base: str) -> None:
    page.goto(base + "/staff/questionnaires/")
    page.get_by_role("link", name="Review", exact=True).click()
    page.locator("#reviews a").first.click()


def test_a_new_editor_walks_from_template_to_visitor(browser: Browser, walk_app: str, dead_site: str) -> None:
    base = walk_app
    anna = signed_in(browser, base, "anna@example.org")
    anna.get_by_role("link", name="Nieuwe vragenlijst").click()
    anna.get_by_label("Korte naam").fill("game-gedoe")
    anna.get_by_label("Titel in het Nederlands").fill("Gedoe in een game")
    anna.get_by_label("Titel in het Engels").fill("Trouble in a game")
    anna.get_by_role("button", name="Begin met het sjabloon").click()
    expect(anna.get_by_role("heading", level=2, name="Controle: 0 fouten, 0 waarschuwingen")).to_be_visible()

    step = anna.locator("fieldset", has=anna.get_by_text("Doe dit eerst, stap 1", exact=True)).nth(1)
    dutch, english = step.get_by_label("Nederlands"), step.get_by_label("English")
    dutch_box, english_box = dutch.bounding_box(), english.bounding_box()
    assert (
        dutch_box and english_box and abs(dutch_box["y"] - english_box["y"]) < 2 and dutch_box["x"] < english_box["x"]
    )
    dutch.fill(f"**Meld de speler in de game.** Meer uitleg: {dead_site}")
    english.fill("")
    anna.get_by_role("button", name="Opslaan en controleren").first.click()
    step = anna.locator("fieldset.has-problem")
    expect(step).to_have_count(1)
    expect(step.locator(".problems")).to_contain_text("Een tekst ontbreekt in een van de talen.")
    expect(step.locator(".badge.missing")).to_have_text("ontbreekt")
    anna.locator("#problems a").first.click()
    expect(anna).to_have_url(f"{base}/staff/questionnaires/game-gedoe/form#{step.get_attribute('id')}")

    step.get_by_label("English").fill(f"**Report the player in the game.** More: {dead_site}")
    anna.get_by_role("button", name="Opslaan en controleren").first.click()
    expect(anna.locator("fieldset.has-problem")).to_have_count(0)
    anna.get_by_label("Wat is er veranderd (voor de reviewer en de geschiedenis)").fill("nieuwe vragenlijst")
    anna.get_by_role("button", name="Vraag om review").click()
    expect(anna.get_by_text("Review gevraagd.")).to_be_visible()

    bart = signed_in(browser, base, "bart@example.org")
    approve_first_waiting(bart, base)
    expect(bart.locator("#diff ins", has_text="Meld de speler in de game.")).to_be_visible()
    bart.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(bart.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()

    visitor = browser.new_context(locale="nl-NL").new_page()
    start(visitor, base, "Gedoe in een game")
    choose(visitor, "Nee")
    next_page(visitor)
    expect(visitor.get_by_text("Meld de speler in de game.")).to_be_visible()

    anna.goto(base + "/staff/questionnaires/channels")
    anna.locator("#channel-helpwanted > summary").click()  # each channel opens on its own: a short page on a phone
    anna.locator("#channel-helpwanted").get_by_label("Telefoonnummer").fill("020 765 43 21")
    anna.get_by_role("button", name="Opslaan en controleren").first.click()
    anna.get_by_role("button", name="Vraag om review").click()
    bart.goto(base + "/staff/questionnaires/channels")
    expect(bart.locator("#diff del")).to_contain_text("261 52 75")
    bart.get_by_role("button", name="Goedkeuren en publiceren").click()
    visitor.goto(base + "/")
    expect(visitor.locator(".help-block")).to_contain_text("020 765 43 21")

    anna.goto(base + "/staff/questionnaires/links")
    anna.get_by_role("button", name="Controleer nu alle links").click()
    dead = anna.locator("#link-results tr.broken", has_text=dead_site)
    expect(dead).to_contain_text("404")
    expect(dead).to_contain_text("game-gedoe")


def test_audit_log_shows_both_editors_and_the_admin_emergency(browser: Browser, walk_app: str) -> None:
    admin = signed_in(browser, walk_app, "ceo@example.org")
    admin.goto(walk_app + "/staff/questionnaires/received/form")
    admin.get_by_role("button", name="Opslaan en controleren").first.click()
    admin.get_by_text("Noodgeval: publiceren zonder review").click()
    admin.get_by_label("Waarom dit niet op review kan wachten (komt in het logboek)").fill("verkeerd nummer in stap")
    admin.get_by_role("button", name="Nu publiceren zonder review").click()
    admin.goto(walk_app + "/staff/questionnaires/audit")
    log = admin.locator("#audit")
    expect(log.locator('[data-action="emergency-publish"]')).to_have_count(1)
    expect(log).to_contain_text("anna@example.org")
    expect(log).to_contain_text("bart@example.org")


def test_an_older_version_goes_back_after_a_second_editor_approves_on_a_phone(browser: Browser, walk_app: str) -> None:
    """Issue 15's 'publish again' with two-person publishing, as counsellors do it on a phone, in Dutch."""
    anna = signed_in(browser, walk_app, "anna@example.org", 375)
    anna.goto(walk_app + "/staff/questionnaires/received")
    history = anna.locator("#history")
    anna.locator('#history a[href*="/rollback/"]').last.click()  # the oldest: the shipped file
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Een eerdere versie opnieuw publiceren")
    expect(anna.get_by_text("Geen problemen gevonden.")).to_be_visible()
    anna.get_by_label("Waarom (voor de reviewer en de geschiedenis)").fill("terug naar de versie van het bestand")
    anna.get_by_role("button", name="Vraag om review").click()
    expect(anna.get_by_text("Review gevraagd. Een andere redacteur kan het terugzetten")).to_be_visible()
    expect(anna).to_have_url(walk_app + "/staff/questionnaires/received")
    rows_before = history.locator("tbody tr").count()

    bart = signed_in(browser, walk_app, "bart@example.org", 375)
    bart.goto(walk_app + "/staff/questionnaires/reviews")
    bart.locator("#reviews li", has_text="een eerdere versie terug").get_by_role("link").click()
    expect(bart.get_by_text("Dit zet een eerdere versie terug")).to_be_visible()
    bart.get_by_role("button", name="Goedkeuren en publiceren").click()
    expect(bart.get_by_text("Goedgekeurd en gepubliceerd.")).to_be_visible()
    newest = bart.locator("#history tbody tr").first
    expect(newest).to_contain_text("terug naar de versie van het bestand")
    expect(newest).to_contain_text("bart@example.org")
    assert bart.locator("#history tbody tr").count() == rows_before + 1
    assert bart.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling


EDITOR_PAGES = (
    "/staff/questionnaires/",
    "/staff/questionnaires/new",
    "/staff/questionnaires/received",
    "/staff/questionnaires/received/form",
    "/staff/questionnaires/received/edit",
    "/staff/questionnaires/received/diff?from=live&to=live",
    "/staff/questionnaires/received/preview?version=live&restart=1",
    "/staff/questionnaires/received/preview?version=live&restart=1&at=urgent",  # an advice page
    "/staff/questionnaires/reviews",
    "/staff/questionnaires/channels",
    "/staff/questionnaires/links",
    "/staff/questionnaires/audit",
)


def every_editor_page(page: Page, base: str) -> Iterator[str]:
    """Open each staff page (and a 'publish again' page of the received questionnaire); yield its URL."""
    for url in EDITOR_PAGES:
        page.goto(base + url)
        yield url
    page.goto(base + "/staff/questionnaires/received")
    earlier = page.locator('a[href*="/received/rollback/"]')
    assert earlier.count() >= 1, "the fixture published received once: its shipped version can go back"
    page.goto(base + str(earlier.first.get_attribute("href")))
    yield "publish again"


@pytest.mark.parametrize("width", [375, 1280])
def test_axe_finds_nothing_on_any_editor_page(browser: Browser, walk_app: str, width: int) -> None:
    page = signed_in(browser, walk_app, "bart@example.org", width)
    found = {}
    for url in every_editor_page(page, walk_app):
        found[url] = run_axe(page)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
        if overflow:
            found[url].append({"id": "horizontal-scroll", "width": width})
    assert {url: v for url, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [375, 1280])
def test_html_codesniffer_finds_no_errors_on_any_staff_page(browser: Browser, walk_app: str, width: int) -> None:
    """The second engine of issue 15 (pa11y's): WCAG 2 AA errors, the sign-in page included."""
    login = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900}).new_page()
    login.goto(walk_app + "/staff/login")
    found = {"/staff/login": run_htmlcs(login)}
    page = signed_in(browser, walk_app, "bart@example.org", width)
    for url in every_editor_page(page, walk_app):
        found[url] = run_htmlcs(page)
    assert {url: v for url, v in found.items() if v} == {}


def test_html_codesniffer_runs_and_reports_errors(browser: Browser, walk_app: str) -> None:
    """The engine is really there: a planted unlabelled field and an image without alt text are errors."""
    page = browser.new_context(locale="nl-NL").new_page()
    page.goto(walk_app + "/staff/login")
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', "
        '\'<form><input type="text" name="x"><img src="/logo.svg"></form>\')'
    )
    codes = " ".join(error["code"] for error in run_htmlcs(page))
    assert "H37" in codes  # img without alt
    assert "F68" in codes or "H44" in codes or "H65" in codes  # a field without a label
