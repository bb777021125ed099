"""Which questionnaires the home page offers: staff may take one off (and put it back) in the editor.

The listing is read at most once per CATALOG_REFRESH_SECONDS in each process, like the catalogue
itself (trees.py): a change shows on every worker within that time, and at once on the worker
that made it (`forget`). The home page no longer asks the database on every visit.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .database import engine
from .models import QuestionnaireListing
from .questionnaire import Tree


@dataclass(frozen=True)
class _Hidden:
    """The questionnaires taken off the home page, as read at a moment (time.monotonic)."""

    read_at: float
    ids: frozenset[str]


def on_home_page(trees: Iterable[Tree]) -> list[Tree]:
    """The trees offered on the home page; all of them when the database cannot be reached."""
    hidden = hidden_ids()
    return [tree for tree in trees if tree.id not in hidden]


def hidden_ids() -> frozenset[str]:
    """The questionnaires taken off the home page, read again once CATALOG_REFRESH_SECONDS have passed."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    kept: _Hidden | None = app.extensions.get("helpwanted.hidden_trees")
    if kept is not None and time.monotonic() - kept.read_at < float(app.config["CATALOG_REFRESH_SECONDS"]):
        return kept.ids
    try:
        with engine().connect() as connection:
            query = select(QuestionnaireListing.questionnaire).where(QuestionnaireListing.listed.is_(False))
            ids = frozenset(connection.scalars(query))
    except SQLAlchemyError:
        return frozenset()  # the home page works without a database; asked again on the next visit
    app.extensions["helpwanted.hidden_trees"] = _Hidden(time.monotonic(), ids)
    return ids


def forget() -> None:
    """The listing changed in this process: read it again on the next visit."""
    current_app.extensions.pop("helpwanted.hidden_trees", None)
