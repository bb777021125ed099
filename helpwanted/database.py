"""The database connection: one engine per app, one session per request."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from flask import Flask, current_app, g
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from .config import ConfigError

MIGRATIONS = Path(__file__).parent / "migrations"


def init_app(app: Flask) -> None:
    """Create the engine lazily-connecting; close the request's session at teardown."""
    url = str(app.config["DATABASE_URL"])
    try:
        engine = create_engine(url, pool_pre_ping=True, **_engine_options(url))
    except (ArgumentError, ImportError, ValueError) as error:
        # A mistyped URL, an unknown dialect or a missing driver: a refusal that names the setting,
        # not a traceback under every command. The URL itself is not shown (it may hold a password).
        raise ConfigError(f"DATABASE_URL cannot be used: {error}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    app.extensions["helpwanted.engine"] = engine
    app.extensions["helpwanted.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def _engine_options(url: str) -> dict[str, object]:
    if url.startswith("sqlite"):
        # Wait for a concurrent writer instead of failing at once.
        return {"connect_args": {"timeout": 15}}
    # Fail fast when PostgreSQL is down, so a visitor never waits on a counter.
    return {"connect_args": {"connect_timeout": 3}, "pool_size": 5, "max_overflow": 5, "pool_timeout": 3}


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def engine() -> Engine:
    """This app's engine."""
    return cast(Engine, current_app.extensions["helpwanted.engine"])


def db() -> Session:
    """This request's session, opened on first use."""
    if "db" not in g:
        g.db = current_app.extensions["helpwanted.sessionmaker"]()
    return cast(Session, g.db)


def _close_session(_exception: BaseException | None) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()


def upgrade_schema() -> None:
    """Create or upgrade the schema to the newest migration (idempotent)."""
    # Alembic is imported here, not at the top: only `init` and the tests need it, and importing it
    # was an eighth of the start-up time of every other command (`questionnaires check`, issue 11).
    from alembic import command
    from alembic.config import Config

    url = str(current_app.config["DATABASE_URL"])
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine().begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
