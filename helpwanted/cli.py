"""Command-line tools: `init` here; `questionnaires …`, `users …`, `usage …`, `spool …` live with their feature."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from .config import write_secret_key
from .coordinator.commands import usage
from .database import upgrade_schema
from .editor.commands import questionnaires
from .editor.publishing import PublishRefused, import_file
from .questionnaire import read_file
from .spool_commands import spool
from .staff.commands import users
from .trees import refresh, snapshot


def init_app(app: Flask) -> None:
    """Register the commands of every feature."""
    for command in (init_command, questionnaires, users, usage, spool):
        app.cli.add_command(command)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema; publish shipped questionnaires not yet published (idempotent)."""
    if not current_app.config.get("SECRET_KEY") and write_secret_key(current_app):
        click.echo("Wrote a new secret key to instance/secret_key.")
    try:
        upgrade_schema()
    except SQLAlchemyError as error:
        raise click.ClickException(f"could not reach the database: {type(error).__name__}: {error.args[0]}") from None
    click.echo("Database schema is up to date.")
    import_shipped_files()
    catalog = snapshot().catalog
    click.echo(f"Questionnaires live: {', '.join(sorted(catalog.trees)) or 'none'}.")
    for tree_id in catalog.refused:
        click.echo(f"Questionnaire {tree_id!r} has errors and is not served; run `questionnaires check`.", err=True)


def import_shipped_files() -> None:
    """Publish each shipped file that has no published version yet; never overwrite staff work."""
    refresh(force=True)
    published = snapshot().published
    for path in sorted(Path(current_app.config["QUESTIONNAIRES_DIR"]).glob("*.yaml")):
        if path.stem in published:
            if published[path.stem].text != read_file(path).text:  # never a traceback for a file not in UTF-8
                click.echo(
                    f"{path.name} differs from the live version of {path.stem!r}; the live version stays. "
                    "Use `questionnaires import` or `questionnaires export` to bring them together."
                )
            continue
        try:
            import_file(path, "init", "shipped default")
            click.echo(f"Imported {path.name}.")
        except PublishRefused as refused:
            for problem in refused.checked.errors:
                click.echo(str(problem), err=True)
            click.echo(f"{path.name} has errors and was not imported.", err=True)
