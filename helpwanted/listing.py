"""Which questionnaires the home page offers: staff may take one off (and put it back) in the editor."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from .database import engine
from .models import QuestionnaireListing
from .questionnaire import Tree


def on_home_page(trees: Iterable[Tree]) -> list[Tree]:
    """The trees offered on the home page; all of them when the database cannot be reached."""
    try:
        with engine().connect() as connection:
            query = select(QuestionnaireListing.questionnaire).where(QuestionnaireListing.listed.is_(False))
            hidden = set(connection.scalars(query))
    except SQLAlchemyError:
        hidden = set()  # the home page works without a database; a hidden topic shows until it is back
    return [tree for tree in trees if tree.id not in hidden]
