"""Anonymous counting: a visit only ever adds one to a counter; nothing else is kept.

Counting never hurts the visitor. Increments go to an in-process buffer and are
written in one transaction once the response has been sent; when the database fails
they stay in the buffer and go with a later request's write, after a short back-off.
Only a process that stops while the database is down loses its buffer (docs/privacy.md).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask import Flask, Response, current_app
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from .models import UsageCounter

EVENTS = ("start", "reach", "answer", "complete")
RETRY_AFTER_SECONDS = 10.0
KEY_COLUMNS = ("period", "questionnaire", "version", "event", "node", "option", "language")


@dataclass(frozen=True)
class CounterKey:
    """What one increment counts; the period is a day, or a month's first day for answers."""

    period: date
    questionnaire: str
    version: str
    event: str
    node: str
    option: str
    language: str


class CounterBuffer:
    """Increments not yet written, shared by the threads of one process."""

    def __init__(self, engine: Engine, logger: logging.Logger) -> None:
        self.engine = engine
        self.logger = logger
        self.pending: Counter[CounterKey] = Counter()
        self.lock = threading.Lock()
        self.retry_at = 0.0

    def add(self, *keys: CounterKey) -> None:
        """Count one for each key; `flush` writes them."""
        with self.lock:
            self.pending.update(keys)

    def flush(self, force: bool = False) -> bool:
        """Write the pending increments in one transaction; True when nothing is left."""
        if not force and time.monotonic() < self.retry_at:
            return False
        with self.lock:
            batch, self.pending = self.pending, Counter()
        if not batch:
            return True
        try:
            write_increments(self.engine, batch)
        except SQLAlchemyError as error:
            with self.lock:
                self.pending.update(batch)
                self.retry_at = time.monotonic() + RETRY_AFTER_SECONDS
            self.logger.warning(
                "usage counters not written, %d kept for later: %s", sum(batch.values()), type(error).__name__
            )
            return False
        self.retry_at = 0.0
        return True


def write_increments(engine: Engine, increments: Counter[CounterKey]) -> None:
    """Add each increment to its counter row, creating rows as needed (atomic upsert)."""
    insert = postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert
    rows = [{**key.__dict__, "count": amount} for key, amount in sorted(increments.items(), key=str)]
    statement = insert(UsageCounter).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=list(KEY_COLUMNS), set_={"count": UsageCounter.count + statement.excluded["count"]}
    )
    with engine.begin() as connection:
        connection.execute(statement)


def init_app(app: Flask) -> None:
    """One buffer per app (and so per process), written once the response has been sent."""
    app.extensions["helpwanted.counters"] = CounterBuffer(app.extensions["helpwanted.engine"], app.logger)
    app.after_request(_write_after_response)


def _write_after_response(response: Response) -> Response:
    # The visitor has the page before the database is touched: counting adds no waiting.
    counters = buffer()
    if counters.pending:
        response.call_on_close(counters.flush)
    return response


def buffer() -> CounterBuffer:
    """This app's counter buffer."""
    return current_app.extensions["helpwanted.counters"]


def key(
    event: str,
    questionnaire: str,
    version: str,
    language: str,
    node: str = "",
    option: str = "",
    today: date | None = None,
) -> CounterKey:
    """The counter for an event. Answer counters are kept per month, all others per day."""
    day = today or date.today()
    period = day.replace(day=1) if event == "answer" else day
    return CounterKey(period, questionnaire, version, event, node, option, language)


def count(*keys: CounterKey) -> None:
    """Add one to each counter; they are written together, after the response."""
    buffer().add(*keys)
