"""Which questionnaires a visitor is offered in their language, and the language a page's tree speaks.

A tree is offered in the languages it is complete in (`Tree.languages`, worked out by the loader), so a
new language can be added with a few trees translated: the others simply do not show in it yet.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..questionnaire import Tree


def complete_in(tree: Tree, configured: tuple[str, ...]) -> tuple[str, ...]:
    """The languages a tree can be shown in (a tree built without that knowledge: all configured)."""
    return tree.languages or configured


def offered(trees: Iterable[Tree], language: str, configured: tuple[str, ...]) -> list[Tree]:
    """The trees complete in this language, in their order."""
    return [tree for tree in trees if language in complete_in(tree, configured)]


def content_language(tree: Tree, language: str, configured: tuple[str, ...]) -> str:
    """The visitor's language if the tree is complete in it, else the tree's source language."""
    languages = complete_in(tree, configured)
    return language if language in languages else languages[0]
