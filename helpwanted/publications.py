"""Published questionnaire versions in the database, read as a `TreeSource`.

Only reads: writing a publication is the editor's job (editor/publishing.py), always
through the checker. Each function takes the engine, so it needs no app context.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, func, select

from .models import Publication, QuestionnaireVersion
from .questionnaire import SourceText


@dataclass(frozen=True)
class PublishedSource:
    """The newest publication of each questionnaire; problems are reported as `id@version`."""

    engine: Engine

    def read(self) -> Iterable[SourceText]:
        """One query for the newest published text of every questionnaire."""
        newest = select(func.max(Publication.id).label("id")).group_by(Publication.questionnaire).subquery()
        query = (
            select(QuestionnaireVersion.questionnaire, QuestionnaireVersion.version, QuestionnaireVersion.source)
            .join(Publication, Publication.version_id == QuestionnaireVersion.id)
            .join(newest, newest.c.id == Publication.id)
            .order_by(QuestionnaireVersion.questionnaire)
        )
        with self.engine.connect() as connection:
            return [
                SourceText(tree_id, f"{tree_id}@{version}", source)
                for tree_id, version, source in connection.execute(query)
            ]


def newest_publication_id(engine: Engine) -> int:
    """The id of the newest publication (0 when there is none): one small query."""
    with engine.connect() as connection:
        return int(connection.scalar(select(func.max(Publication.id))) or 0)


def stored_text(engine: Engine, tree_id: str, version: str) -> str | None:
    """The text of a stored version of a questionnaire (published once, perhaps no longer live)."""
    query = select(QuestionnaireVersion.source).where(
        QuestionnaireVersion.questionnaire == tree_id, QuestionnaireVersion.version == version
    )
    with engine.connect() as connection:
        return connection.scalar(query)
