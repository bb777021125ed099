"""Accessible bar charts as inline SVG, drawn on the server; the page shows the same figures as a table.

Horizontal bars, one row per label, so a phone (375 px) shows the labels and values at a readable
size; a legend names every series; a colour means the same thing everywhere on the page (MEANINGS);
a hidden number gets no bar and its text ('< 5', 'x') instead of a value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from .figures import Shown

# One colour per meaning, each ≥ 3:1 against white (WCAG 1.4.11) and told apart by the legend too.
MEANINGS = {
    "starts": "#6b6f9e",
    "completions": "#24306b",
    "last_year": "#767676",
    "channels": "#00703c",
    "reached": "#24306b",
}
WIDTH, LABEL, ROW, BAR, TOP = 360, 96, 18, 14, 8
FONT = 12
SHORT_LABEL = 14  # longer labels get a line of their own above the bars
LONG_LABEL = 56  # characters that fit the chart's width at FONT


@dataclass(frozen=True)
class Series:
    """One named series: its meaning (colour) and a value per label."""

    name: str
    meaning: str
    values: Sequence[Shown | None]


def bar_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """Grouped horizontal bars with a legend; <title>/<desc> say everything the bars show.

    Short labels (months, years) sit left of their bars; long ones (questions) get a line of their
    own above the bars, so that a phone shows them whole instead of cut off."""
    top = max([1, *(v.value for s in series for v in s.values if v is not None and not v.status)])
    above = any(len(label) > SHORT_LABEL for label in labels)
    left = 0 if above else LABEL
    legend_height = ROW * len(series) + 4
    group = ROW * (len(series) + int(above)) + 6
    height = TOP + legend_height + group * len(labels) + 4
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(labels, series))}</desc>',
    ]
    for number, one in enumerate(series):
        y = TOP + number * ROW
        parts.append(
            f'<rect x="{left}" y="{y}" width="{BAR}" height="{BAR}" fill="{MEANINGS[one.meaning]}"/>'
            f'<text x="{left + BAR + 6}" y="{y + BAR - 3}" font-size="{FONT}" fill="#1b1b1b">{escape(one.name)}</text>'
        )
    plot = WIDTH - left - 40
    for index, label in enumerate(labels):
        y0 = TOP + legend_height + index * group
        if above:
            cut = escape(_cut(label))
            parts.append(f'<text x="0" y="{y0 + ROW - 4}" font-size="{FONT}" fill="#1b1b1b">{cut}</text>')
            y0 += ROW
        else:
            parts.append(
                f'<text x="{LABEL - 6}" y="{y0 + ROW - 4}" text-anchor="end" font-size="{FONT}" fill="#1b1b1b">'
                f"{escape(label)}</text>"
            )
        for number, one in enumerate(series):
            parts.append(_bar(one, index, label, left, y0 + number * ROW, plot, top))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _cut(label: str) -> str:
    """A label on its own line, cut to the chart's width (the table beside it has the whole text)."""
    return label if len(label) <= LONG_LABEL else label[: LONG_LABEL - 1].rstrip() + "…"


def _bar(one: Series, index: int, label: str, x: int, y: int, plot: int, top: int) -> str:
    value = one.values[index]
    shown = value is not None and not value.status
    width = plot * value.value / top if shown and value is not None else 0
    text = str(value) if value is not None else "0"
    return (
        f'<rect x="{x}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{MEANINGS[one.meaning]}">'
        f"<title>{escape(label)}, {escape(one.name)}: {escape(text)}</title></rect>"
        f'<text x="{x + width + 4:.1f}" y="{y + BAR - 3}" font-size="{FONT}" fill="#1b1b1b">{escape(text)}</text>'
    )


def _describe(labels: Sequence[str], series: Sequence[Series]) -> str:
    return "; ".join(
        f"{one.name}: "
        + ", ".join(
            f"{label} {value if value is not None else 0}" for label, value in zip(labels, one.values, strict=True)
        )
        for one in series
    )
