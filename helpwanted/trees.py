"""The questionnaires this process serves: one checked snapshot, rebuilt when a publication appears.

A snapshot is one read of the questionnaires folder and of the newest publications, run
through `overlay_catalog` (questionnaire/catalog.py: published over shipped, a broken
publication falls back to its file). Everything that needs the live state in a request
takes the same snapshot. Nothing is read while the app is built (a command that does not need it,
such as `questionnaires check`, never pays for it): a gunicorn worker loads it before its first
request (gunicorn.conf.py), else the first request or command that needs it does; each request
after CATALOG_REFRESH_SECONDS asks the database for the newest publication id, one small query.
A visitor who started on an older version finishes on it: old versions are loaded (and checked)
on demand and kept per process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, Response, after_this_request, current_app, has_app_context, has_request_context
from sqlalchemy.exc import SQLAlchemyError

from . import lastpublished
from .contacts import channels
from .database import engine
from .i18n import languages
from .publications import PublishedSource, newest_publication_id, stored_text
from .questionnaire import (
    Catalog,
    Context,
    DirectorySource,
    SourceText,
    Tree,
    check_source,
    content_version,
    overlay_catalog,
)

OLD_VERSIONS_KEPT = 64


@dataclass(frozen=True)
class Snapshot:
    """The shipped files and the newest publications as read once, and the catalog built from them."""

    files: Mapping[str, SourceText]
    published: Mapping[str, SourceText]
    catalog: Catalog
    contacts: frozenset[str]
    stamp: int | None  # the newest publication id it was built from; None: the database was not read

    @property
    def context(self) -> Context:
        """What trees may refer to: every questionnaire id and every help channel."""
        return Context(frozenset(self.files) | frozenset(self.catalog.trees), self.contacts)

    @property
    def ids(self) -> list[str]:
        """Every questionnaire known as a file or as a publication, sorted."""
        return sorted(set(self.files) | set(self.published))

    def live_text(self, tree_id: str) -> str | None:
        """The text of the live version: published, else the shipped file."""
        source = self.published.get(tree_id) or self.files.get(tree_id)
        return source.text if source is not None else None


@dataclass
class LiveTrees:
    """One process's live questionnaires; `current()` loads them on first use."""

    app: Flask
    snapshot: Snapshot | None = None
    checked_at: float = 0.0
    old_versions: dict[tuple[str, str], Tree] = field(default_factory=dict)
    # (id, content hash) → what the text was checked against when it failed: not checked again until
    # that changes (the usage report asks for every counted version, several times per view)
    refused: dict[tuple[str, str], tuple[Context, tuple[str, ...]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current(self) -> Snapshot:
        """The snapshot, loaded now if nothing has asked for it yet."""
        if self.snapshot is None:
            if has_app_context():
                refresh(force=True)
            else:
                with self.app.app_context():
                    refresh(force=True)
        assert self.snapshot is not None
        return self.snapshot

    @property
    def catalog(self) -> Catalog:
        """The checked, live questionnaires."""
        return self.current().catalog


def init_app(app: Flask) -> None:
    """Register the live catalogue; it is read on first use, never while the app is built."""
    app.config.setdefault("CATALOG_REFRESH_SECONDS", 5)
    app.extensions["helpwanted.trees"] = LiveTrees(app)
    lastpublished.init_app(app)
    app.before_request(refresh)


def live() -> LiveTrees:
    """This process's live questionnaires."""
    state: LiveTrees = current_app.extensions["helpwanted.trees"]
    return state


def snapshot() -> Snapshot:
    """The current snapshot: pass it on rather than asking again."""
    return live().current()


def catalog() -> Catalog:
    """The checked, live questionnaires."""
    return snapshot().catalog


def context() -> Context:
    """What trees may refer to: every questionnaire id and every help channel."""
    return snapshot().context


def refresh(force: bool = False) -> None:
    """Rebuild the snapshot when a newer publication exists (or when forced, or never loaded)."""
    state = live()
    interval = float(current_app.config["CATALOG_REFRESH_SECONDS"])
    if not force and state.snapshot is not None and time.monotonic() - state.checked_at < interval:
        return
    with state.lock:
        previous = state.snapshot
        if not force and previous is not None and time.monotonic() - state.checked_at < interval:
            return  # another thread refreshed while this one waited
        state.checked_at = time.monotonic()
        try:
            stamp = newest_publication_id(engine())
            if not force and previous is not None and stamp == previous.stamp:
                return  # one small query; the texts are read only when something changed
            published = list(PublishedSource(engine()).read())
        except SQLAlchemyError:
            if previous is None:  # no database: the last published versions this machine saw, else the files
                saved = lastpublished.load()
                state.snapshot = build_snapshot(saved.published if saved else (), None, None)
            return  # otherwise keep serving what was last read
        state.snapshot = build_snapshot(published, stamp, previous)
    _keep_for_outages(published, stamp)


def _keep_for_outages(published: list[SourceText], stamp: int | None) -> None:
    """Save what was read for a process that starts during an outage: after the response, when in one.

    Writing the file (every published text and the recent versions, synced) cost a publish or the
    first page after one more than the rest of its work; nothing needs it before the response.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's app, for later

    def save() -> None:
        with app.app_context(), suppress(SQLAlchemyError):  # the next refresh saves it; serving never needs it
            lastpublished.save(engine(), published, stamp or 0)

    if has_request_context():
        after_this_request(lambda response: _on_close(response, save))
    else:
        save()


def _on_close(response: Response, action: Callable[[], None]) -> Response:
    response.call_on_close(action)
    return response


def build_snapshot(published: Sequence[SourceText], stamp: int | None, previous: Snapshot | None) -> Snapshot:
    """Read the folder once, overlay the publications, log what is refused."""
    folder = Path(current_app.config["QUESTIONNAIRES_DIR"])
    files = {source.tree_id: source for source in DirectorySource(folder).read()}
    contacts = frozenset(channels())
    built = overlay_catalog(
        files.values(), published, languages(), contacts, previous.catalog if previous is not None else None
    )
    for problem in built.problems:
        if problem.severity.value == "error":
            current_app.logger.error("%s", problem)
    for tree_id in built.refused:
        current_app.logger.error("questionnaire %r refused: it has errors and is not served", tree_id)
    return Snapshot(files, {source.tree_id: source for source in published}, built, contacts, stamp)


def find_tree(tree_id: str) -> Tree | None:
    """The live tree with this id, if it passed every check."""
    return catalog().trees.get(tree_id)


def find_version(tree_id: str, version: str) -> Tree | None:
    """A tree at a given version: the live one, or an older published one (checked, cached)."""
    current = snapshot()
    tree = current.catalog.trees.get(tree_id)
    if tree is not None and tree.version == version:
        return tree
    state = live()
    if (tree_id, version) in state.old_versions:
        return state.old_versions[(tree_id, version)]
    try:
        text = stored_text(engine(), tree_id, version)
    except SQLAlchemyError:  # an outage must not end a visit: the versions this machine kept
        text = lastpublished.stored_text(tree_id, version)
    if text is None:
        shipped = current.files.get(tree_id)
        if shipped is None or content_version(shipped.text) != version:
            return None
        text = shipped.text
    checked_against, refused_key = (current.context, languages()), (tree_id, content_version(text))
    if state.refused.get(refused_key) == checked_against:
        return None
    old, problems = check_source(SourceText(tree_id, f"{tree_id}@{version}", text), languages(), current.context)
    if old is None or problems.has_errors:
        with state.lock:
            if len(state.refused) > OLD_VERSIONS_KEPT:
                state.refused.clear()
            state.refused[refused_key] = checked_against
        return None
    with state.lock:
        if len(state.old_versions) > OLD_VERSIONS_KEPT:
            state.old_versions.clear()
        state.old_versions[(tree_id, version)] = old
    return old
