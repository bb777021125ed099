"""Work that is identical for every test, done once per session (per worker) instead of once per test.

Each test still gets its own app, its own client and a database in the state a fresh migration
leaves. What is shared is only what cannot differ between tests because it is a pure function of
the same input:

- the check of a questionnaire text in the live catalogue (same text, same languages, same context:
  same frozen tree and problems); a check cut off by its time budget is never remembered;
- the help channels read from the same YAML text (frozen `Channel`s; each app gets its own dict);
- the compiled Jinja templates (a bytecode cache keyed by the template's name and source checksum);
- the migrated schema, for a test that uses the `app` fixture (which would migrate it anyway): a copy
  of a migrated SQLite file, and on PostgreSQL an emptied table set (TRUNCATE) while the schema is
  exactly the one migrations made, else drop and migrate again. Every other test gets an empty database.

The checker's own tests call `check_source` directly and are not affected.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from sqlalchemy import Connection, create_engine, text

import helpwanted.contacts
import helpwanted.questionnaire.catalog
from helpwanted import create_app
from helpwanted.questionnaire import Context, SourceText, Tree, check_source
from helpwanted.questionnaire.problems import ProblemList


class SessionBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the session (Jinja checks the source checksum)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def remembering_check(original: Any) -> Any:
    """`check_source` for the catalogue, remembered per (text, languages, context)."""
    remembered: dict[tuple[SourceText, tuple[str, ...], Context | None], tuple[Tree | None, ProblemList]] = {}

    @functools.wraps(original)
    def check(
        source: SourceText, languages: tuple[str, ...] = ("nl", "en"), context: Context | None = None, **rest: Any
    ) -> tuple[Tree | None, ProblemList]:
        if rest:
            return original(source, languages, context, **rest)  # type: ignore[no-any-return]
        key = (source, tuple(languages), context)
        if key not in remembered:
            tree, problems = original(source, languages, context)
            if any(problem.code == "check-timeout" for problem in problems):
                return tree, problems  # a busy machine's accident: check again next time
            remembered[key] = (tree, problems)
        return remembered[key]

    return check


def remembering_channels(original: Any) -> Any:
    """`load_channels_text`, remembered per text; every caller gets its own dict of the frozen channels."""
    remembered = functools.lru_cache(maxsize=32)(original)

    @functools.wraps(original)
    def load(text_: str) -> dict[str, Any]:
        return dict(remembered(text_))

    return load


@pytest.fixture(scope="session", autouse=True)
def shared_work() -> Iterator[None]:
    """Share the pure, identical work between the apps of the session (see the module's docstring)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(helpwanted.questionnaire.catalog, "check_source", remembering_check(check_source))
        patch.setattr(
            helpwanted.contacts, "load_channels_text", remembering_channels(helpwanted.contacts.load_channels_text)
        )
        patch.setattr(Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": SessionBytecodeCache()})
        yield


def migrate(url: str) -> None:
    """Create the schema at url as `flask init` does (the newest migration)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "migrating-only", "DATABASE_URL": url})
    with app.app_context():
        from helpwanted.database import upgrade_schema

        upgrade_schema()
    app.extensions["helpwanted.engine"].dispose()


MIGRATED: dict[str, tuple[frozenset[str], str]] = {}
"""Per PostgreSQL URL: the tables and the Alembic revision that migrating an empty schema made."""


def _schema(connection: Connection) -> tuple[frozenset[str], str]:
    tables = frozenset(connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")))
    revision = connection.scalar(text("SELECT version_num FROM alembic_version")) if "alembic_version" in tables else ""
    return tables, str(revision)


def _all_empty(connection: Connection, tables: frozenset[str]) -> bool:
    return all(
        connection.scalar(text(f'SELECT NOT EXISTS (SELECT 1 FROM "{table}")'))  # noqa: S608 (names from pg_tables)
        for table in tables - {"alembic_version"}
    )


def empty_postgres(url: str) -> str:
    """Drop everything in the test database: an empty schema, as before any migration."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '30s'"))  # a leaked transaction fails loudly
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    finally:
        engine.dispose()
    return url


def migrated_postgres(url: str) -> str:
    """The test database as a fresh migration leaves it: emptied tables, or (schema changed) dropped and migrated."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '30s'"))  # a leaked transaction fails loudly
            found = _schema(connection)
            if MIGRATED.get(url) == found:
                names = ", ".join(f'"{table}"' for table in sorted(found[0] - {"alembic_version"}))
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return url
        empty_postgres(url)
        migrate(url)
        with engine.connect() as connection:
            made = _schema(connection)
            if _all_empty(connection, made[0]):  # migrations that insert rows: always migrate afresh
                MIGRATED[url] = made
        return url
    finally:
        engine.dispose()
