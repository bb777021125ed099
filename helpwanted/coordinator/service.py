"""The usage report of one set of filters: query, publish, suppress, put into words.

build() is the only entry point; the dashboard, the questionnaire page, the printable summary and
both exports render its result (results.UsageReport), so what one hides the others hide too.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy.engine import Connection

from . import report
from .figures import (
    Numbers,
    add_ages,
    add_flows,
    add_helpful,
    add_outcomes,
    add_paths,
    multiple_choice,
    relate_ages,
    relate_answers,
    relate_reach,
)
from .labels import Labels
from .report import Filters
from .results import UsageReport
from .suppression import Disclosure
from .tables import words


def _chosen(rows: list[tuple[Any, ...]], filters: Filters) -> set[str]:
    first, last = filters.months.first, filters.months.last
    return {
        row[0]
        for row in rows
        if (first is None or row[0] >= first.strftime("%Y-%m")) and (last is None or row[0] <= last.strftime("%Y-%m"))
    }


def build(connection: Connection, filters: Filters, labels: Labels, threshold: int) -> UsageReport:
    """Query, publish, suppress and put into words."""
    everything = Filters(report.MonthRange(), filters.questionnaire, filters.language, filters.version)
    starts, completions = (
        report.flows(connection, everything, "start"),
        report.flows(connection, everything, "complete"),
    )
    chosen = _chosen(starts + completions, filters)
    disclosure = Disclosure(threshold)
    add_flows(disclosure, "start", starts, chosen)
    add_flows(disclosure, "complete", completions, chosen)
    _add_years(disclosure, completions, filters)
    _add_history(disclosure, connection, filters)
    labels.counted = {q: report.versions(connection, q) for q in report.counted_questionnaires(connection)}
    labels.recorded = report.recorded_versions(connection)
    if filters.per_outcome:
        outcome_rows = report.outcomes(connection, filters)
        chosen_outcomes = chosen | _chosen(outcome_rows, filters)
        add_outcomes(disclosure, outcome_rows, chosen_outcomes, lambda q, o: labels.outcome(q, o)[1:])
    if not filters.language:  # 'helpful' is counted without the language
        helpful_rows = report.helpful(connection, filters)
        add_helpful(disclosure, helpful_rows, chosen | _chosen(helpful_rows, filters))
    paths = report.paths(connection, filters, "reach"), report.paths(connection, filters, "answer")
    add_paths(disclosure, *paths, chosen | _chosen(paths[0] + paths[1], filters))
    if not filters.language:  # answers are counted without the language
        add_ages(disclosure)
    multiple: set[tuple[str, str, str]] = set()
    for questionnaire, version in sorted({(row[1], row[2]) for row in paths[0] + paths[1]}):
        tree = labels.version(questionnaire, version)
        if tree is not None:
            relate_answers(disclosure, tree, version, filters.per_outcome)
            multiple |= multiple_choice(tree)
    relate_reach(disclosure, multiple)
    relate_ages(disclosure, multiple)
    numbers = Numbers(disclosure.apply(), sorted(chosen))
    return words(numbers, filters, labels, threshold)


def _add_years(disclosure: Disclosure, completions: list[tuple[Any, ...]], filters: Filters) -> None:
    """The compared years' months (with the same filters) and their totals."""
    year = filters.year()
    sums: dict[tuple[Any, ...], int] = defaultdict(int)
    for month, *_, count in completions:
        if month[:4] in (str(year - 1), str(year)):
            sums[("complete", "all", month)] += count
            sums[("year", int(month[:4]))] += count
    for key, value in sums.items():
        disclosure.number(key, value)
    for y in (year - 1, year):
        disclosure.total(("year", y), [k for k in sums if k[0] == "complete" and k[2][:4] == str(y)])


def _add_history(disclosure: Disclosure, connection: Connection, filters: Filters) -> None:
    """Advice requests per year over all years: the module's, each channel's, and together."""
    module = report.completions_per_year(connection)
    channels: dict[tuple[Any, ...], int] = defaultdict(int)
    for month, channel, count in report.channel_figures(connection):
        channels[("channel", month, channel)] += count
        channels[("channel", int(month[:4]), channel)] += count
    for year in sorted(set(module) | {k[1] for k in channels if isinstance(k[1], int)}):
        parts = [disclosure.number(("module", year), module.get(year, 0))]
        parts += [disclosure.number(key, channels[key]) for key in channels if key[1] == year]
        disclosure.number(("requests", year), sum(disclosure.values[k] for k in parts))
        disclosure.total(("requests", year), parts)
        monthly = [k for k in channels if isinstance(k[1], str) and k[1][:4] == str(year)]
        for key in monthly:
            disclosure.number(key, channels[key])
        for channel in {k[2] for k in monthly}:
            disclosure.total(("channel", year, channel), [k for k in monthly if k[2] == channel])
        if not (filters.questionnaire or filters.language or filters.version):
            disclosure.same([("module", year)], [("year", year)])
