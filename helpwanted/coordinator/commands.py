"""`flask usage …`: the anonymous usage figures on the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from ..database import engine
from ..trees import catalog
from .report import MonthRange, write_csv

usage = AppGroup("usage", help="Anonymous usage figures.")


@usage.command("export")
@click.option("--from", "first", metavar="YYYY-MM", help="First month (inclusive).")
@click.option("--to", "last", metavar="YYYY-MM", help="Last month (inclusive).")
def export_command(first: str | None, last: str | None) -> None:
    """The coordinator CSV (month, questionnaire, outcome, completions …) on standard output."""
    try:
        months = MonthRange.parse(first, last)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    try:
        with engine().connect() as connection:
            write_csv(sys.stdout, months, connection, catalog().trees)
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
