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

from .checks import Context
from .limits import MAX_SOURCE_BYTES
from .model import Tree
from .problems import Problem, Severity
from .validate import SourceText, check_source


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
        """Every questionnaire file, sorted by name (a folder named x.yaml is no questionnaire)."""
        for file in sorted(self.path.glob("*.yaml")):
            if file.is_file():
                yield read_file(file)


def read_file(file: Path) -> SourceText:
    """One questionnaire file; undecodable bytes become U+FFFD, which the check reports (not-utf8).

    Never more than one byte over the size limit is read, so that the check refuses a huge file
    without it ever being held in memory whole.
    """
    with file.open("rb") as stream:
        data = stream.read(MAX_SOURCE_BYTES + 1)
    return SourceText(file.stem, str(file), data.decode("utf-8", errors="replace"))


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
