"""The usage report for the current app: filters from request or CLI arguments, titles, the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask import current_app

from ..database import engine
from ..questionnaire import content_version
from ..trees import find_version, snapshot
from . import channels
from .labels import Labels
from .report import Filters
from .results import UsageReport
from .service import build


def filters_from(args: Mapping[str, Any]) -> Filters:
    """The filters asked for; ValueError with a readable reason when one is wrong."""
    return Filters.parse(args, list(current_app.config["LANGUAGES"]), date.today().year)


def usage_report(filters: Filters, language: str) -> UsageReport:
    """Every table of the usage report for these filters, titled in language."""
    live = snapshot()
    shipped = {tree_id: content_version(source.text) for tree_id, source in live.files.items()}
    labels = Labels(language, live.catalog.trees, find_version, channels.configured(), shipped=shipped)
    with engine().connect() as connection:
        return build(connection, filters, labels, int(current_app.config["SMALL_NUMBER_THRESHOLD"]))
