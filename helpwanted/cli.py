"""Command-line tools: `init`, `questionnaires …`, `users …`, `usage …`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from .config import write_secret_key
from .graphviz import GraphvizError, dot_to_svg
from .questionnaire import Context, Severity, Tree, check_source, read_file
from .questionnaire.graph import all_paths, to_dot, to_mermaid

questionnaires = AppGroup("questionnaires", help="Check, list and draw the questionnaires.")
users = AppGroup("users", help="Manage staff accounts (there is no default account).")
usage_group = AppGroup("usage", help="Anonymous usage figures.")


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_command)
    app.cli.add_command(questionnaires)
    app.cli.add_command(users)
    app.cli.add_command(usage_group)


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the schema; publish shipped questionnaires not yet published (idempotent)."""
    from .database import upgrade_schema

    if not current_app.config.get("SECRET_KEY") and write_secret_key(current_app):
        click.echo("Wrote a new secret key to instance/secret_key.")
    try:
        upgrade_schema()
    except SQLAlchemyError as error:
        raise click.ClickException(f"could not reach the database: {type(error).__name__}: {error.args[0]}") from None
    click.echo("Database schema is up to date.")
    _import_shipped_files()
    catalog = current_app.extensions["helpwanted.trees"].catalog
    click.echo(f"Questionnaires live: {', '.join(sorted(catalog.trees)) or 'none'}.")
    for tree_id in catalog.refused:
        click.echo(f"Questionnaire {tree_id!r} has errors and is not served; run `questionnaires check`.", err=True)


def _import_shipped_files() -> None:
    """Publish each shipped file that has no published version yet; never overwrite staff work."""
    from .editor.publishing import PublishRefused, import_file
    from .trees import published_sources, refresh

    refresh(force=True)
    published = published_sources()
    for path in sorted(Path(current_app.config["QUESTIONNAIRES_DIR"]).glob("*.yaml")):
        if path.stem in published:
            if published[path.stem][0].text != path.read_text(encoding="utf-8"):
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


def _sources(paths: tuple[str, ...]) -> list[Path]:
    if not paths:
        return sorted(Path(current_app.config["QUESTIONNAIRES_DIR"]).glob("*.yaml"))
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.is_file():
            files.append(path)
        else:
            raise click.ClickException(f"{path}: no such file or folder")
    return files


@questionnaires.command("check")
@click.argument("paths", nargs=-1)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check_command(paths: tuple[str, ...], strict: bool) -> None:
    """Check questionnaire files (default: all in questionnaires/) and report every problem."""
    files = _sources(paths)
    known = {path.stem for path in _sources(())} | {path.stem for path in files}
    context = Context(frozenset(known), frozenset(current_app.extensions["helpwanted.channels"]))
    languages = tuple(current_app.config["LANGUAGES"])
    errors = warnings = 0
    for file in files:
        _, problems = check_source(read_file(file), languages, context)
        for problem in problems:
            click.echo(str(problem))
            errors += problem.severity is Severity.ERROR
            warnings += problem.severity is Severity.WARNING
    click.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


def _live_tree(tree_id: str) -> Tree:
    """The live version of a questionnaire (published, else its file); a clean error otherwise."""
    from .trees import catalog, find_tree

    tree = find_tree(tree_id)
    if tree is not None:
        return tree
    if tree_id in catalog().refused:
        for problem in catalog().problems:
            if Path(problem.source).name == f"{tree_id}.yaml" or problem.source.startswith(f"{tree_id}@"):
                click.echo(str(problem), err=True)
        raise click.ClickException(f"{tree_id!r} has errors and is not live; run `questionnaires check`")
    raise click.ClickException(f"no questionnaire {tree_id!r}")


@questionnaires.command("paths")
@click.argument("tree_id", metavar="ID")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
def paths_command(tree_id: str, output: str) -> None:
    """Every path through the live version of questionnaire ID and the outcome it reaches."""
    tree = _live_tree(tree_id)
    paths = all_paths(tree)
    if output == "json":
        data = [
            {
                "answers": [{"node": n, "options": list(c)} for n, c in p.answers],
                "questions": p.questions,
                "outcome": p.outcome,
            }
            for p in paths
        ]
        click.echo(json.dumps({"questionnaire": tree.id, "version": tree.version, "paths": data}, indent=2))
        return
    for path in paths:
        steps = " → ".join(f"{n}={'+'.join(c)}" if c else n for n, c in path.answers)
        click.echo(f"{steps} ⇒ {path.outcome}")
    reached = {path.outcome for path in paths}
    click.echo(
        f"{len(paths)} path(s); {len(reached)} of {len(tree.outcomes)} outcome(s) reached; "
        f"at most {max((p.questions for p in paths), default=0)} question(s) on a path.",
        err=True,
    )


@questionnaires.command("graph")
@click.argument("tree_id", metavar="ID")
@click.option("--format", "output", type=click.Choice(["dot", "mermaid", "svg"]), default="dot", show_default=True)
@click.option("--language", default="nl", show_default=True)
def graph_command(tree_id: str, output: str, language: str) -> None:
    """Questionnaire ID as a graph (DOT, Mermaid, or SVG via Graphviz)."""
    tree = _live_tree(tree_id)
    if output == "mermaid":
        click.echo(to_mermaid(tree, language), nl=False)
    elif output == "dot":
        click.echo(to_dot(tree, language), nl=False)
    else:
        try:
            click.echo(dot_to_svg(to_dot(tree, language)), nl=False)
        except GraphvizError as error:
            raise click.ClickException(str(error)) from None


@questionnaires.command("import")
@click.argument("paths", nargs=-1, required=True)
@click.option("--note", default="imported from file", show_default=True, help="For the history.")
def import_command(paths: tuple[str, ...], note: str) -> None:
    """Publish questionnaire files through every check (a file with errors is refused)."""
    from .editor.publishing import PublishRefused, import_file

    failed = False
    for path in _sources(paths):
        try:
            publication = import_file(path, "cli", note)
        except PublishRefused as refused:
            failed = True
            for problem in refused.checked.errors:
                click.echo(str(problem).replace(f"{path.stem}.yaml", str(path)), err=True)
            click.echo(f"{path}: not imported, it has errors.", err=True)
            continue
        click.echo(f"{path}: " + ("already live." if publication is None else "published."))
    if failed:
        sys.exit(1)


@questionnaires.command("export")
@click.option("--to", "folder", default=None, help="Folder to write to (default: QUESTIONNAIRES_DIR).")
def export_command_trees(folder: str | None) -> None:
    """Write the live version of every questionnaire back to YAML files."""
    from .editor.publishing import export_live

    target = Path(folder or current_app.config["QUESTIONNAIRES_DIR"])
    for path in export_live(target):
        click.echo(f"Wrote {path}.")


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["editor", "coordinator", "admin"]), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account."""
    from .staff.accounts import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(email, password, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
    click.echo(f"Created {role} {email}.")


@usage_group.command("export")
@click.option("--from", "first", metavar="YYYY-MM", help="First month (inclusive).")
@click.option("--to", "last", metavar="YYYY-MM", help="Last month (inclusive).")
def export_command(first: str | None, last: str | None) -> None:
    """The coordinator CSV (month, questionnaire, outcome, completions …) on standard output."""
    from .coordinator.report import MonthRange, write_csv
    from .database import engine
    from .trees import catalog

    try:
        months = MonthRange.parse(first, last)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    try:
        with engine().connect() as connection:
            write_csv(sys.stdout, months, connection, catalog().trees)
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
