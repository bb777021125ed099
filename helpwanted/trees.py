"""The questionnaires this app serves: checked once at start-up, never lazily."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from .questionnaire import Catalog, DirectorySource, Tree, load_catalog


def init_app(app: Flask) -> None:
    """Check every questionnaire; a tree with an error is refused and logged, the rest load."""
    catalog = load_catalog(
        DirectorySource(Path(app.config["QUESTIONNAIRES_DIR"])).read(),
        tuple(app.config["LANGUAGES"]),
        frozenset(app.extensions["helpwanted.channels"]),
    )
    for problem in catalog.problems:
        if problem.severity.value == "error":
            app.logger.error("%s", problem)
    for tree_id in catalog.refused:
        app.logger.error("questionnaire %r refused: it has errors and is not served", tree_id)
    app.extensions["helpwanted.catalog"] = catalog


def catalog() -> Catalog:
    """The checked questionnaires of this app."""
    return current_app.extensions["helpwanted.catalog"]


def find_tree(tree_id: str) -> Tree | None:
    """The live tree with this id, if it passed every check."""
    return catalog().trees.get(tree_id)
