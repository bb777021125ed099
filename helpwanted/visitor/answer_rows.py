"""The visitor's answers on the advice page, from rows rendered for a whole questionnaire at once.

The list of a visit's answers is that visit's path: it is put together for each request and never
kept. What is kept is every question of the questionnaire as a row, rendered together the first
time any advice of that questionnaire version is shown in a language, with a placeholder where the
chosen options and the step number go. So the rows in memory tell which questionnaires were
answered in which language, not which question anyone reached or what anyone chose
(docs/privacy.md). Rendering a row for every request instead cost most of the advice page.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from ..i18n import current_language
from ..questionnaire import Kind, Node, Tree

MAX_KEPT = 64  # questionnaire versions × languages × interface languages; past this, start afresh
# A step number no link holds otherwise (13 digits), and a hex mark where the chosen options go.
_NUMBER = str(10**12 + secrets.randbelow(10**11))
_LABELS = secrets.token_hex(16)


@dataclass(frozen=True)
class _Row:
    """A question's row with placeholders, and its options' labels escaped for HTML."""

    html: str
    labels: dict[str, str]


def answers_html(tree: Tree, answered: Iterable[tuple[int, Node, tuple[str, ...]]], language: str) -> Markup:
    """The rows of these answers (step number, question, options chosen), in their order."""
    rows = _rows(tree, language)
    html = []
    for number, node, choice in answered:
        row = rows[node.id]
        chosen = ", ".join(row.labels[option] for option in choice if option in row.labels)
        html.append(row.html.replace(_NUMBER, str(number)).replace(_LABELS, chosen))
    return Markup("".join(html))  # noqa: S704 - our template's rows, labels escaped in _render


def _rows(tree: Tree, language: str) -> dict[str, _Row]:
    """Every question's row of this questionnaire version, in this content and interface language."""
    if current_app.debug:  # an edited template shows at once
        return _render(tree, language)
    kept: dict[tuple[str, str, str, str, str], dict[str, _Row]] = current_app.extensions.setdefault(
        "helpwanted.answer_rows", {}
    )
    key = (tree.id, tree.version, language, current_language(), request.root_path)
    rows = kept.get(key)
    if rows is None:
        if len(kept) >= MAX_KEPT:
            kept.clear()
        rows = kept[key] = _render(tree, language)
    return rows


def _no_token() -> str:
    raise RuntimeError("answer rows are shared by every visitor: no CSRF token (nor anything of one visit) in them")


def _render(tree: Tree, language: str) -> dict[str, _Row]:
    placeholder = Markup(_LABELS)  # noqa: S704 - hex
    return {
        node.id: _Row(
            render_template(
                "visitor/_answer_row.html",
                node=node,
                number=_NUMBER,
                chosen=placeholder,
                lang=language,
                csrf_token=_no_token,
            ),
            {option.id: str(escape(option.label.get(language))) for option in node.options},
        )
        for node in tree.nodes.values()
        if node.kind is Kind.QUESTION
    }
