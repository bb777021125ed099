"""Where trees come from, and the set of trees that may be served.

Sources sit behind one small seam (`TreeSource`): today the YAML files in a folder;
versions published from the staff area can be another source of the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .checks import Context, check_tree
from .loader import load_tree
from .model import Tree
from .problems import Problem, ProblemList


@dataclass(frozen=True)
class SourceText:
    """The text of one questionnaire and the name its problems are reported under."""

    tree_id: str
    name: str
    text: str


class TreeSource(Protocol):
    """Anything that yields questionnaire texts."""

    def read(self) -> Iterable[SourceText]:
        """Every questionnaire text this source holds."""
        ...


@dataclass(frozen=True)
class DirectorySource:
    """The `*.yaml` files of a folder; a file's stem is its questionnaire id."""

    path: Path

    def read(self) -> Iterable[SourceText]:
        """Every questionnaire file, sorted by name."""
        for file in sorted(self.path.glob("*.yaml")):
            yield read_file(file)


def read_file(file: Path) -> SourceText:
    """One questionnaire file; undecodable bytes become replacement characters."""
    return SourceText(file.stem, str(file), file.read_bytes().decode("utf-8", errors="replace"))


def check_source(
    source: SourceText, languages: tuple[str, ...] = ("nl", "en"), context: Context | None = None
) -> tuple[Tree | None, ProblemList]:
    """Load and check one text; the tree comes back even when it has errors."""
    context = context or Context()
    tree, problems = load_tree(source.text, source.name, source.tree_id, languages)
    if tree is not None:
        check_tree(tree, problems, context)
    unique = sorted(set(problems), key=lambda p: (p.line, p.column, p.code, p.message))
    problems[:] = unique  # one rule may meet the same spot on several paths
    return tree, problems


@dataclass
class Catalog:
    """The trees that passed every check, and every problem found on the way."""

    trees: dict[str, Tree] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def load_catalog(
    sources: Iterable[SourceText],
    languages: tuple[str, ...] = ("nl", "en"),
    contacts: frozenset[str] | None = None,
) -> Catalog:
    """Check every source; only trees without errors are in the catalog."""
    texts = list(sources)
    context = Context(frozenset(source.tree_id for source in texts), contacts)
    catalog = Catalog()
    for source in texts:
        tree, problems = check_source(source, languages, context)
        catalog.problems.extend(problems)
        if tree is not None and not problems.has_errors:
            catalog.trees[tree.id] = tree
        else:
            catalog.refused.append(source.tree_id)
    return catalog
