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
from helpwanted.coordinator.figures import ALL, Numbers, add_ages, add_paths, relate_ages, relate_reach
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
    relate_ages(report, set())
    return report.apply()


def possible(report: Disclosure, truth: list[tuple[int, int, int]]) -> dict[Hashable, set[int]]:
    """Every value each hidden number can take for a reader who sees the shown numbers and knows that
    answers add up to the visits shown the question and to the age groups — by trying every value of
    the hidden answers (each at least 1; '< 5' at most 4; 'x' up to all the answers together and some:
    unbounded for a reader, but a different value that fits is never far from the true one), not by
    the suppression's own reasoning."""
    top = sum(map(sum, truth)) + 12
    versions = [_version(report, index, top) for index in range(len(truth))]  # (u, a) → values per key
    young, grown = _allowed(report, ("age", ALL, "under18"), top), _allowed(report, ("age", ALL, "adult"), top)
    found: dict[Hashable, set[int]] = defaultdict(set)
    for sums in itertools.product(*(list(v) for v in versions)):  # each version's (under 18, 18+) sum
        u, a = sum(s[0] for s in sums), sum(s[1] for s in sums)
        if u in young and a in grown:
            for version, key in zip(versions, sums, strict=True):
                for name, values in version[key].items():
                    found[name] |= values
            found[("age", ALL, "under18")].add(u)
            found[("age", ALL, "adult")].add(a)
    return {key: values for key, values in found.items() if report.status(key)}


def _version(report: Disclosure, index: int, top: int) -> dict[tuple[int, int], dict[Hashable, set[int]]]:
    """One version's possible answers, grouped by what they add to the age groups."""
    keys = [("answer", ALL, "q", f"v{index}", "my-age", o) for o in OPTIONS]
    reach = ("reach", ALL, "q", f"v{index}", "my-age")
    grouped: dict[tuple[int, int], dict[Hashable, set[int]]] = defaultdict(lambda: defaultdict(set))
    for values in itertools.product(*(_allowed(report, k, top) for k in keys)):
        if sum(values) in _allowed(report, reach, top):
            into = grouped[(values[0], values[1] + values[2])]
            for key, value in zip(keys, values, strict=True):
                into[key].add(value)
            into[reach].add(sum(values))
    return grouped


def _allowed(report: Disclosure, key: Any, top: int) -> range:
    if key not in report.values:
        return range(0, 1)
    if not report.status(key):
        return range(report.values[key], report.values[key] + 1)
    return range(1, 5) if report.status(key) == SMALL else range(1, max(top, 1) + 1)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(*[st.integers(0, 7)] * 3), min_size=1, max_size=2))
def test_a_reader_of_the_exported_ages_cannot_pin_a_hidden_one(counts: list[tuple[int, int, int]]) -> None:
    report = age_report(counts)
    numbers = Numbers(report, [MONTH])
    usage = words(numbers, Filters(MonthRange.year(2026)), Labels("en", {}, lambda q, v: None), 5)
    exported = {row["age"]: row["completions"] for row in exports.rows(usage) if row["table"] == "age"}
    groups = {k[2]: numbers.get(k) for k in report.values if isinstance(k, tuple) and k[0] == "age"}
    assert exported == {group: shown.csv for group, shown in groups.items() if shown}, "the suppression's verdict"
    assert all(report.status(k) == SMALL for k, v in report.values.items() if 0 < v < 5)
    everything_hidden = all(report.status(key) for key, value in report.values.items() if value > 0)
    if everything_hidden:
        return  # the one limit (docs/privacy.md): nothing is left to hide
    for key, values in possible(report, counts).items():
        assert len(values) >= 2, f"{key} can only be {values} in {counts}"
