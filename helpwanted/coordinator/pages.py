"""What the coordinator's views render besides the report: charts, filter choices, export bodies and
the channel form. Kept out of views.py so that each view stays a few lines."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from babel.dates import get_month_names
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from werkzeug.exceptions import BadRequest

from ..database import engine
from ..i18n import current_language
from ..opening_hours import AMSTERDAM
from ..trees import catalog
from . import exports, report
from .channels import MAX_FIGURE, Entered
from .charts import Series, bar_chart
from .results import Funnel, UsageReport


def month_labels() -> list[str]:
    """January to December, abbreviated in the interface language (Babel's CLDR data)."""
    names = get_month_names("abbreviated", locale=get_locale())
    return [str(names[month]) for month in range(1, 13)]


def dutch_time(moment: datetime) -> str:
    """'2026-11-29 14:59' in the helpline's time (the database keeps UTC; SQLite without its zone)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def dashboard_charts(usage: UsageReport) -> dict[str, Markup]:
    """The dashboard's charts: per month, compared with last year, advice requests per year."""
    compared, months = usage.compared, month_labels()
    started, requests = _("Started"), _("Advice requests")
    return {
        "monthly": bar_chart(
            "monthly",
            _("Started and advice requests per month"),
            [line.key for line in usage.months],
            [
                Series(started, "starts", [m.starts for m in usage.months]),
                Series(requests, "completions", [m.completions for m in usage.months]),
            ],
        ),
        "compared": bar_chart(
            "compared",
            _(
                "Advice requests through the module per month, %(last)s and %(this)s",
                last=compared.year - 1,
                this=compared.year,
            ),
            months,
            [
                Series(str(compared.year - 1), "last_year", compared.last),
                Series(str(compared.year), "completions", compared.this),
            ],
        ),
        "years": bar_chart(
            "years",
            _("Advice requests per year: the module and the other channels"),
            [str(line.year) for line in usage.years],
            [
                Series(_("Advice module"), "completions", [line.module for line in usage.years]),
                Series(_("Phone, chat and e-mail"), "channels", [line.channels for line in usage.years]),
            ],
        ),
    }


def funnel_charts(funnels: list[Funnel]) -> dict[str, Markup]:
    """One chart per version: visits that were shown each question."""
    return {
        funnel.version: bar_chart(
            f"funnel-{index}",
            _("Visits that were shown each question (%(version)s)", version=funnel.version_title),
            [question.title for question in funnel.questions],
            [Series(_("Shown the question"), "reached", [question.reached for question in funnel.questions])],
        )
        for index, funnel in enumerate(funnels)
    }


def form(usage: UsageReport) -> dict[str, Any]:
    """Choices for the filter form: questionnaires, languages and versions (id, name) with counters."""
    with engine().connect() as connection:
        counted = report.counted_questionnaires(connection)
        chosen = usage.filters.questionnaire
        versions = report.versions(connection, chosen) if chosen else []
    live = catalog().trees
    titles = [(q, live[q].title.get(current_language()) if q in live else q) for q in counted]
    named = [(v, usage.version_names.get((chosen, v), v)) for v in versions]
    return {"questionnaire_choices": titles, "version_choices": named, "languages": current_app.config["LANGUAGES"]}


def export_body(usage: UsageReport, kind: str) -> tuple[bytes | str, str]:
    """The download's body and media type."""
    if kind == "xlsx":
        return exports.xlsx_bytes(usage), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return exports.csv_text(usage), "text/csv"


def export_name(usage: UsageReport, kind: str) -> str:
    """usage-2026-01_2026-12.csv: only digits, dashes and the kind, never a topic."""
    return "usage-" + usage.filters.months.label().replace(" – ", "_").replace("…", "all") + "." + kind


def year_arg(value: str | None) -> int:
    """The year of the channel form; a wrong one is a 400."""
    try:
        year = int(value or date.today().year)
    except ValueError:
        raise BadRequest(_("The year must be a number like 2026.")) from None
    if not 2000 <= year <= 2100:
        raise BadRequest(_("The year must be a number like 2026."))
    return year


@dataclass
class ChannelForm:
    """A grid of months × channels; an empty field leaves the figure as it is."""

    year: int
    channels: Mapping[str, Mapping[str, str]]
    entered: dict[tuple[int, str], Entered]
    language: str
    figures: dict[tuple[int, str], int | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def name(self, channel: str) -> str:
        """The channel's title."""
        return self.channels[channel].get(self.language) or channel

    def read(self, data: Mapping[str, str]) -> bool:
        """Read the posted grid; False (and errors by field) when a value is not a whole number."""
        for month in range(1, 13):
            for channel in self.channels:
                field_name = f"f-{month}-{channel}"
                text = (data.get(field_name) or "").strip()
                if not text:
                    continue
                if not text.isdigit() or int(text) > MAX_FIGURE:
                    self.errors[field_name] = _("Enter a whole number from 0 to %(max)s.", max=MAX_FIGURE)
                    continue
                self.figures[(month, channel)] = int(text)
        return not self.errors
