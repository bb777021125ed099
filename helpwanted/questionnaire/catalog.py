"""Where trees come from, and the set of trees that may be served.

Sources sit behind one small seam (`TreeSource`): the YAML files in a folder
(`DirectorySource`) and the versions published from the staff area
(`helpwanted.publications.PublishedSource`). `overlay_catalog` is the rule between them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from .checks import Context, check_tree
from .loader import load_tree
from .model import Tree
from .problems import Problem, ProblemList, Severity


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


@dataclass(frozen=True)
class Checked:
    """One source after the checker: its tree (even with errors) and its problems."""

    tree: Tree | None
    problems: tuple[Problem, ...]

    @property
    def servable(self) -> bool:
        """Whether a visitor may see this tree: it loaded and has no error."""
        return self.tree is not None and not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass(frozen=True)
class Catalog:
    """The trees that passed every check, and every problem found on the way (read-only)."""

    trees: Mapping[str, Tree] = field(default_factory=lambda: MappingProxyType({}))
    problems: tuple[Problem, ...] = ()
    refused: tuple[str, ...] = ()
    # What each source gave under which context, so a rebuild re-checks only what changed.
    checked: Mapping[tuple[SourceText, Context], Checked] = field(
        default_factory=lambda: MappingProxyType({}), repr=False, compare=False
    )


def load_catalog(
    sources: Iterable[SourceText],
    languages: tuple[str, ...] = ("nl", "en"),
    contacts: frozenset[str] | None = None,
) -> Catalog:
    """Check every source; only trees without errors are in the catalog."""
    return overlay_catalog(sources, (), languages, contacts)


def overlay_catalog(
    files: Iterable[SourceText],
    published: Iterable[SourceText],
    languages: tuple[str, ...] = ("nl", "en"),
    contacts: frozenset[str] | None = None,
    previous: Catalog | None = None,
) -> Catalog:
    """The live catalog: each published version over its shipped file.

    A published version with errors falls back to its shipped file when that file passes
    (a broken publication never takes a questionnaire offline). Texts checked under the
    same context in `previous` are not checked again. Pure: returns a fresh Catalog.
    """
    shipped = {source.tree_id: source for source in files}
    newest = {source.tree_id: source for source in published}
    sources = {**shipped, **newest}
    context = Context(frozenset(sources), contacts)
    known = previous.checked if previous is not None else {}
    checked: dict[tuple[SourceText, Context], Checked] = {}

    def check(source: SourceText) -> Checked:
        if (source, context) not in checked:
            found = known.get((source, context))
            if found is None:
                tree, problems = check_source(source, languages, context)
                found = Checked(tree, tuple(problems))
            checked[(source, context)] = found
        return checked[(source, context)]

    trees: dict[str, Tree] = {}
    problems: list[Problem] = []
    refused: list[str] = []
    for tree_id, source in sources.items():
        result = check(source)
        problems.extend(result.problems)
        if not result.servable and tree_id in newest and tree_id in shipped:
            result = check(shipped[tree_id])  # its problems are not the live text's: not listed
        if result.servable and result.tree is not None:
            trees[tree_id] = result.tree
        else:
            refused.append(tree_id)
    return Catalog(MappingProxyType(trees), tuple(problems), tuple(refused), MappingProxyType(checked))
