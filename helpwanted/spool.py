"""The usage spool: counter increments kept durably on this machine until the database has them.

A small SQLite file (WAL; synchronous=NORMAL by default, FULL to survive power cuts too).
Every request's increments are committed here before its response is returned, so a worker
killed with -9, a restart or a database outage loses none of them.
`replay.py` moves them into the database, one batch at a time, under an exclusive file lock.

Privacy: rows are counters, never requests. An increment is added to its counter's row
(`pending`, a WITHOUT ROWID table ordered by the counter, not by arrival), so the spool holds
the same kind of figures as the `usage_counter` table and nothing that links two counters of one
visit; `secure_delete` overwrites rows once they are written to the database.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (counter TEXT PRIMARY KEY, amount INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mixing (
    pool TEXT NOT NULL, counter TEXT NOT NULL, amount INTEGER NOT NULL, PRIMARY KEY (pool, counter)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mixing_pool (pool TEXT PRIMARY KEY, visits INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS batch (counter TEXT PRIMARY KEY, amount INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS set_aside (
    counter TEXT PRIMARY KEY, amount INTEGER NOT NULL, reason TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""
SYNC_MODES = ("full", "normal")
_HOLD = (
    "INSERT INTO mixing (pool, counter, amount) VALUES {values} "
    "ON CONFLICT (pool, counter) DO UPDATE SET amount = amount + excluded.amount"
)
_ONE_STATEMENT_ROWS = 200  # increments of one page at most (an advice's answers); far below SQLite's 32,766 values


def _insert_held(connection: sqlite3.Connection, part: Held) -> None:
    """Add a part's increments to its pool: one INSERT per _ONE_STATEMENT_ROWS of them."""
    for first in range(0, len(part.increments), _ONE_STATEMENT_ROWS):
        chunk = part.increments[first : first + _ONE_STATEMENT_ROWS]
        values = ", ".join(["(?, ?, ?)"] * len(chunk))
        connection.execute(
            _HOLD.format(values=values), [v for counter, amount in chunk for v in (part.pool, counter, amount)]
        )


_ADD = (
    "INSERT INTO {table} (counter, amount) VALUES (?, ?) "
    "ON CONFLICT (counter) DO UPDATE SET amount = amount + excluded.amount"
)


@dataclass(frozen=True)
class Batch:
    """Counters taken from the spool to be written together; the id makes writing it idempotent."""

    id: str
    rows: tuple[tuple[str, int], ...]
    split: bool  # a row failed permanently once: write row by row from now on


@dataclass(frozen=True)
class Held:
    """Increments held in a mixing pool until the pool covers enough visits (`new_visit` adds one)."""

    pool: str
    increments: list[tuple[str, int]]
    new_visit: bool


@dataclass(frozen=True)
class Status:
    """How much is waiting, for /readyz and the CLI."""

    waiting: int  # counters (rows) not yet in the database
    increments: int  # the sum of their amounts
    set_aside: int
    held_visits: int  # visits whose held increments wait for enough others (never written alone)
    last_written: float | None  # wall-clock time of the last successful replay on this machine


