"""From suppressed numbers to the report's tables, labelled in words and in a reader's order."""

from __future__ import annotations

from typing import Any

from ..questionnaire.model import Kind
from . import results
from .figures import ALL, Numbers
from .labels import Labels
from .report import Filters

URGENCY_ORDER = ("urgent", "high", "normal")
AGE_ORDER = ("under18", "adult")


def words(numbers: Numbers, filters: Filters, labels: Labels, threshold: int) -> results.UsageReport:
    """The UsageReport of suppressed numbers."""
    outcomes = _outcomes(numbers, labels) if filters.per_outcome else None
    return results.UsageReport(
        filters=filters,
        threshold=threshold,
        total=_line(numbers, ("all", ALL), "", ""),
        months=[_line(numbers, ("all", m), m, m) for m in numbers.months],
        questionnaires=[
            _line(numbers, ("questionnaire", ALL, q), q, labels.questionnaire(q))
            for q in _ids(numbers, ("complete", "questionnaire", ALL), ("start", "questionnaire", ALL))
        ],
        versions=_versions(numbers, labels),
        languages=[
            _line(numbers, ("language", ALL, lang), lang, labels.language_name(lang))
            for lang in _ids(numbers, ("complete", "language", ALL), ("start", "language", ALL))
        ],
        outcomes=outcomes,
        helpful=None if filters.language else _helpful(numbers, labels),
        topics=_tags(numbers, "topic", labels.topic) if outcomes is not None else [],
        urgencies=_tags(numbers, "urgency", labels.urgency) if outcomes is not None else [],
        ages=[
            results.Line(group, labels.age(group), None, numbers.get(("age", ALL, group)))
            for group in AGE_ORDER
            if ("age", ALL, group) in numbers.disclosure.values
        ],
        compared=_compared(numbers, filters.year()),
        years=_years(numbers),
        channels=[
            results.Line(c, labels.channel(c), None, numbers.get(("channel", filters.year(), c)))
            for c in sorted({k[2] for k in numbers.keys(("channel", filters.year()))})
        ],
        channel_months=[
            (k[1], k[2], labels.channel(k[2]), numbers.zero(k))
            for k in numbers.keys(("channel",))
            if isinstance(k[1], str) and k[1] in numbers.months
        ],
        funnels=_funnels(numbers, labels),
        numbers=numbers,
        version_names={(q, v): labels.version_name(q, v) for q, vs in labels.counted.items() for v in vs},
    )


def _line(numbers: Numbers, key: tuple[Any, ...], ident: str, label: str) -> results.Line:
    return results.Line(ident, label, numbers.get(("start", *key)), numbers.get(("complete", *key)))


def _ids(numbers: Numbers, *prefixes: tuple[Any, ...]) -> list[str]:
    return sorted({str(k[len(p)]) for p in prefixes for k in numbers.keys(p)})


def _versions(numbers: Numbers, labels: Labels) -> list[results.Line]:
    found = {k[3:5] for p in ("start", "complete") for k in numbers.keys((p, "version", ALL))}
    pairs = sorted(found, key=lambda pair: (pair[0], labels.version_rank(*pair)))
    return [_line(numbers, ("version", ALL, q, v), f"{q}@{v}", _named(labels, q, v)) for q, v in pairs]


def _named(labels: Labels, questionnaire: str, version: str) -> str:
    return f"{labels.questionnaire(questionnaire)} – {labels.version_name(questionnaire, version)}"


def _outcomes(numbers: Numbers, labels: Labels) -> list[results.OutcomeLine]:
    lines = []
    for key in numbers.keys(("outcome", ALL)):
        q, o = key[2], key[3]
        title, topic, urgency = labels.outcome(q, o)
        lines.append(
            results.OutcomeLine(
                q,
                labels.questionnaire(q),
                o,
                title,
                topic,
                labels.topic(topic),
                urgency,
                labels.urgency(urgency),
                numbers.zero(key),
                numbers.get(("helpful", ALL, q, o, "yes")),
                numbers.get(("helpful", ALL, q, o, "no")),
            )
        )
    order = {u: i for i, u in enumerate(URGENCY_ORDER)}
    return sorted(lines, key=lambda line: (line.questionnaire_title, order.get(line.urgency, 9), line.title))


