"""Issue 16: the annual report from the dashboard — suppression that cannot be undone, words, channels, exports."""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from datetime import date

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from helpwanted.models import AuditEvent, ChannelFigure

from .conftest import csrf_token, sign_in
from .usage_seed import live_version, put, seed_year

pytestmark = pytest.mark.both_databases  # SQLite and the throwaway PostgreSQL

YEAR = 2025
ROW = re.compile(
    r'<tr><th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?(?:<(?!/th)[^>]*>[^<]*)*</th>((?:<td[^>]*>[^<]*</td>)+)</tr>'
)


def table(html: str, table_id: str) -> dict[str, list[str]]:
    """label → the texts of its number cells, in one table of a page."""
    found = re.search(rf'<table[^>]*id="{re.escape(table_id)}".*?</table>', html, re.S)
    assert found, f"no table {table_id}"
    return {label.strip(): re.findall(r"<td[^>]*>([^<]*)</td>", cells) for label, cells in ROW.findall(found.group(0))}


def possible(total: int, hidden: list[str]) -> list[set[int]]:
    """For each hidden cell ('< 5' or 'x'), every value consistent with the total of the hidden cells."""
    ranges = [range(1, 5) if text.startswith("<") else range(1, total + 1) for text in hidden]
    options: list[set[int]] = [set() for _ in hidden]
    for values in itertools.product(*ranges):
        if sum(values) == total:
            for index, value in enumerate(values):
                options[index].add(value)
    return options


def assert_protected(total: str, parts: list[str]) -> None:
    """A reader who knows total = Σ parts cannot work out any hidden part."""
    hidden = [p for p in parts if not p.strip().isdigit()]
    if not hidden or not total.strip().isdigit():
        return
    rest = int(total) - sum(int(p) for p in parts if p.strip().isdigit())
    for values in possible(rest, hidden):
        assert len(values) >= 2, f"{parts} under {total}: a hidden cell has only {values}"


@pytest.fixture
def coordinator(app: Flask) -> object:
    seed_year(app, YEAR)
    return sign_in(app, "co@example.org", "coordinator")


def test_no_hidden_number_can_be_worked_out_from_pages_or_exports(app: Flask, coordinator: object) -> None:
    dashboard = coordinator.get(f"/staff/usage/?year={YEAR}").get_data(as_text=True)
    detail = coordinator.get(f"/staff/usage/questionnaire/sextortion?year={YEAR}").get_data(as_text=True)
    outcomes = table(dashboard, "per-outcome")
    answers = dict(re.findall(r"<caption>([^<]+)</caption>(.*?)</table>", detail, re.S))
    tables = {caption: table(f'<table id="t">{body}</table>', "t") for caption, body in answers.items()}
    have = next(t for c, t in tables.items() if "wat heeft" in c.lower())  # "Wat heeft de persoon van je, …?"
    age = next(t for c, t in tables.items() if "oud" in c.lower())  # "Hoe oud was je toen …?"
    bluff = next(v for k, v in outcomes.items() if "dreigbericht" in k.lower())  # "… een dreigbericht zonder beelden"
    # The issue: hidden "real = no" (today "have = nothing") equals the visible "bluff" row — both hidden or both shown.
    no = have[next(k for k in have if k.startswith("Niets"))][0]
    assert (no.strip().isdigit()) == (bluff[0].strip().isdigit()), (no, bluff)
    # The issue: hidden "adult" = reached (23) − under 18 (20).
    funnel = table(detail, "funnel-table-1")
    reached_age = next(v[0] for k, v in funnel.items() if "oud" in k.lower())
    assert_protected(reached_age, [v[0] for v in age.values()])
    assert not all(v[0].strip().isdigit() for v in age.values()), "3 adults must not be shown"
    # Outcomes add up to the questionnaire's advice requests; topics and urgencies to the total.
    total = table(dashboard, "per-questionnaire")
    advice = next(iter(total.values()))[1]
    assert_protected(advice, [v[-3] for v in outcomes.values()])
    assert_protected(advice, [v[0] for v in table(dashboard, "per-topic").values()])
    assert_protected(advice, [v[0] for v in table(dashboard, "per-urgency").values()])
    languages = table(dashboard, "per-language")
    assert_protected(advice, [v[1] for v in languages.values()])
    assert "1" not in [v[1] for v in languages.values()], "the one English visit is not shown"


