"""The safe Markdown subset for advice texts: rendering and the checks behind it.

Raw HTML is never passed through, images are refused (they would load from another
host), and links may only use https:, mailto: or tel:.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = ("https:", "mailto:", "tel:")

# The checker parses with HTML on so that it can see (and refuse) raw HTML;
# the renderer parses with HTML off so that nothing raw could ever get through.
_inspector = MarkdownIt("commonmark", {"html": True})
_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


# markdown-it drops links it finds unsafe (javascript:) and shows them as text; find them anyway.
# Linear: the class stops at the first ')', whitespace or '>', and nothing has to follow it.
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")


def markdown_problems(source: str) -> list[tuple[str, dict[str, str]]]:
    """Why this Markdown is not safe to publish, as (message id, arguments); empty when it is."""
    if "<" not in source and "[" not in source:
        return []  # no HTML, no image and no link can be written without one of these
    problems: list[tuple[str, dict[str, str]]] = []
    hrefs = set(_LINK_TARGET.findall(source))
    for token in _walk(_inspector.parse(source)):
        if token.type in ("html_inline", "html_block"):
            problems.append(("unsafe-markdown.html", {"html": token.content.strip()[:40]}))
        elif token.type == "image":
            problems.append(("unsafe-markdown.image", {}))
        elif token.type == "link_open":
            hrefs.add(str(token.attrs.get("href", "")))
    unsafe = sorted(href for href in hrefs if not href.lower().startswith(SAFE_SCHEMES))
    problems.extend(("unsafe-markdown.link", {"href": href[:80]}) for href in unsafe)
    return problems


def render_markdown(source: str) -> str:
    """HTML for checked Markdown; links open without sending a referrer."""
    html = str(_renderer.render(source))
    return html.replace("<a href=", '<a rel="noreferrer noopener" href=')