def _helpful(numbers: Numbers, labels: Labels) -> list[results.HelpfulLine]:
    """Yes and no per month, outcome and version, in month order, then as the outcome table."""
    found = sorted({k[1:5] for k in numbers.keys(("helpful",)) if k[1] != ALL})
    lines = [
        results.HelpfulLine(
            month,
            q,
            labels.questionnaire(q),
            v,
            labels.version_name(q, v),
            o,
            labels.outcome_in(q, v, o),
            numbers.get(("helpful", month, q, v, o, "yes")),
            numbers.get(("helpful", month, q, v, o, "no")),
        )
        for month, q, v, o in found
    ]
    return sorted(
        lines,
        key=lambda line: (
            line.month,
            line.questionnaire_title,
            line.title,
            labels.version_rank(line.questionnaire, line.version),
        ),
    )


def _tags(numbers: Numbers, tag: str, name: Any) -> list[results.Line]:
    lines = [results.Line(k[2], name(k[2]), None, numbers.zero(k)) for k in numbers.keys((tag, ALL))]
    if tag == "urgency":
        return sorted(lines, key=lambda line: (*URGENCY_ORDER, line.key).index(line.key))
    return sorted(lines, key=lambda line: line.label)


def _compared(numbers: Numbers, year: int) -> results.Compared:
    def months(y: int) -> list[Any]:
        return [numbers.zero(("complete", "all", f"{y}-{m:02d}")) for m in range(1, 13)]

    return results.Compared(
        year, months(year - 1), months(year), numbers.zero(("year", year - 1)), numbers.zero(("year", year))
    )


def _years(numbers: Numbers) -> list[results.YearLine]:
    years = sorted({k[1] for k in numbers.keys(("requests",))})
    return [
        results.YearLine(
            y,
            numbers.get(("module", y)),
            _channels_total(numbers, y),
            numbers.get(("requests", y)),
        )
        for y in years
    ]


def _channels_total(numbers: Numbers, year: int) -> Any:
    """The other channels of a year together: shown only when every channel's figure is."""
    parts = [numbers.zero(k) for k in numbers.keys(("channel", year))]
    if not parts:
        return None
    value = sum(part.value for part in parts)
    hidden = next((part.status for part in parts if part.status), "")
    return type(parts[0])(value, hidden, numbers.disclosure.threshold)


def _funnels(numbers: Numbers, labels: Labels) -> list[results.Funnel]:
    funnels = []
    found = {k[2:4] for e in ("reach", "answer") for k in numbers.keys((e, ALL))}
    pairs = sorted(found, key=lambda pair: (pair[0], labels.version_rank(*pair)))
    for q, v in pairs:
        tree = labels.version(q, v)
        order = [n.id for n in tree.nodes.values() if n.kind is not Kind.OUTCOME] if tree else []
        counted = {k[4] for e in ("reach", "answer") for k in numbers.keys((e, ALL, q, v))}
        nodes = [n for n in order if n in counted] + sorted(counted - set(order))
        questions = [
            results.Question(
                node,
                labels.question(tree, node),
                numbers.get(("reach", ALL, q, v, node)),
                _answers(numbers, labels, tree, q, v, node),
            )
            for node in nodes
        ]
        live = q in labels.live and labels.live[q].version == v
        funnels.append(
            results.Funnel(
                q,
                labels.questionnaire(q),
                v,
                labels.version_name(q, v),
                live,
                numbers.get(("start", "version", ALL, q, v)),
                questions,
            )
        )
    return funnels


def _answers(numbers: Numbers, labels: Labels, tree: Any, q: str, v: str, node: str) -> list[tuple[str, Any]]:
    keys = {k[5]: k for k in numbers.keys(("answer", ALL, q, v, node))}
    found = tree.nodes.get(node) if tree else None
    order = [o.id for o in found.options] if found else []
    ids = [o for o in order if o in keys] + sorted(set(keys) - set(order))
    return [(labels.option(tree, node, o), numbers.zero(keys[o])) for o in ids]
