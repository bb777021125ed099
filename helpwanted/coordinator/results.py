"""What one usage report holds: every table in words, each number as shown (figures.Shown)."""

from __future__ import annotations

from dataclasses import dataclass

from .figures import Numbers, Shown
from .report import Filters


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: an id, its words, starts and completions (advice requests)."""

    key: str
    label: str
    starts: Shown | None
    completions: Shown | None

    @property
    def rate(self) -> float | None:
        """Completions per start, only when both numbers may be shown."""
        starts = self.starts.number if self.starts else None
        done = self.completions.number if self.completions else None
        return done / starts if starts and done is not None else None


@dataclass(frozen=True)
class OutcomeLine:
    """Completions of one outcome, with its questionnaire, topic and urgency in words."""

    questionnaire: str
    questionnaire_title: str
    outcome: str
    title: str
    topic: str
    topic_title: str
    urgency: str
    urgency_title: str
    completions: Shown
    helpful: Shown | None
    not_helpful: Shown | None


@dataclass(frozen=True)
class HelpfulLine:
    """'Was this advice helpful?' for one outcome of one version in one month."""

    month: str
    questionnaire: str
    questionnaire_title: str
    version: str
    version_title: str  # 'Version 3 · published 12 Nov 2026'
    outcome: str
    title: str  # the outcome's title as in that version
    yes: Shown | None
    no: Shown | None


@dataclass(frozen=True)
class Question:
    """A question of a counted version: visits that were shown it and the answers, in option order."""

    node: str
    title: str
    reached: Shown | None
    answers: list[tuple[str, Shown]]


@dataclass(frozen=True)
class Funnel:
    """How far the visits of one questionnaire version got."""

    questionnaire: str
    title: str
    version: str
    version_title: str
    live: bool
    starts: Shown | None
    questions: list[Question]


@dataclass(frozen=True)
class YearLine:
    """Advice requests of one year: through the module, by the other channels, and together."""

    year: int
    module: Shown | None
    channels: Shown | None
    total: Shown | None

    @property
    def share(self) -> float | None:
        """The module's part of all advice requests, only when both may be shown."""
        module, total = (self.module.number if self.module else None), (self.total.number if self.total else None)
        return module / total if module is not None and total else None


@dataclass(frozen=True)
class Compared:
    """Advice requests through the module per month of the year and of the year before."""

    year: int
    last: list[Shown]
    this: list[Shown]
    last_total: Shown
    this_total: Shown

    @property
    def change(self) -> float | None:
        """Change of the year total in %, only when both totals may be shown."""
        last, this = self.last_total.number, self.this_total.number
        return (this - last) / last * 100 if last and this is not None else None


@dataclass(frozen=True)
class UsageReport:
    """Everything one set of filters shows and exports."""

    filters: Filters
    threshold: int
    total: Line
    months: list[Line]
    questionnaires: list[Line]
    versions: list[Line]
    languages: list[Line]
    outcomes: list[OutcomeLine] | None  # None: a language or version filter cannot split outcomes
    helpful: list[HelpfulLine] | None  # None: 'helpful' has no language, so a language filter cannot split it
    topics: list[Line]
    urgencies: list[Line]
    ages: list[Line]  # the visitors' age now, from the questionnaires that ask it
    compared: Compared
    years: list[YearLine]
    channels: list[Line]  # per channel, the chosen year
    channel_months: list[tuple[str, str, str, Shown]]  # (month, channel id, channel name, n)
    funnels: list[Funnel]
    numbers: Numbers
    version_names: dict[tuple[str, str], str]  # (questionnaire, version id) → its name, every counted version

    @property
    def headline(self) -> YearLine:
        """The annual report's headline for the chosen year."""
        year = self.filters.year()
        return next((line for line in self.years if line.year == year), YearLine(year, None, None, None))