def test_the_xlsx_equals_the_csv_and_the_cli_matches_the_download(
    app: Flask, coordinator: object, runner: FlaskCliRunner
) -> None:
    query = f"from={YEAR}-01&to={YEAR}-12"
    text = coordinator.get(f"/staff/usage/export.csv?{query}").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["table", "month"] and {"questionnaire", "outcome", "completions", "starts"} <= set(header)
    workbook = coordinator.get(f"/staff/usage/export.xlsx?{query}").data
    sheets = openpyxl.load_workbook(io.BytesIO(workbook), read_only=True)
    from_xlsx = []
    for sheet in sheets.worksheets:
        lines = list(sheet.iter_rows(values_only=True))
        assert list(lines[0]) == header[1:]
        from_xlsx += [[sheet.title, *("" if v is None else str(v) for v in line)] for line in lines[1:]]
    assert sorted(from_xlsx) == sorted(body)
    assert {row[0] for row in body} >= {"month", "questionnaire", "version", "language", "outcome"}
    assert all(cell not in ("1", "2", "3", "4") for row in body for cell in row[-2:]), "small numbers are '<5'"
    cli = runner.invoke(args=["usage", "export", "--from", f"{YEAR}-01", "--to", f"{YEAR}-12"])
    assert cli.exit_code == 0 and cli.output == text
    binary = runner.invoke(args=["usage", "export", "--format", "xlsx", "--from", f"{YEAR}-01", "--to", f"{YEAR}-12"])
    assert binary.exit_code == 0
    again = openpyxl.load_workbook(io.BytesIO(binary.stdout_bytes), read_only=True)
    assert [list(s.iter_rows(values_only=True)) for s in again.worksheets] == [
        list(s.iter_rows(values_only=True)) for s in sheets.worksheets
    ]


def test_annual_total_is_module_completions_plus_entered_channel_figures(app: Flask, coordinator: object) -> None:
    page = coordinator.get(f"/staff/usage/channels?year={YEAR}").get_data(as_text=True)
    figures = {"f-1-phone": "100", "f-2-phone": "120", "f-1-chat": "40", "f-3-email": "12"}
    response = coordinator.post(f"/staff/usage/channels?year={YEAR}", data={"csrf_token": csrf_token(page), **figures})
    assert response.status_code == 303
    dashboard = coordinator.get(f"/staff/usage/?year={YEAR}").get_data(as_text=True)
    years = table(dashboard, "per-year")
    with app.test_request_context("/"):
        from helpwanted.coordinator.context import filters_from, usage_report

        line = usage_report(filters_from({"year": str(YEAR)}), "nl").headline
    assert line.module and line.channels and line.total
    assert (line.module.value, line.channels.value, line.total.value) == (28, 272, 300)  # module + entered
    shown = years[str(YEAR)][:3]
    assert shown[0] in ("28", "x") and shown[1] in ("272", "x") and shown[2] in ("300", "x"), shown
    with app.app_context():
        from helpwanted.database import db

        entered = db().scalars(select(ChannelFigure)).all()
        assert {(f.month, f.channel, f.count, f.entered_by) for f in entered} >= {
            (date(YEAR, 1, 1), "phone", 100, "co@example.org")
        }
        log = db().scalars(select(AuditEvent).where(AuditEvent.action == "channel-figure")).all()
        assert len(log) == 4 and all(event.actor == "co@example.org" for event in log)
    wrong = coordinator.post(
        f"/staff/usage/channels?year={YEAR}", data={"csrf_token": csrf_token(page), "f-1-phone": "-3"}
    )
    assert wrong.status_code == 400 and "aria-invalid" in wrong.get_data(as_text=True)


