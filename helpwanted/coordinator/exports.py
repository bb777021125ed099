"""The usage export: one CSV (a `table` column says which breakdown a row belongs to: month,
questionnaire, version, language, outcome, helpful — "was this advice helpful?" per month, outcome
and version —, age — the visitors' age now, over the whole period, so its `month` is the period — or
channel) and the same rows as an .xlsx workbook with a sheet per table. Hidden
numbers are '<5' (below the threshold) or 'x' (hidden so that another hidden number cannot be
worked out), exactly as on the dashboard. A version is its id (`version`, stable for scripts) and its
name (`version_title`, "Version 3 · published 12 Nov 2026", in the coordinator's language).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from .figures import Shown
from .report import spreadsheet_safe
from .results import UsageReport

COLUMNS = (
    "table",
    "month",
    "questionnaire",
    "questionnaire_title",
    "version",
    "version_title",
    "language",
    "channel",
    "outcome",
    "outcome_title",
    "topic",
    "urgency",
    "age",
    "age_title",
    "helpful",
    "not_helpful",
    "starts",
    "completions",
)
TABLES = ("month", "questionnaire", "version", "language", "outcome", "helpful", "age", "channel")
NUMBERS = ("helpful", "not_helpful", "starts", "completions")


def rows(usage: UsageReport) -> Iterator[dict[str, Any]]:
    """Every export row, table by table, month by month."""
    numbers = usage.numbers
    for line in usage.months:
        yield _row("month", line.key, line.starts, line.completions)
    for table in ("questionnaire", "version", "language"):
        keys = sorted({k[2:] for e in ("start", "complete") for k in numbers.keys((e, table)) if k[2] != "*"})
        for month, *ids in keys:
            starts, done = numbers.get(("start", table, month, *ids)), numbers.get(("complete", table, month, *ids))
            yield _row(table, month, starts, done, **_ids(usage, table, ids))
    if usage.outcomes is not None:
        titles = {(o.questionnaire, o.outcome): o for o in usage.outcomes}
        for key in numbers.keys(("outcome",)):
            if key[1] != "*" and (key[2], key[3]) in titles:
                found = titles[(key[2], key[3])]
                yield _row(
                    "outcome",
                    key[1],
                    None,
                    numbers.get(key),
                    questionnaire=found.questionnaire,
                    questionnaire_title=found.questionnaire_title,
                    outcome=found.outcome,
                    outcome_title=found.title,
                    topic=found.topic_title,
                    urgency=found.urgency_title,
                )
    for answered in usage.helpful or []:
        yield _row(
            "helpful",
            answered.month,
            None,
            None,
            questionnaire=answered.questionnaire,
            questionnaire_title=answered.questionnaire_title,
            version=answered.version,
            version_title=answered.version_title,
            outcome=answered.outcome,
            outcome_title=answered.title,
            helpful=answered.yes.csv if answered.yes else "",
            not_helpful=answered.no.csv if answered.no else "",
        )
    period = usage.filters.months.label()
    for line in usage.ages:
        yield _row("age", period, None, line.completions, age=line.key, age_title=line.label)
    for month, channel, _, figure in usage.channel_months:
        yield _row("channel", month, None, figure, channel=channel)


def _ids(usage: UsageReport, table: str, ids: list[str]) -> dict[str, str]:
    if table == "language":
        return {"language": ids[0]}
    titles = {line.key: line.label for line in usage.questionnaires}
    found = {"questionnaire": ids[0], "questionnaire_title": titles.get(ids[0], ids[0])}
    if table != "version":
        return found
    return {**found, "version": ids[1], "version_title": usage.version_names.get((ids[0], ids[1]), ids[1])}


def _row(table: str, month: str, starts: Shown | None, completions: Shown | None, **ids: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS, "")
    row.update({name: spreadsheet_safe(value) for name, value in ids.items()})
    row.update(
        table=table,
        month=month,
        starts=starts.csv if starts else "",
        completions=completions.csv if completions else "",
    )
    return row


def write_csv(out: IO[str], usage: UsageReport) -> None:
    """The CSV: a header line, then every row."""
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(usage))


def csv_text(usage: UsageReport) -> str:
    """The CSV as text."""
    out = io.StringIO()
    write_csv(out, usage)
    return out.getvalue()


def xlsx_bytes(usage: UsageReport) -> bytes:
    """The workbook: a sheet per table, the CSV's columns without `table`; shown numbers as numbers."""
    # Imported here: openpyxl takes longer to import than the rest of a `flask` command's start-up
    # spends on any one library, and only this download needs it.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheets = {}
    for index, table in enumerate(TABLES):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = table
        sheet.append(list(COLUMNS[1:]))
        sheet.freeze_panes = "A2"
        sheets[table] = sheet
    for row in rows(usage):
        sheets[row["table"]].append([_cell(name, row[name]) for name in COLUMNS[1:]])
    for sheet in sheets.values():
        for column in range(1, len(COLUMNS)):
            sheet.column_dimensions[get_column_letter(column)].width = 18
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(column: str, value: str) -> int | str | None:
    if value == "":
        return None
    return int(value) if column in NUMBERS and value.isdigit() else value
