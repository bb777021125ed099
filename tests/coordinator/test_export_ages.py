"""The visitors' ages in the CSV and the xlsx: the dashboard's table, hidden the same way, never derivable."""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
from collections import defaultdict
from collections.abc import Hashable
from typing import Any

import openpyxl
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from helpwanted.coordinator import exports
from helpwanted.coordinator.figures import ALL, Numbers, add_ages, add_paths, relate_reach
from helpwanted.coordinator.labels import Labels
from helpwanted.coordinator.report import Filters, MonthRange
from helpwanted.coordinator.suppression import SMALL, Disclosure
from helpwanted.coordinator.tables import words

from ..conftest import sign_in
from ..usage_seed import seed_year

YEAR = 2025
MONTH = "2026-03"
OPTIONS = ("under18", "was-under18", "adult")  # the age question's options; was-under18 is 18+ now


def test_the_exports_hold_the_dashboards_age_table(app: Flask) -> None:
    seed_year(app, YEAR)  # 'my-age'-less tree: 20 under 18, 3 adults (a small number)
    coordinator = sign_in(app, "co@example.org", "coordinator")
    page = coordinator.get(f"/staff/usage/?year={YEAR}").get_data(as_text=True)
    table = re.search(r'<table[^>]*id="per-age".*?</table>', page, re.S)
    assert table
    shown = {
        label: html.unescape(cell).replace(" ", "")
        for label, cell in re.findall(r'<th scope="row">([^<]+)</th><td class="number">([^<]*)</td>', table.group(0))
    }
    text = coordinator.get(f"/staff/usage/export.csv?year={YEAR}").get_data(as_text=True)
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["table"] == "age"]
    assert {row["age_title"]: row["completions"] for row in rows} == shown
    assert shown["18 of ouder"] == "<5" and set(shown) == {"Jonger dan 18", "18 of ouder"}
    assert {row["age"] for row in rows} == {"under18", "adult"}, "a stable id beside the words"
    assert {row["month"] for row in rows} == {f"{YEAR}-01 – {YEAR}-12"}, "ages are counted over the period"
    book = openpyxl.load_workbook(io.BytesIO(coordinator.get(f"/staff/usage/export.xlsx?year={YEAR}").data))
    sheet = list(book["age"].iter_rows(values_only=True))
    title, count = sheet[0].index("age_title"), sheet[0].index("completions")
    assert {line[title]: line[count] for line in sheet[1:]} == shown


def age_report(counts: list[tuple[int, int, int]]) -> Disclosure:
    """One age question answered in each counted version, registered as service.build() does."""
    report = Disclosure(threshold=5)
    reach, answers = [], []
    for index, per_option in enumerate(counts):
        if sum(per_option):
            reach.append((MONTH, "q", f"v{index}", "my-age", "", sum(per_option)))
        answers += [(MONTH, "q", f"v{index}", "my-age", o, n) for o, n in zip(OPTIONS, per_option, strict=True) if n]
    add_paths(report, reach, answers, {MONTH})
    add_ages(report)
    relate_reach(report, set())
    return report.apply()


def possible(report: Disclosure, truth: list[tuple[int, int, int]]) -> dict[Hashable, set[int]]:
    """Every value each hidden number can take for a reader who sees the shown numbers and knows that
    answers add up to the visits shown the question and to the age groups — by trying every value of
    the hidden answers (each at least 1; '< 5' at most 4; 'x' at most the version's visits), not by
    the suppression's own reasoning."""
    found: dict[Hashable, set[int]] = defaultdict(set)
    versions = []
    for index, real in enumerate(truth):
        keys = [("answer", ALL, "q", f"v{index}", "my-age", o) for o in OPTIONS]
        domains = [
            [0]
            if k not in report.values
            else [report.values[k]]
            if not report.status(k)
            else _domain(report, k, sum(real))
            for k in keys
        ]
        versions.append(
            (keys, [v for v in itertools.product(*domains) if _fits(report, ("reach", *keys[0][1:5]), sum(v))])
        )
    for choice in itertools.product(*(values for _, values in versions)):
        young = sum(values[0] for values in choice)
        grown = sum(values[1] + values[2] for values in choice)
        if _fits(report, ("age", ALL, "under18"), young) and _fits(report, ("age", ALL, "adult"), grown):
            for (keys, _), values in zip(versions, choice, strict=True):
                for key, value in zip(keys, values, strict=True):
                    found[key].add(value)
                found[("reach", *keys[0][1:5])].add(sum(values))
            found[("age", ALL, "under18")].add(young)
            found[("age", ALL, "adult")].add(grown)
    return {key: values for key, values in found.items() if report.status(key)}


def _domain(report: Disclosure, key: Any, top: int) -> range:
    return range(1, 5) if report.status(key) == SMALL else range(1, max(top, 1) + 1)


def _fits(report: Disclosure, key: Any, value: int) -> bool:
    if key not in report.values:
        return value == 0
    if not report.status(key):
        return value == report.values[key]
    return 1 <= value <= 4 if report.status(key) == SMALL else value >= 1


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 9)] * 3), min_size=1, max_size=2))
def test_a_reader_of_the_exported_ages_cannot_pin_a_hidden_one(counts: list[tuple[int, int, int]]) -> None:
    report = age_report(counts)
    numbers = Numbers(report, [MONTH])
    usage = words(numbers, Filters(MonthRange.year(2026)), Labels("en", {}, lambda q, v: None), 5)
    exported = {row["age"]: row["completions"] for row in exports.rows(usage) if row["table"] == "age"}
    groups = {k[2]: numbers.get(k) for k in report.values if isinstance(k, tuple) and k[0] == "age"}
    assert exported == {group: shown.csv for group, shown in groups.items() if shown}, "the suppression's verdict"
    assert all(report.status(k) == SMALL for k, v in report.values.items() if 0 < v < 5)
    everything_hidden = all(report.status(key) for key, value in report.values.items() if value > 0)
    for key, values in possible(report, counts).items():
        assert len(values) >= 2 or everything_hidden, f"{key} can only be {values} in {counts}"
