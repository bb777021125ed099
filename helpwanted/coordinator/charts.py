"""Accessible bar charts as inline SVG, drawn on the server; the page shows the same figures as a table."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 240, 44, 28, 12
COLOURS = ("#24306b", "#00703c")  # ≥ 3:1 against white and against each other's neighbours


def bar_chart(chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> Markup:
    """Grouped bars: one group per label, one bar per series; a <title> on each bar for pointer users."""
    top = max([1, *(value for _, values in series for value in values)])
    group = (WIDTH - PAD_LEFT) / max(1, len(labels))
    bar = group * 0.8 / max(1, len(series))
    plot = HEIGHT - PAD_BOTTOM - PAD_TOP
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(_describe(labels, series))}</desc>',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - PAD_BOTTOM}" stroke="#1b1b1b"/>',
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 10}" text-anchor="end" font-size="12" fill="#1b1b1b">{top}</text>',
        f'<text x="{PAD_LEFT - 6}" y="{HEIGHT - PAD_BOTTOM}" text-anchor="end" font-size="12" fill="#1b1b1b">0</text>',
    ]
    for index, label in enumerate(labels):
        x0 = PAD_LEFT + index * group + group * 0.1
        for number, (name, values) in enumerate(series):
            value = values[index]
            height = plot * value / top
            x = x0 + number * bar
            y = HEIGHT - PAD_BOTTOM - height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.9:.1f}" height="{height:.1f}" '
                f'fill="{COLOURS[number % len(COLOURS)]}">'
                f"<title>{escape(label)}, {escape(name)}: {value}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group * 0.4:.1f}" y="{HEIGHT - 10}" text-anchor="middle" font-size="12" '
            f'fill="#1b1b1b">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above is escaped


def _describe(labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    return "; ".join(
        f"{name}: " + ", ".join(f"{label} {value}" for label, value in zip(labels, values, strict=True))
        for name, values in series
    )