class Spool:
    """One spool file, shared by every process on this machine (each opens its own connections)."""

    def __init__(self, path: str | os.PathLike[str], sync: str = "normal") -> None:
        if sync not in SYNC_MODES:
            raise ValueError(f"USAGE_SPOOL_SYNC must be one of {', '.join(SYNC_MODES)}, not {sync!r}")
        self.path = Path(path)
        self.sync = sync
        self._local = threading.local()

    # -- connections -------------------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (a forked worker opens its own: connections never cross a fork)."""
        held = getattr(self._local, "held", None)
        if held is not None and held[0] == os.getpid():
            connection: sqlite3.Connection = held[1]
            return connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            self.path.touch(mode=0o600)  # counters only, but nobody else needs to read them
        connection = sqlite3.connect(self.path, timeout=15, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        # normal: a commit is in the OS once it returns, so it survives any process fault (kill -9);
        # full: each commit is also fsync'd, so it survives a power cut too (docs/operations.md).
        connection.execute(f"PRAGMA synchronous={self.sync.upper()}")
        connection.execute("PRAGMA secure_delete=ON")
        connection.executescript(SCHEMA)
        # A new spool counts as just replayed, so /readyz measures backing up from its creation.
        connection.execute("INSERT OR IGNORE INTO state (name, value) VALUES ('last_written', ?)", (repr(time.time()),))
        self._local.held = (os.getpid(), connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE: writers queue instead of failing)."""
        connection = self.connection()
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:  # also a COMMIT that failed (disk full): never left open
                connection.execute("ROLLBACK")
            raise

    # -- the request side ----------------------------------------------------------------------

    def add(self, increments: Iterable[tuple[str, int]], held: Iterable[Held] = (), mix: int = 1) -> None:
        """Add increments to their counters; committed (and synced) when this returns.

        `held` increments wait in their pool (summed per counter, in counter order) and are
        released for writing only once the pool covers at least `mix` visits.
        """
        rows, parts = list(increments), list(held)
        if self._add_in_one_statement(rows, parts):
            return
        with self.transaction() as connection:
            if rows:
                connection.executemany(_ADD.format(table="pending"), rows)
            for part in parts:
                self._hold(connection, part, mix)

    def _add_in_one_statement(self, rows: list[tuple[str, int]], held: list[Held]) -> bool:
        """The common case, a page of a visit already counted: its increments in one pool and nothing
        else. One INSERT of them all is a transaction by itself (autocommit): whole or not at all.
        False when the increments need more than one statement (a new visit may release its pool)."""
        if rows or len(held) != 1 or held[0].new_visit or not 0 < len(held[0].increments) <= _ONE_STATEMENT_ROWS:
            return False
        connection = self.connection()
        if connection.in_transaction:  # left open by a failure: an INSERT now would never be committed
            return False  # the transaction path's BEGIN fails loudly instead
        _insert_held(connection, held[0])
        return True

    def _hold(self, connection: sqlite3.Connection, part: Held, mix: int) -> None:
        _insert_held(connection, part)
        if not part.new_visit:
            return  # the pool covers no more visits than before, so it is not released now either
        ((visits,),) = connection.execute(
            "INSERT INTO mixing_pool (pool, visits) VALUES (?, 1) "
            "ON CONFLICT (pool) DO UPDATE SET visits = visits + 1 RETURNING visits",
            (part.pool,),
        ).fetchall()
        if visits < mix:
            return
        connection.execute(
            "INSERT INTO pending (counter, amount) SELECT counter, amount FROM mixing WHERE pool = ? "
            "ON CONFLICT (counter) DO UPDATE SET amount = amount + excluded.amount",
            (part.pool,),
        )
        connection.execute("DELETE FROM mixing WHERE pool = ?", (part.pool,))
        connection.execute("UPDATE mixing_pool SET visits = 0 WHERE pool = ?", (part.pool,))

    def drop_pools_before(self, month: str) -> None:
        """Delete the held pools of months before `month` ("YYYY-MM").

        A pool is named "<kind>:<YYYY-MM>:…" (counting.py) and only filled in its month: one that did
        not cover enough visits by then is never written (docs/privacy.md), so it is not kept either
        (secure_delete overwrites it). Pools without a month in their name are left as they are.
        """
        month_of_pool = "substr(pool, instr(pool, ':') + 1, 7)"
        dated = "pool GLOB '*:[0-9][0-9][0-9][0-9]-[0-9][0-9]:*'"
        with self.transaction() as connection:
            for table in ("mixing", "mixing_pool"):
                connection.execute(f"DELETE FROM {table} WHERE {dated} AND {month_of_pool} < ?", (month,))  # noqa: S608

    # -- the replay side -----------------------------------------------------------------------

    @contextmanager
    def replay_lock(self, wait: bool = False) -> Iterator[bool]:
        """The machine-wide replay lock (flock: released by the kernel when its holder dies)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(f"{self.path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(descriptor)  # also releases the lock

    def take_batch(self, limit: int) -> Batch | None:
        """The batch being written (after a crash: the same one again), else a new one; None when empty."""
        with self.transaction() as connection:
            rows = tuple(connection.execute("SELECT counter, amount FROM batch ORDER BY counter"))
            if rows:
                return Batch(self._get(connection, "batch") or "", rows, self._get(connection, "split") == "1")
            moved = connection.execute(
                "INSERT INTO batch SELECT counter, amount FROM pending ORDER BY counter LIMIT ?", (limit,)
            ).rowcount
            if not moved:
                return None
            connection.execute("DELETE FROM pending WHERE counter IN (SELECT counter FROM batch)")
            batch_id = uuid.uuid4().hex
            self._set(connection, "batch", batch_id)
            self._set(connection, "split", "0")
            rows = tuple(connection.execute("SELECT counter, amount FROM batch ORDER BY counter"))
        return Batch(batch_id, rows, split=False)

    def mark_split(self) -> None:
        """Remember that the current batch is written row by row (so a retry never writes it whole)."""
        with self.transaction() as connection:
            self._set(connection, "split", "1")

    def finish(self, batch: Batch, set_aside: Iterable[tuple[str, int, str]]) -> None:
        """The batch is in the database: forget it, keep the rows that failed for good."""
        with self.transaction() as connection:
            connection.executemany(
                "INSERT INTO set_aside (counter, amount, reason) VALUES (?, ?, ?) "
                "ON CONFLICT (counter) DO UPDATE SET amount = amount + excluded.amount, reason = excluded.reason",
                list(set_aside),
            )
            connection.execute("DELETE FROM batch")
            finished = self._get(connection, "finished")
            self._set(connection, "finished", f"{finished} {batch.id}".strip())
            self._set(connection, "batch", "")
            self._set(connection, "last_written", repr(time.time()))

    def finished_batches(self) -> list[str]:
        """Batches written and removed here whose ids may now be removed from the database."""
        return (self._get(self.connection(), "finished") or "").split()

    def forget_finished(self, batch_ids: Iterable[str]) -> None:
        """The database no longer holds these batch ids."""
        gone = set(batch_ids)
        with self.transaction() as connection:
            left = [b for b in (self._get(connection, "finished") or "").split() if b not in gone]
            self._set(connection, "finished", " ".join(left))

    def retry_at(self) -> float:
        """Wall-clock time before which no process on this machine should try the database again."""
        return float(self._get(self.connection(), "retry_at") or 0)

    def set_retry_at(self, when: float) -> None:
        """Back off after a failed write (shared by every process of the machine)."""
        with self.transaction() as connection:
            self._set(connection, "retry_at", repr(when))

    def status(self) -> Status:
        """Counters waiting, counters set aside, and when a replay last succeeded."""
        connection = self.connection()
        waiting = connection.execute(
            "SELECT count(*), coalesce(sum(amount), 0) "
            "FROM (SELECT amount FROM pending UNION ALL SELECT amount FROM batch)"
        ).fetchone()
        aside = connection.execute("SELECT count(*) FROM set_aside").fetchone()
        last = self._get(connection, "last_written")
        held = int(connection.execute("SELECT coalesce(sum(visits), 0) FROM mixing_pool").fetchone()[0])
        return Status(int(waiting[0]), int(waiting[1]), int(aside[0]), held, float(last) if last else None)

    @staticmethod
    def _get(connection: sqlite3.Connection, name: str) -> str | None:
        row = connection.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    @staticmethod
    def _set(connection: sqlite3.Connection, name: str, value: str) -> None:
        connection.execute(
            "INSERT INTO state (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (name, value),
        )
