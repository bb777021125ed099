"""Every visitor text of a tree under a stable key, and translations left behind by a change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from .model import Text, Tree


class VisitorText(NamedTuple):
    """One text a visitor may see: where it lives, the text, and whether it is Markdown."""

    key: str
    text: Text
    markdown: bool


Place = tuple[str | int, ...]
"""Where a text lives, as the parts of its key: ('node', 'age', 'option', 'adult', 'label')."""


def visitor_texts(tree: Tree) -> Iterator[VisitorText]:
    """Each visitor-facing text, keyed by where it lives, e.g. 'node:age:option:adult:label'."""
    for place, text, markdown in shown_texts(tree):
        yield VisitorText(":".join(map(str, place)), text, markdown)


def shown_texts(tree: Tree) -> Iterator[tuple[Place, Text, bool]]:
    """Each visitor-facing text with its place and whether it is Markdown: the one walk behind
    visitor_texts. The checks need no keys, and joining them was most of a walk over a large tree."""
    yield ("title",), tree.title, False
    yield ("summary",), tree.summary, False
    for block in tree.blocks.values():
        yield ("block", block.id), block.text, True
    for node in tree.nodes.values():
        yield ("node", node.id, "title"), node.title, False
        if node.text is not None:
            yield ("node", node.id, "text"), node.text, True
        for option in node.options:
            yield ("node", node.id, "option", option.id, "label"), option.label, False
            if option.hint is not None:
                yield ("node", node.id, "option", option.id, "hint"), option.hint, False
        for index, step in enumerate(node.steps, 1):
            if step.text is not None:
                yield ("node", node.id, "step", index), step.text, True
        for index, step in enumerate(node.first, 1):
            if step.text is not None:
                yield ("node", node.id, "first", index), step.text, True


def keyed_texts(tree: Tree) -> dict[str, Text]:
    """Each text by its key (see visitor_texts)."""
    return {key: text for key, text, _ in visitor_texts(tree)}


def stale_translations(before: Tree, after: Tree, source_language: str) -> list[tuple[str, str, Text]]:
    """(key, language, text) where the source text changed but that language's text did not."""
    old = keyed_texts(before)
    stale = []
    for key, text in keyed_texts(after).items():
        previous = old.get(key)
        if previous is None or previous.by_language.get(source_language) == text.by_language.get(source_language):
            continue
        for language, value in text.by_language.items():
            if language != source_language and previous.by_language.get(language) == value:
                stale.append((key, language, text))
    return stale


def coverage(tree: Tree, languages: tuple[str, ...]) -> dict[str, float]:
    """Per language, the share of texts that are filled in."""
    texts = list(keyed_texts(tree).values())
    return {
        language: sum(1 for text in texts if text.by_language.get(language, "").strip()) / max(1, len(texts))
        for language in languages
    }
