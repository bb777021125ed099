"""Drafts, checks, publication, roll-back, import and export: the rules, without the web.

Nothing with an error is ever published, whichever way it comes in (web, import, init):
every path ends in `publish`, which runs the checker first.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..audit import record
from ..database import db
from ..i18n import languages
from ..models import Draft, Publication, QuestionnaireVersion
from ..questionnaire import (
    Context,
    Problem,
    Severity,
    SourceText,
    Tree,
    check_source,
    content_version,
    read_file,
    stale_translations,
)
from ..trees import Snapshot, refresh, snapshot
from .worddiff import Comparison, compare


class Conflict(Exception):
    """Someone else saved the draft since this editor opened it."""


@dataclass
class Checked:
    """A text and everything the checker (and the translation watch) found in it."""

    text: str
    tree: Tree | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that stop publication."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The problems an editor must acknowledge to publish."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


class PublishRefused(Exception):
    """The text has errors, or warnings nobody acknowledged."""

    def __init__(self, checked: Checked) -> None:
        super().__init__("publication refused")
        self.checked = checked


def now() -> datetime:
    """The current time, with time zone."""
    return datetime.now(UTC)


CHECKS_KEPT = 256


def check_text(tree_id: str, text: str, live_state: Snapshot | None = None) -> Checked:
    """Run every check on text; add a warning for each translation left behind by the change.

    The result depends only on the text, the languages, what trees may refer to and the live
    version (for the translation watch), so it is kept per process under exactly those: the list
    page checks every questionnaire on every visit, a publish checks the draft its save checked.
    A check cut short by the time budget (a busy machine) is not kept.
    """
    state = live_state or snapshot()
    context = state.context
    if context.questionnaires is not None and tree_id not in context.questionnaires:
        # a questionnaire started in the staff area may point to itself (an urgent page's way on)
        context = replace(context, questionnaires=context.questionnaires | {tree_id})
    live = state.catalog.trees.get(tree_id)
    key = (tree_id, text, languages(), context, live.version if live is not None else None)
    kept: dict[object, Checked] = current_app.extensions.setdefault("helpwanted.checked_texts", {})
    checked = kept.get(key)
    if checked is None:
        checked = _check(tree_id, text, context, live)
        if not any(problem.code == "check-timeout" for problem in checked.problems):
            if len(kept) >= CHECKS_KEPT:
                kept.clear()
            kept[key] = checked
    return Checked(checked.text, checked.tree, list(checked.problems))  # callers may add to their copy


def _check(tree_id: str, text: str, context: Context, live: Tree | None) -> Checked:
    tree, problems = check_source(SourceText(tree_id, f"{tree_id}.yaml", text), languages(), context)
    checked = Checked(text, tree, list(problems))
    if tree is not None and live is not None:
        for key, language, stale in stale_translations(live, tree, languages()[0]):
            checked.problems.append(
                Problem(
                    f"{tree_id}.yaml",
                    stale.position.line,
                    stale.position.column,
                    Severity.WARNING,
                    f"{key}: the {languages()[0]!r} text changed but the {language!r} text did not",
                    "stale-translation",
                    "stale-translation",
                    (("key", key), ("source", languages()[0]), ("language", language)),
                )
            )
    checked.problems.sort(key=lambda p: (p.line, p.column))
    return checked


def live_text(tree_id: str, live_state: Snapshot | None = None) -> str | None:
    """The text of the live version: published, else the shipped file."""
    return (live_state or snapshot()).live_text(tree_id)


CHANNELS = ":channels"
"""The draft and review key of the help channels (a colon: never a questionnaire id)."""


def questionnaire_ids(live_state: Snapshot | None = None) -> list[str]:
    """Every questionnaire known as a file, a publication, or a draft started in the staff area."""
    drafts = db().scalars(select(Draft.questionnaire).where(Draft.questionnaire != CHANNELS))
    return sorted(set((live_state or snapshot()).ids) | set(drafts))


def get_draft(tree_id: str) -> Draft | None:
    """The saved draft, if any."""
    return db().get(Draft, tree_id)


def drafts() -> dict[str, Draft]:
    """Every questionnaire's saved draft, by questionnaire id (the help channels' draft is not one)."""
    return {draft.questionnaire: draft for draft in db().scalars(select(Draft).where(Draft.questionnaire != CHANNELS))}


def save_draft(tree_id: str, text: str, revision: int, actor: str) -> Draft:
    """Save text as the draft if nobody saved since `revision` (0: no draft yet); else Conflict."""
    session = db()
    if revision == 0:
        if session.get(Draft, tree_id) is not None:
            raise Conflict()  # someone started a draft since this editor opened the page
        draft = Draft(questionnaire=tree_id, source=text, revision=1, updated_at=now(), updated_by=actor)
        session.add(draft)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise Conflict() from None
    else:
        result = session.execute(
            update(Draft)
            .where(Draft.questionnaire == tree_id, Draft.revision == revision)
            .values(source=text, revision=revision + 1, updated_at=now(), updated_by=actor)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            raise Conflict()
    record(actor, "save-draft", tree_id, f"revision {revision + 1}")
    session.commit()
    saved = session.get(Draft, tree_id)
    assert saved is not None
    session.refresh(saved)
    return saved


def publish(tree_id: str, text: str, actor: str, note: str, acknowledged: bool) -> Publication:
    """Make text live after every check: errors always refuse, warnings unless acknowledged."""
    state = snapshot()
    checked = check_text(tree_id, text, state)
    if checked.tree is None or checked.errors or (checked.warnings and not acknowledged):
        raise PublishRefused(checked)
    session = db()
    _keep_replaced_file_version(tree_id, state)
    version = content_version(text)
    stored = session.scalars(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire == tree_id, QuestionnaireVersion.version == version
        )
    ).first()
    if stored is None:
        stored = QuestionnaireVersion(
            questionnaire=tree_id, version=version, source=text, created_at=now(), created_by=actor
        )
        session.add(stored)
        session.flush()
    publication = Publication(
        questionnaire=tree_id, version_id=stored.id, published_at=now(), published_by=actor, note=note[:500]
    )
    session.add(publication)
    draft = session.get(Draft, tree_id)
    if draft is not None and draft.source == text:
        session.delete(draft)
    record(actor, "publish", tree_id, f"version {version}: {note}"[:500])
    session.commit()
    refresh(force=True)
    return publication


def _keep_replaced_file_version(tree_id: str, state: Snapshot) -> None:
    """Before the shipped file is first replaced, record it as a version and a publication.

    Visitors who started on it can then finish on it, and it can be published again.
    """
    live = state.catalog.trees.get(tree_id)
    shipped = state.files.get(tree_id)
    if live is None or shipped is None or live.version != content_version(shipped.text):
        return
    session = db()
    query = select(QuestionnaireVersion.id).where(
        QuestionnaireVersion.questionnaire == tree_id, QuestionnaireVersion.version == live.version
    )
    if session.scalar(query) is not None:
        return
    stored = QuestionnaireVersion(
        questionnaire=tree_id, version=live.version, source=shipped.text, created_at=now(), created_by="shipped file"
    )
    session.add(stored)
    session.flush()
    session.add(
        Publication(
            questionnaire=tree_id,
            version_id=stored.id,
            published_at=now(),
            published_by="shipped file",
            note="the shipped file, live until this change",
        )
    )
    session.flush()


def history(tree_id: str) -> list[tuple[Publication, QuestionnaireVersion]]:
    """Every publication of a questionnaire with its version, newest first."""
    query = (
        select(Publication, QuestionnaireVersion)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Publication.version_id)
        .where(Publication.questionnaire == tree_id)
        .order_by(Publication.id.desc())
    )
    return [(publication, version) for publication, version in db().execute(query)]


def stored_version(tree_id: str, version_id: int) -> QuestionnaireVersion | None:
    """A stored version of this questionnaire."""
    version = db().get(QuestionnaireVersion, version_id)
    return version if version is not None and version.questionnaire == tree_id else None


def rollback(tree_id: str, version_id: int, actor: str, note: str) -> Publication:
    """Publish an earlier version again (it is checked again, like any publication)."""
    version = stored_version(tree_id, version_id)
    if version is None:
        raise LookupError(version_id)
    return publish(tree_id, version.source, actor, note or f"roll back to {version.version}", acknowledged=True)


def import_file(path: Path, actor: str, note: str) -> Publication | None:
    """Publish a YAML file through the same checks; None when it is the live version already."""
    text = read_file(path).text  # never more than the size limit (and one byte) is read
    state = snapshot()
    if text == state.live_text(path.stem) and path.stem in state.published:
        return None
    return publish(path.stem, text, actor, note, acknowledged=True)


def export_live(folder: Path) -> list[Path]:
    """Write each live version to folder/<id>.yaml."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    state = snapshot()
    for tree_id in state.ids:
        text = state.live_text(tree_id)
        if text is not None:
            target = folder / f"{tree_id}.yaml"
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


@dataclass(frozen=True)
class VersionComparison:
    """Two versions and what differs: word by word when both load, else line by line."""

    before: str
    after: str
    comparison: Comparison | None
    lines: list[str]


def _version_text(tree_id: str, key: str) -> tuple[str, str]:
    if key == "draft":
        draft = get_draft(tree_id)
        if draft is None:
            raise LookupError(key)
        return "draft", draft.source
    if key == "live":
        return "live", live_text(tree_id) or ""
    version = stored_version(tree_id, int(key)) if key.isdigit() else None
    if version is None:
        raise LookupError(key)
    return version.version, version.source


def compare_versions(tree_id: str, before_key: str, after_key: str) -> VersionComparison:
    """Compare two versions ('live', 'draft' or a stored version id); LookupError when one is unknown."""
    before_name, before = _version_text(tree_id, before_key)
    after_name, after = _version_text(tree_id, after_key)
    old, new = check_text(tree_id, before).tree, check_text(tree_id, after).tree
    if old is not None and new is not None:
        return VersionComparison(before_name, after_name, compare(old, new, languages()), [])
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), before_name, after_name, lineterm="")
    return VersionComparison(before_name, after_name, None, list(lines))
