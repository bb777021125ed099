"""`flask spool status` and `flask spool replay`: what waits on this machine, and writing it now."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from .spool import Spool
from .usage import Counting

SQLITE_HEADER = b"SQLite format 3\x00"
spool = AppGroup("spool", help="The usage spool: counts waiting on this machine for the database.")


def _counting(path: str | None) -> Counting:
    counting: Counting = current_app.extensions["helpwanted.counters"]
    if path is None:
        return counting
    if not Path(path).is_file():
        raise click.ClickException(f"{path}: no such spool file")
    with open(path, "rb") as file:  # a wrong file is a message, not a traceback from SQLite
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise click.ClickException(f"{path}: not a usage spool (not an SQLite file)")
    if not _has_spool_tables(path):  # opening it as a spool would add our tables (and WAL) to it
        raise click.ClickException(f"{path}: not a usage spool (an SQLite file without the spool's tables)")
    return Counting(current_app._get_current_object(), Spool(path))  # type: ignore[attr-defined]


def _has_spool_tables(path: str) -> bool:
    """Whether an SQLite file is a spool, looked at read-only (attack 3: the app's database was changed)."""
    try:
        with contextlib.closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as connection:
            names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.Error:
        return False
    return {"pending", "mixing", "mixing_pool", "batch", "set_aside", "state"} <= names


@spool.command("status")
@click.option("--path", help="Another spool file (e.g. copied from a machine taken out of service).")
def status_command(path: str | None) -> None:
    """How many counters wait, how many were set aside, when a replay last succeeded."""
    counting = _counting(path)
    status = counting.status()
    click.echo(f"spool: {counting.spool.path}")
    click.echo(f"waiting: {status.waiting} counters ({status.increments} increments)")
    click.echo(f"held for mixing: {status.held_visits} visits")
    click.echo(f"set aside: {status.set_aside} counters (see the log; they stay in the file's set_aside table)")


@spool.command("replay")
@click.option("--path", help="Another spool file (e.g. copied from a machine taken out of service).")
def replay_command(path: str | None) -> None:
    """Write everything waiting into the database now (safe at any time, also while workers run)."""
    counting = _counting(path)
    done = counting.replay(wait=True)
    if done.failed:
        raise click.ClickException("the database did not take the counts; they stay in the spool")
    left = counting.status()
    click.echo(f"written: {done.written} counters; set aside: {done.set_aside}; still waiting: {left.waiting}")
