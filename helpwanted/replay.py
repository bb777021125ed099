"""Replaying the spool into the database: each increment exactly once, bad rows set aside.

Exactly once: a batch is written in one transaction together with its id in `usage_batch`
(INSERT … ON CONFLICT DO NOTHING). A process killed after that commit but before the spool
forgot the batch leaves the batch in the spool; the next replay finds its id and skips it. Only
one process per machine replays (a file lock), and a spool is never shared between machines.

One bad row never blocks the others: rows that cannot fit the table are set aside before
writing; when the database still refuses a batch for its data (DataError, IntegrityError), the
batch is written row by row (each with its own id, so a retry skips what was written) and the
rows it refuses are set aside in the spool's `set_aside` table and logged.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError

from .models import UsageBatch, UsageCounter
from .spool import Batch, Spool

PERMANENT = (DataError, IntegrityError)  # the data is wrong: retrying cannot help
BATCH_ROWS = 500
BATCHES_PER_REPLAY = 20  # a replay after a response does not keep its worker for long


@dataclass
class Replayed:
    """What one replay did."""

    written: int = 0
    set_aside: int = 0
    busy: bool = False  # another process of this machine was replaying
    failed: bool = False  # the database was not reachable; the increments wait


def encode(key: Any) -> str:
    """A counter key as the spool keeps it (stable JSON, dates as ISO text)."""
    values = {f.name: getattr(key, f.name) for f in fields(key)}
    return json.dumps({k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}, sort_keys=True)


def decode(text: str, key_type: type[Any]) -> Any:
    """The counter key (a key_type dataclass) of a spool row; ValueError/TypeError when its shape is not today's."""
    values = json.loads(text)
    for f in fields(key_type):
        if f.type in ("date", date) and isinstance(values.get(f.name), str):
            values[f.name] = date.fromisoformat(values[f.name])
    return key_type(**values)


def unfit(key: Any) -> str | None:
    """Why this key cannot be a row of usage_counter (too long, NUL byte), or None."""
    for column in UsageCounter.__table__.columns:
        value = getattr(key, column.name, None)
        if not isinstance(value, str):
            continue
        length = getattr(column.type, "length", None)
        if length is not None and len(value) > length:
            return f"{column.name} longer than {length} characters"
        if "\0" in value:
            return f"{column.name} holds a NUL byte"
    return None


def upsert(connection: Connection, increments: Sequence[tuple[Any, int]]) -> None:
    """Add each increment to its counter row, creating rows as needed (one statement)."""
    if not increments:
        return
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    rows = [{**{f.name: getattr(key, f.name) for f in fields(key)}, "count": amount} for key, amount in increments]
    statement = insert(UsageCounter).values(rows)
    key_columns = [f.name for f in fields(increments[0][0])]
    statement = statement.on_conflict_do_update(
        index_elements=key_columns, set_={"count": UsageCounter.count + statement.excluded["count"]}
    )
    connection.execute(statement)


def claim(connection: Connection, batch_id: str) -> bool:
    """Record the batch id; False when it was already written (then write nothing)."""
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(UsageBatch).values(id=batch_id).on_conflict_do_nothing().returning(UsageBatch.id)
    return connection.execute(statement).first() is not None  # (rowcount is not reliable here)


def forget(connection: Connection, batch_ids: Iterable[str]) -> None:
    """Remove the ids of batches the spool has forgotten (and of their single rows)."""
    ids = list(batch_ids)
    if ids:
        condition = or_(UsageBatch.id.in_(ids), *(UsageBatch.id.like(f"{b}:%") for b in ids))
        connection.execute(delete(UsageBatch).where(condition))


def sort_out(batch: Batch, key_type: type[Any]) -> tuple[list[tuple[Any, int]], list[tuple[str, int, str]]]:
    """The rows that can be written, and those set aside with the reason."""
    good: list[tuple[Any, int]] = []
    aside: list[tuple[str, int, str]] = []
    for counter, amount in batch.rows:
        try:
            key = decode(counter, key_type)
        except (ValueError, TypeError):
            aside.append((counter, amount, "not a counter of this version (upgraded with a full spool?)"))
            continue
        reason = unfit(key)
        if reason:
            aside.append((counter, amount, reason))
        else:
            good.append((key, amount))
    return good, aside


def write_batch(spool: Spool, engine: Engine, batch: Batch, key_type: type[Any]) -> list[tuple[str, int, str]]:
    """Write a batch exactly once; the rows set aside. Raises SQLAlchemyError when the database is away."""
    good, aside = sort_out(batch, key_type)
    finished = spool.finished_batches()
    if not batch.split:
        try:
            with engine.begin() as connection:
                forget(connection, finished)
                if claim(connection, batch.id):
                    upsert(connection, good)
            spool.forget_finished(finished)
            return aside
        except PERMANENT:
            spool.mark_split()
    for index, (key, amount) in enumerate(good):  # the batch's rows are sorted: same index on a retry
        try:
            with engine.begin() as connection:
                if claim(connection, f"{batch.id}:{index}"):
                    upsert(connection, [(key, amount)])
        except PERMANENT as error:
            aside.append((encode(key), amount, f"refused by the database ({type(error.orig).__name__})"))
    return aside


def replay(
    spool: Spool,
    engine: Engine,
    logger: logging.Logger,
    key_type: type[Any],
    *,
    wait: bool = False,
    retry_seconds: float = 5.0,
) -> Replayed:
    """Move what the spool holds into the database, unless another process is at it or we back off."""
    done = Replayed()
    with spool.replay_lock(wait) as locked:
        if not locked:
            done.busy = True
            return done
        if not wait and time.time() < spool.retry_at():
            done.failed = True
            return done
        try:
            limit = None if wait else BATCHES_PER_REPLAY
            _replay_batches(spool, engine, logger, key_type, done, limit)
        except SQLAlchemyError as error:
            spool.set_retry_at(time.time() + retry_seconds)
            logger.warning(
                "usage counters wait in the spool: the database did not take them",
                extra={"error": type(error).__name__},
            )
            done.failed = True
    return done


def _replay_batches(
    spool: Spool, engine: Engine, logger: logging.Logger, key_type: type[Any], done: Replayed, limit: int | None
) -> None:
    batches = 0
    while limit is None or batches < limit:
        batch = spool.take_batch(BATCH_ROWS)
        if batch is None:
            break
        aside = write_batch(spool, engine, batch, key_type)
        spool.finish(batch, aside)
        for counter, amount, reason in aside:
            logger.error(
                "usage counter set aside in the spool",
                extra={"reason": reason, "increments": amount, "questionnaire": _questionnaire(counter)},
            )
        done.written += len(batch.rows) - len(aside)
        done.set_aside += len(aside)
        batches += 1
    finished = spool.finished_batches()
    if finished:
        with engine.begin() as connection:
            forget(connection, finished)
        spool.forget_finished(finished)


def _questionnaire(counter: str) -> str:
    try:
        return str(json.loads(counter).get("questionnaire", "?"))[:64]
    except (ValueError, AttributeError):
        return "?"
