"""The questionnaires this app serves: checked whole before they are served, never lazily.

Live = the newest published version in the database, else the shipped file in
questionnaires/. Each process keeps its catalog and rebuilds it when a newer publication
appears (looked up at most every CATALOG_REFRESH_SECONDS). A visitor who started on an
older version finishes on it: old published versions are loaded (and checked) on demand.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from .models import Publication, QuestionnaireVersion
from .questionnaire import Catalog, Context, DirectorySource, SourceText, Tree, check_source, load_catalog
from .questionnaire.loader import content_version


@dataclass
class LiveTrees:
    """One process's view of the live questionnaires."""

    catalog: Catalog
    stamp: int | None = None
    checked_at: float = 0.0
    old_versions: dict[tuple[str, str], Tree] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def init_app(app: Flask) -> None:
    """Check every questionnaire at start-up; a tree with an error is refused and logged."""
    app.config.setdefault("CATALOG_REFRESH_SECONDS", 5)
    with app.app_context():
        app.extensions["helpwanted.trees"] = LiveTrees(Catalog())
        refresh(force=True)
    app.before_request(refresh)


def file_sources() -> dict[str, SourceText]:
    """The shipped questionnaire files, by id."""
    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    return {source.tree_id: source for source in DirectorySource(folder).read()}


def published_sources() -> dict[str, tuple[SourceText, int]]:
    """The newest publication of each questionnaire: its text and the publication id."""
    from .database import engine

    newest = select(Publication.questionnaire, func.max(Publication.id).label("id")).group_by(Publication.questionnaire)
    newest_sub = newest.subquery()
    query = (
        select(
            Publication.id,
            QuestionnaireVersion.questionnaire,
            QuestionnaireVersion.version,
            QuestionnaireVersion.source,
        )
        .join(newest_sub, newest_sub.c.id == Publication.id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Publication.version_id)
    )
    with engine().connect() as connection:
        return {
            tree_id: (SourceText(tree_id, f"{tree_id}@{version}", source), publication_id)
            for publication_id, tree_id, version, source in connection.execute(query)
        }


def context() -> Context:
    """What trees may refer to: every questionnaire id and every help channel."""
    return Context(
        frozenset(file_sources()) | frozenset(live().catalog.trees),
        frozenset(current_app.extensions["helpwanted.channels"]),
    )


def languages() -> tuple[str, ...]:
    """The configured languages."""
    return tuple(current_app.config["LANGUAGES"])


def build_catalog(published: dict[str, tuple[SourceText, int]]) -> Catalog:
    """Files overlaid by published versions; a published version with errors falls back to its file."""
    files = file_sources()
    sources = {**files, **{tree_id: source for tree_id, (source, _) in published.items()}}
    channels = frozenset(current_app.extensions["helpwanted.channels"])
    catalog = load_catalog(sources.values(), languages(), channels)
    for tree_id in list(catalog.refused):
        if tree_id in published and tree_id in files:
            tree, problems = check_source(files[tree_id], languages(), Context(frozenset(sources), channels))
            if tree is not None and not problems.has_errors:
                catalog.trees[tree_id] = tree
                catalog.refused.remove(tree_id)
    for problem in catalog.problems:
        if problem.severity.value == "error":
            current_app.logger.error("%s", problem)
    for tree_id in catalog.refused:
        current_app.logger.error("questionnaire %r refused: it has errors and is not served", tree_id)
    return catalog


def refresh(force: bool = False) -> None:
    """Rebuild the catalog when a newer publication exists (or when forced)."""
    state = live()
    interval = float(current_app.config["CATALOG_REFRESH_SECONDS"])
    if not force and time.monotonic() - state.checked_at < interval:
        return
    with state.lock:
        state.checked_at = time.monotonic()
        try:
            if not force and newest_publication() == state.stamp:
                return  # one small query; the texts are read only when something changed
            published = published_sources()
        except SQLAlchemyError:
            if force or (not state.catalog.trees and not state.catalog.refused):
                state.catalog = build_catalog({})  # no database (yet): the shipped files
            return
        state.catalog = build_catalog(published)
        state.stamp = max((publication for _, publication in published.values()), default=0)


def newest_publication() -> int:
    """The id of the newest publication (0 when there is none)."""
    from .database import engine

    with engine().connect() as connection:
        return int(connection.scalar(select(func.max(Publication.id))) or 0)


def live() -> LiveTrees:
    """This process's live questionnaires."""
    return current_app.extensions["helpwanted.trees"]


def catalog() -> Catalog:
    """The checked, live questionnaires."""
    return live().catalog


def find_tree(tree_id: str) -> Tree | None:
    """The live tree with this id, if it passed every check."""
    return catalog().trees.get(tree_id)


def find_version(tree_id: str, version: str) -> Tree | None:
    """A tree at a given version: the live one, or an older published one (checked, cached)."""
    tree = find_tree(tree_id)
    if tree is not None and tree.version == version:
        return tree
    state = live()
    if (tree_id, version) in state.old_versions:
        return state.old_versions[(tree_id, version)]
    from .database import engine

    try:
        with engine().connect() as connection:
            source = connection.scalar(
                select(QuestionnaireVersion.source).where(
                    QuestionnaireVersion.questionnaire == tree_id, QuestionnaireVersion.version == version
                )
            )
    except SQLAlchemyError:
        return None
    if source is None:
        shipped = file_sources().get(tree_id)
        if shipped is None or content_version(shipped.text) != version:
            return None
        source = shipped.text
    old, problems = check_source(SourceText(tree_id, f"{tree_id}@{version}", source), languages(), context())
    if old is None or problems.has_errors:
        return None
    with state.lock:
        if len(state.old_versions) > 64:
            state.old_versions.clear()
        state.old_versions[(tree_id, version)] = old
    return old
