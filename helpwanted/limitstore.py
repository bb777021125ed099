"""Sign-in limits shared by every process of a machine without Redis: a small SQLite file.

Flask-Limiter keeps its counts in a `limits` storage. `memory://` is per process, so with the
three workers of gunicorn.conf.py an attacker had three times every limit, and a restart or a
deploy forgot them (issue 11, found again from outside). This storage keeps the moving windows
in a SQLite file on the machine's local disk (`sqlite:///…/instance/signin-limits.sqlite`, the
default), so every worker counts the same failed sign-ins and a restart forgets nothing.
Several machines still need one store for all of them: Redis (docs/operations.md).

Every call opens its own connection: sign-ins are rare, and nothing is shared across a fork.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from flask import Flask
from limits.storage import MovingWindowSupport, Storage

SCHEME = "sqlite"
FILE_NAME = "signin-limits.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS hit (key TEXT NOT NULL, at REAL NOT NULL, expires REAL NOT NULL);
CREATE INDEX IF NOT EXISTS hit_key_at ON hit (key, at);
CREATE INDEX IF NOT EXISTS hit_expires ON hit (expires);
CREATE TABLE IF NOT EXISTS counter (key TEXT PRIMARY KEY, value INTEGER NOT NULL, expires REAL NOT NULL);
"""


def default_uri(app: Flask) -> str:
    """The file for this machine: instance/signin-limits.sqlite (a throwaway one per app in tests)."""
    if app.testing:
        import shutil
        import tempfile
        import weakref

        folder = tempfile.mkdtemp(prefix="hw-limits-")
        weakref.finalize(app, shutil.rmtree, folder, True)
        return f"{SCHEME}:///{Path(folder) / FILE_NAME}"
    return f"{SCHEME}:///{Path(app.instance_path) / FILE_NAME}"


class SQLiteStorage(Storage, MovingWindowSupport):
    """A `limits` storage for the moving-window and fixed-window strategies, in one SQLite file."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 - typed by limits as an instance attribute

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options: Any) -> None:
        self.path = Path(uri.removeprefix(f"{SCHEME}://"))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = self._connect()
        try:
            connection.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
            connection.executescript(_SCHEMA)
        finally:
            connection.close()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        """What a broken store raises (Flask-Limiter then falls back to memory)."""
        return sqlite3.Error

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: BEGIN IMMEDIATE below takes the write lock before reading, so two
        # workers cannot both see room for one more attempt.
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Record amount attempts in key's window, unless that would go over limit."""
        if amount > limit:
            return False
        now = time.time()
        with _transaction(self._connect()) as connection:
            connection.execute("DELETE FROM hit WHERE expires <= ?", (now,))
            query = "SELECT COUNT(*) FROM hit WHERE key = ? AND at > ?"
            (count,) = connection.execute(query, (key, now - expiry)).fetchone()
            if count + amount > limit:
                return False
            connection.executemany("INSERT INTO hit VALUES (?, ?, ?)", [(key, now, now + expiry)] * amount)
        return True

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """The oldest attempt still in key's window (now when none) and how many there are."""
        now = time.time()
        with _transaction(self._connect()) as connection:
            oldest, count = connection.execute(
                "SELECT MIN(at), COUNT(*) FROM hit WHERE key = ? AND at > ?", (key, now - expiry)
            ).fetchone()
        return (float(oldest) if oldest is not None else now), int(count)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add amount to key's fixed-window counter (a new window when it expired); the new value."""
        now = time.time()
        with _transaction(self._connect()) as connection:
            connection.execute("DELETE FROM counter WHERE key = ? AND expires <= ?", (key, now))
            connection.execute(
                "INSERT INTO counter VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value",
                (key, amount, now + expiry),
            )
            (value,) = connection.execute("SELECT value FROM counter WHERE key = ?", (key,)).fetchone()
        return int(value)

    def get(self, key: str) -> int:
        """key's fixed-window counter (0 when expired or missing)."""
        with _transaction(self._connect()) as connection:
            query = "SELECT value FROM counter WHERE key = ? AND expires > ?"
            found = connection.execute(query, (key, time.time())).fetchone()
        return int(found[0]) if found else 0

    def get_expiry(self, key: str) -> float:
        """When key's fixed window ends (now when there is none)."""
        now = time.time()
        with _transaction(self._connect()) as connection:
            query = "SELECT expires FROM counter WHERE key = ? AND expires > ?"
            found = connection.execute(query, (key, now)).fetchone()
        return float(found[0]) if found else now

    def check(self) -> bool:
        """Whether the file can be read."""
        try:
            with _transaction(self._connect()) as connection:
                connection.execute("SELECT 1 FROM hit LIMIT 1")
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int | None:
        """Forget every limit; how many entries there were."""
        with _transaction(self._connect()) as connection:
            hits = connection.execute("DELETE FROM hit").rowcount
            counters = connection.execute("DELETE FROM counter").rowcount
        return int(hits + counters)

    def clear(self, key: str) -> None:
        """Forget one key."""
        with _transaction(self._connect()) as connection:
            connection.execute("DELETE FROM hit WHERE key = ?", (key,))
            connection.execute("DELETE FROM counter WHERE key = ?", (key,))


class _transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) on a connection that is closed afterwards."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            self.connection.execute("ROLLBACK" if kind else "COMMIT")
        finally:
            self.connection.close()