def test_tables_show_titles_in_question_order_not_codes(app: Flask, coordinator: object) -> None:
    dashboard = coordinator.get(f"/staff/usage/?year={YEAR}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    outcomes = table(dashboard, "per-outcome")
    assert any("threat without any images" in label.lower() for label in outcomes)
    assert ">sextortion<" not in dashboard and ">high<" not in dashboard and ">sextortion-bluff<" not in dashboard
    assert "Sextortion (blackmail with nude images)" in dashboard and ">High<" in dashboard
    detail = coordinator.get(
        f"/staff/usage/questionnaire/sextortion?year={YEAR}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    captions = re.findall(r'<table class="answers">\s*<caption>([^<]+)</caption>', detail)
    assert len(captions) == 6 and "danger" in captions[0].lower() and "old" in captions[-1].lower()
    assert "Where visitors stop" not in detail and "were shown" in detail


@pytest.mark.parametrize(
    "query", ["?language=xx", "?questionnaire=%3Cscript%3E", "?from=2026-13", "?year=abc", "?version=" + "a" * 80]
)
def test_bad_filters_are_a_400_with_the_reason(app: Flask, coordinator: object, query: str) -> None:
    for url in ("/staff/usage/", "/staff/usage/export.csv", "/staff/usage/summary"):
        assert coordinator.get(url + query).status_code == 400


def test_filters_choose_language_and_month_range(app: Flask, coordinator: object) -> None:
    put(app, date(YEAR, 4, 1), "start", 40, version="v2", language="en")
    english = coordinator.get(f"/staff/usage/?from={YEAR}-04&to={YEAR}-04&language=en").get_data(as_text=True)
    assert table(english, "per-month") == {f"{YEAR}-04": ["40", "0", "–"]}
    assert "Clear the language and version filters" in english or "taal- en versiefilter" in english


def test_helpful_per_month_outcome_and_version_with_the_same_suppression(app: Flask, coordinator: object) -> None:
    version = live_version(app)
    put(app, date(YEAR, 3, 1), "helpful", 7, version=version, node="bluff", option="yes")
    put(app, date(YEAR, 3, 1), "helpful", 2, version=version, node="bluff", option="no")  # small
    put(app, date(YEAR, 4, 1), "helpful", 6, version=version, node="bluff", option="no")
    put(app, date(YEAR, 4, 1), "helpful", 5, version="v0", node="bluff", option="yes")
    dashboard = coordinator.get(f"/staff/usage/?year={YEAR}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    helpful_table = _table_html(dashboard, "helpful")
    versions = re.findall(r'<span class="row-note"><span>[^<]*</span> · <span>([^<]*)</span>', helpful_table)
    cells = [
        (title, [html.unescape(c) for c in re.findall(r"<td[^>]*>([^<]*)</td>", tds)])
        for title, tds in ROW.findall(helpful_table)
    ]
    assert all("threat without any images" in title.lower() for title, _ in cells), "the outcome's title, not its id"
    named = {"Version 1 · shipped file": version, "Version v0 (not recorded)": "v0"}  # never the hash
    by_month = {(c[0], named[v]): c[1:] for (_, c), v in zip(cells, versions, strict=True)}  # (month, version) → [yes, no]
    assert by_month[(f"{YEAR}-03", version)] == ["7", "< 5"]
    assert by_month[(f"{YEAR}-04", "v0")][0] == "5"
    outcome = next(v for k, v in table(dashboard, "per-outcome").items() if "threat without" in k.lower())
    not_helpful_period = outcome[-1]  # 8 over the year
    assert_protected(not_helpful_period, [by_month[(f"{YEAR}-03", version)][1], by_month[(f"{YEAR}-04", version)][1]])
    csv_rows = list(
        csv.DictReader(io.StringIO(coordinator.get(f"/staff/usage/export.csv?year={YEAR}").get_data(as_text=True)))
    )
    helpful = {
        (r["month"], r["version"], r["outcome"]): (r["helpful"], r["not_helpful"])
        for r in csv_rows
        if r["table"] == "helpful"
    }
    assert helpful[(f"{YEAR}-03", version, "bluff")] == ("7", "<5")
    assert helpful[(f"{YEAR}-04", version, "bluff")][1] == by_month[(f"{YEAR}-04", version)][1].replace(" ", "")


def _table_html(html: str, table_id: str) -> str:
    found = re.search(rf'<table[^>]*id="{re.escape(table_id)}".*?</table>', html, re.S)
    assert found, f"no table {table_id}"
    return found.group(0)


def test_ages_behind_the_advice_requests_cannot_be_worked_out_either(app: Flask, coordinator: object) -> None:
    for url in (f"/staff/usage/?year={YEAR}", f"/staff/usage/summary?year={YEAR}"):
        page = coordinator.get(url).get_data(as_text=True)
        ages = {label: html.unescape(cells[0]) for label, cells in table(page, "per-age").items()}
        assert set(ages) == {"Jonger dan 18", "18 of ouder"}, "words, in the coordinator's language"
        assert ages["18 of ouder"] == "< 5", "3 adults are a small number"
        reached = next(
            v[0]
            for k, v in table(
                coordinator.get(f"/staff/usage/questionnaire/sextortion?year={YEAR}").get_data(as_text=True),
                "funnel-table-1",
            ).items()
            if "oud" in k.lower()
        )
        assert_protected(reached, list(ages.values()))  # 23 shown the question: 'under 18' is not 23 − 3


def test_a_version_whose_tree_cannot_be_read_still_adds_up(app: Flask, coordinator: object) -> None:
    # An old version whose text no longer loads (e.g. today's stricter checks): its answers still add up
    # to the visits shown the question, and a reader needs no tree to subtract them.
    put(app, date(YEAR, 5, 1), "reach", 23, version="v-gone", node="gone")
    put(app, date(YEAR, 5, 1), "answer", 20, version="v-gone", node="gone", option="a")
    put(app, date(YEAR, 5, 1), "answer", 3, version="v-gone", node="gone", option="b")
    detail = coordinator.get(f"/staff/usage/questionnaire/sextortion?year={YEAR}").get_data(as_text=True)
    answers = dict(re.findall(r"<caption>([^<]+)</caption>(.*?)</table>", detail, re.S))
    gone = table(f'<table id="t">{answers["gone"]}</table>', "t")
    funnels = [table(detail, f"funnel-table-{n}") for n in (1, 2)]
    reached = next(f["gone"][0] for f in funnels if "gone" in f)
    assert reached == "23" and gone["b"] == ["&lt; 5"]
    assert_protected(reached, [html.unescape(v[0]) for v in gone.values()])
