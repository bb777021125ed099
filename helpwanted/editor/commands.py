"""`flask questionnaires …`: check, list the paths of, draw, import and export questionnaires.

`check` runs on the checker's app (configuration, help channels, engine: commandline.py), so this
module imports only what `check` needs; each other command imports the catalogue, the database
layer or Graphviz itself, where it uses them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..contacts import channels
from ..i18n import languages
from ..questionnaire import Context, Severity, Tree, all_paths, check_source, read_file, to_dot, to_mermaid

questionnaires = AppGroup("questionnaires", help="Check, list and draw the questionnaires.")


def yaml_files(paths: tuple[str, ...]) -> list[Path]:
    """The files named (folders: their *.yaml), or every file in QUESTIONNAIRES_DIR."""
    if not paths:
        return _yaml_in(Path(current_app.config["QUESTIONNAIRES_DIR"]))
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(_yaml_in(path))
        elif path.is_file():
            files.append(path)
        elif path.exists():  # a device, a pipe, a socket: reading one could block or never end
            raise click.ClickException(f"{path}: not a file or folder")
        else:
            raise click.ClickException(f"{path}: no such file or folder")
    return files


def _yaml_in(folder: Path) -> list[Path]:
    # A folder named x.yaml is not a questionnaire (reading it was a traceback).
    return sorted(path for path in folder.glob("*.yaml") if path.is_file())


@questionnaires.command("check")
@click.argument("paths", nargs=-1)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check_command(paths: tuple[str, ...], strict: bool) -> None:
    """Check questionnaire files (default: all in questionnaires/) and report every problem."""
    files = yaml_files(paths)
    known = {path.stem for path in yaml_files(())} | {path.stem for path in files}
    context = Context(frozenset(known), frozenset(channels()))
    errors = warnings = 0
    for file in files:
        try:
            source = read_file(file)
        except OSError as error:  # unreadable (permissions) or gone since it was listed
            click.echo(f"{file}: cannot be read: {error.strerror or error}", err=True)
            errors += 1
            continue
        _, problems = check_source(source, languages(), context)
        for problem in problems:
            click.echo(str(problem))
            errors += problem.severity is Severity.ERROR
            warnings += problem.severity is Severity.WARNING
    click.echo(f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s).", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


def live_tree(tree_id: str) -> Tree:
    """The live version of a questionnaire (published, else its file); a clean error otherwise."""
    from ..trees import catalog, find_tree

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
    tree = live_tree(tree_id)
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
    from ..graphviz import GraphvizError, dot_to_svg

    tree = live_tree(tree_id)
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
    from .publishing import PublishRefused, import_file

    failed = False
    for path in yaml_files(paths):
        try:
            publication = import_file(path, "cli", note)
        except OSError as error:  # unreadable (permissions) or gone since it was listed
            failed = True
            click.echo(f"{path}: cannot be read: {error.strerror or error}; not imported.", err=True)
            continue
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
def export_command(folder: str | None) -> None:
    """Write the live version of every questionnaire back to YAML files."""
    from .publishing import export_live

    target = Path(folder or current_app.config["QUESTIONNAIRES_DIR"])
    try:
        written = export_live(target)
    except OSError as error:  # a folder that cannot be made or written: say so, no traceback
        click.echo(f"Cannot write to {target}: {error.strerror or error}", err=True)
        sys.exit(1)
    for path in written:
        click.echo(f"Wrote {path}.")


@questionnaires.command("links")
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--timeout", default=8.0, show_default=True, help="Seconds to wait for each server.")
def links_command(output: str, timeout: float) -> None:
    """Check every URL in the live questionnaires and the help channels; exit 1 when any is broken."""
    from ..trees import catalog
    from .links import check_all, collect

    results = check_all(collect(catalog().trees.values(), channels()), timeout=timeout)
    broken = [result for result in results if result.broken]
    if output == "json":
        data = [
            {"url": r.url, "status": r.status, "error": r.error, "broken": r.broken, "used_in": list(r.places)}
            for r in results
        ]
        click.echo(json.dumps({"checked": len(results), "broken": len(broken), "links": data}, indent=2))
    else:
        for result in results:
            state = f"BROKEN {result.status or result.error}" if result.broken else f"ok {result.status}"
            click.echo(f"{state}  {result.url}  ({'; '.join(result.places)})")
        click.echo(f"{len(results)} link(s) checked, {len(broken)} broken.", err=True)
    if broken:
        sys.exit(1)
