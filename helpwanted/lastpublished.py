"""The last published versions, kept on this machine for when the database is away.

Each time a process reads new publications from the database it writes them here (with the
few most recent versions of every questionnaire), atomically, with a SHA-256 over the content.
A process that starts while the database is down serves these (checked like any source by
overlay_catalog) instead of the older shipped files, and a visitor mid-way through a version
that is no longer live can still finish it. A file that fails its checksum is ignored and
logged: then, and only then, the shipped files are served (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Engine, func, select

from .models import Publication, QuestionnaireVersion
from .questionnaire import SourceText

FORMAT = 1
VERSIONS_KEPT = 3  # per questionnaire: visitors mid-way through a recent older version can finish


@dataclass(frozen=True)
class Saved:
    """What the file holds: the newest publications and recent versions' texts."""

    stamp: int
    published: tuple[SourceText, ...]
    versions: dict[tuple[str, str], str]


def init_app(app: Flask) -> None:
    """CATALOG_SNAPSHOT_PATH, else instance/published-snapshot.json (a throwaway one per app in tests)."""
    path = app.config.get("CATALOG_SNAPSHOT_PATH")
    if not path and app.testing:
        folder = tempfile.mkdtemp(prefix="hw-snapshot-")
        weakref.finalize(app, shutil.rmtree, folder, True)
        path = Path(folder) / "published-snapshot.json"
    elif not path:
        path = Path(app.instance_path) / "published-snapshot.json"
    app.extensions["helpwanted.lastpublished"] = Path(path)


def _path() -> Path:
    path: Path = current_app.extensions["helpwanted.lastpublished"]
    return path


def recent_versions(engine: Engine, published: Iterable[SourceText]) -> dict[tuple[str, str], str]:
    """The texts of the VERSIONS_KEPT most recently published versions of each questionnaire."""
    ids = [source.tree_id for source in published]
    ranked = (
        select(
            QuestionnaireVersion.questionnaire,
            QuestionnaireVersion.version,
            QuestionnaireVersion.source,
            func.row_number()
            .over(partition_by=QuestionnaireVersion.questionnaire, order_by=func.max(Publication.id).desc())
            .label("rank"),
        )
        .join(Publication, Publication.version_id == QuestionnaireVersion.id)
        .where(QuestionnaireVersion.questionnaire.in_(ids))
        .group_by(QuestionnaireVersion.id)
        .subquery()
    )
    query = select(ranked.c.questionnaire, ranked.c.version, ranked.c.source).where(ranked.c.rank <= VERSIONS_KEPT)
    with engine.connect() as connection:
        return {(tree_id, version): text for tree_id, version, text in connection.execute(query)}


def save(engine: Engine, published: list[SourceText], stamp: int) -> None:
    """Keep what was just read from the database (skipped when the file already has this stamp)."""
    path = _path()
    saved = load(quiet=True)
    if saved is not None and saved.stamp == stamp:
        return
    content = {
        "format": FORMAT,
        "stamp": stamp,
        "published": [[s.tree_id, s.name, s.text] for s in published],
        "versions": [[t, v, text] for (t, v), text in sorted(recent_versions(engine, published).items())],
    }
    body = json.dumps(content, sort_keys=True, ensure_ascii=False)
    document = json.dumps({"sha256": hashlib.sha256(body.encode()).hexdigest(), "content": body})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".snapshot-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(document)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)  # readers see the old file or the new one, never half of one
    except OSError as error:  # serving goes on; only a start during an outage would miss it
        current_app.logger.error("snapshot of the published versions not written", extra={"error": str(error)[:200]})


def load(quiet: bool = False) -> Saved | None:
    """The saved snapshot if it is there and intact; None (and an error logged) otherwise."""
    path = _path()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        body = document["content"]
        if hashlib.sha256(body.encode()).hexdigest() != document["sha256"]:
            raise ValueError("checksum mismatch")
        content: dict[str, Any] = json.loads(body)
        if content["format"] != FORMAT:
            raise ValueError(f"format {content['format']}")
        published = tuple(SourceText(t, name, text) for t, name, text in content["published"])
        versions = {(t, v): text for t, v, text in content["versions"]}
        return Saved(int(content["stamp"]), published, versions)
    except FileNotFoundError:
        if not quiet:
            current_app.logger.error("no snapshot of the published versions yet: serving the shipped files")
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        current_app.logger.error("snapshot of the published versions unusable", extra={"reason": str(error)[:200]})
        return None


def stored_text(tree_id: str, version: str) -> str | None:
    """A version's text from the snapshot (when the database cannot be asked)."""
    saved = load(quiet=True)
    return None if saved is None else saved.versions.get((tree_id, version))
