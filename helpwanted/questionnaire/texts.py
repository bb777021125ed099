"""Every visitor text of a tree under a stable key, and translations left behind by a change."""

from __future__ import annotations

from .model import Text, Tree


def keyed_texts(tree: Tree) -> dict[str, Text]:
    """Each text by where it lives, e.g. 'node:age:option:adult:label'."""
    texts = {"title": tree.title, "summary": tree.summary}
    for block in tree.blocks.values():
        texts[f"block:{block.id}"] = block.text
    for node in tree.nodes.values():
        texts[f"node:{node.id}:title"] = node.title
        if node.text is not None:
            texts[f"node:{node.id}:text"] = node.text
        for option in node.options:
            texts[f"node:{node.id}:option:{option.id}:label"] = option.label
            if option.hint is not None:
                texts[f"node:{node.id}:option:{option.id}:hint"] = option.hint
        for index, step in enumerate(node.steps):
            if step.text is not None:
                texts[f"node:{node.id}:step:{index + 1}"] = step.text
        for index, step in enumerate(node.first):
            if step.text is not None:
                texts[f"node:{node.id}:first:{index + 1}"] = step.text
    return texts


def stale_translations(before: Tree, after: Tree, source_language: str = "nl") -> list[tuple[str, str, Text]]:
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
