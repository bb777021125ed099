"""`flask usage …`: the anonymous usage figures on the command line (the same as the web download)."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from . import exports
from .context import filters_from, usage_report

usage = AppGroup("usage", help="Anonymous usage figures.")


@usage.command("export")
@click.option(
    "--format",
    "kind",
    type=click.Choice(["csv", "xlsx"]),
    default="csv",
    show_default=True,
    help="csv as text, xlsx as bytes (redirect it to a file).",
)
@click.option("--from", "first", metavar="YYYY-MM", help="First month (inclusive); without --from/--to: all months.")
@click.option("--to", "last", metavar="YYYY-MM", help="Last month (inclusive).")
@click.option("--questionnaire", default="", help="Only this questionnaire id.")
@click.option("--language", default="", help="Only visits in this language (nl, en).")
@click.option("--version", "version", default="", help="Only this questionnaire version.")
@click.option("--titles", default=None, help="Language of the titles (default: the default language).")
def export_command(
    kind: str, first: str | None, last: str | None, questionnaire: str, language: str, version: str, titles: str | None
) -> None:
    """The usage export on standard output, equal to the dashboard's download with these filters."""
    args = {"from": first or "2000-01", "to": last or "2100-12"}
    args.update(questionnaire=questionnaire, language=language, version=version)
    try:
        filters = filters_from(args)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    words = titles or current_app.config["BABEL_DEFAULT_LOCALE"]
    try:
        # Titles and translated words as a coordinator with this language sees them on the web.
        with current_app.test_request_context("/", headers={"Accept-Language": words}):
            usage_of = usage_report(filters, words)
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
    if kind == "xlsx":
        sys.stdout.buffer.write(exports.xlsx_bytes(usage_of))
        sys.stdout.flush()
    else:
        exports.write_csv(sys.stdout, usage_of)
