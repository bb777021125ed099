"""Anonymous counting: a visit only ever adds one to a counter; nothing else is kept.

Counting never hurts the visitor and never loses a count. A request's increments are committed
to the machine's durable spool (spool.py) before its response is returned; once the response has
been sent they are replayed into the database (replay.py), by this process or any other on the
machine, exactly once. A worker killed with -9, a restart, or a database that is down for hours
loses nothing: the spool waits (docs/operations.md, docs/privacy.md).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import threading
import time
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from flask import Flask, Response, current_app, g, has_request_context
from sqlalchemy.exc import SQLAlchemyError

from .replay import Replayed, encode, replay, upsert
from .spool import Held, Spool, Status

EVENTS = ("start", "complete", "outcome", "helpful", "reach", "answer")  # dimensions: counting.py
KEY_COLUMNS = ("period", "questionnaire", "version", "event", "node", "option", "language")


@dataclass(frozen=True)
class CounterKey:
    """What one increment counts; the period is always a month's first day (counting.py)."""

    period: date
    questionnaire: str
    version: str
    event: str
    node: str
    option: str
    language: str


class Counting:
    """This process's side of counting: the spool it writes, and replays into the database."""

    def __init__(self, app: Flask, spool: Spool) -> None:
        self.app = app
        self.spool = spool
        self.engine = app.extensions["helpwanted.engine"]
        self.logger = app.logger
        self.retry_seconds = float(app.config["USAGE_RETRY_SECONDS"])
        self.every = float(app.config["USAGE_REPLAY_EVERY_SECONDS"])
        # Without the background replay nothing else would write a skipped replay: then every response does.
        self.after = float(app.config["USAGE_REPLAY_AFTER_SECONDS"]) if self.every > 0 else 0.0
        self._replayed_at = float("-inf")
        self.mix = int(app.config.get("COUNT_MIX_VISITS", 5))
        self._sweeper: tuple[int, threading.Thread] | None = None
        self._pools_dropped_before = ""  # the month whose earlier held pools this process dropped
        self._sweeper_lock = threading.Lock()

    def record(self, keys: list[CounterKey], held: Sequence[tuple[str, list[CounterKey], bool]] = ()) -> None:
        """Commit increments to the spool (durably) before the response is returned."""
        try:
            parts = [Held(pool, _amounts(pool_keys), new_visit) for pool, pool_keys, new_visit in held]
            self.spool.add(_amounts(keys), parts, self.mix)
        except (sqlite3.Error, OSError) as error:  # disk full, read-only: straight to the database
            self.logger.error("usage spool not writable", extra={"error": type(error).__name__})
            self._write_directly(keys)
            if any(pool_keys for _, pool_keys, _ in held):  # never written unmixed: dropped, and said so
                lost = sum(len(pool_keys) for _, pool_keys, _ in held)
                self.logger.error("usage increments lost", extra={"increments": lost, "error": "spool"})

    def _write_directly(self, keys: list[CounterKey]) -> None:
        try:
            with self.engine.begin() as connection:
                upsert(connection, list(Counter(keys).items()))
        except SQLAlchemyError as error:
            self.logger.error("usage increments lost", extra={"increments": len(keys), "error": type(error).__name__})

    def replay(self, wait: bool = False) -> Replayed:
        """Write what the spool holds; with wait, queue for the lock and ignore the back-off.

        Once a month (per process), also drop the held pools of past months (drop_past_pools).
        """
        self.drop_past_pools()
        return replay(self.spool, self.engine, self.logger, CounterKey, wait=wait, retry_seconds=self.retry_seconds)

    def drop_past_pools(self) -> None:
        """Delete held pools of months before this one, once a month per process: they can no longer fill."""
        this_month = f"{date.today():%Y-%m}"
        if self._pools_dropped_before == this_month:
            return
        try:
            self.spool.drop_pools_before(this_month)
        except (sqlite3.Error, OSError) as error:  # a spool that cannot be written: try again next time
            self.logger.error("held pools of past months not dropped", extra={"error": type(error).__name__})
            return
        self._pools_dropped_before = this_month

    def replay_after_response(self) -> None:
        """After a counting response: replay, but at most once per USAGE_REPLAY_AFTER_SECONDS in this process.

        A replay is several small transactions (and on SQLite a sync of the database); doing one
        after every counting page took more of a worker than the page itself. What waits is in the
        spool already (durable): the next replay, or the background one, writes it.
        """
        moment = time.monotonic()
        if moment - self._replayed_at < self.after:
            return
        self._replayed_at = moment
        self.replay()

    def flush(self, force: bool = True) -> bool:
        """Write everything now (tests, CLI); True when nothing is left waiting."""
        self.replay(wait=force)
        return self.spool.status().waiting == 0

    def status(self) -> Status:
        """What waits in the spool."""
        return self.spool.status()

    def ensure_sweeper(self) -> None:
        """Start this process's background replay (after a fork: threads never cross one)."""
        if self.every <= 0 or (self._sweeper and self._sweeper[0] == _pid()):
            return
        with self._sweeper_lock:
            if self._sweeper and self._sweeper[0] == _pid():
                return
            thread = threading.Thread(target=self._sweep, name="usage-replay", daemon=True)
            self._sweeper = (_pid(), thread)
            thread.start()

    def _sweep(self) -> None:
        # Without traffic nothing replays after a response: this writes what a quiet machine holds.
        while True:
            time.sleep(self.every)
            try:
                self.drop_past_pools()  # also on a machine no visitor comes to
                if self.spool.status().waiting:
                    self.replay()
            except Exception:  # never let the sweeper die; the next round tries again
                self.logger.exception("usage replay failed")


def _amounts(keys: list[CounterKey]) -> list[tuple[str, int]]:
    return list(Counter(_ENCODED.get(key) or encode(key) for key in keys).items())


# The JSON text of every counter key a page may count, made once: each counting page encodes the same
# few again. Filled by `know`, a questionnaire version's keys all at once (counting.py), never key by
# key as visits use them: an LRU cache kept them in the order visits last used them, so its newest
# entries were the latest visit's answers (docs/privacy.md). A key not known is encoded, not kept.
_ENCODED: dict[CounterKey, str] = {}
MAX_KNOWN_KEYS = 50_000  # questionnaire versions × months × nodes × options; past this, start afresh


def know(keys: Iterable[CounterKey]) -> bool:
    """Make the JSON text of these keys once, for every page that counts one of them; True when the
    texts known before were dropped to make room (the caller then knows none of its earlier keys)."""
    new = {key: encode(key) for key in keys if key not in _ENCODED}
    dropped = len(_ENCODED) + len(new) > MAX_KNOWN_KEYS
    if dropped:
        _ENCODED.clear()
    _ENCODED.update(new)
    return dropped


def _pid() -> int:
    import os

    return os.getpid()


def spool_path(app: Flask) -> Path:
    """USAGE_SPOOL_PATH, else instance/usage-spool.sqlite (a throwaway one per app in tests)."""
    if app.config.get("USAGE_SPOOL_PATH"):
        return Path(app.config["USAGE_SPOOL_PATH"])
    if app.testing:
        folder = tempfile.mkdtemp(prefix="hw-spool-")
        weakref.finalize(app, shutil.rmtree, folder, True)
        return Path(folder) / "usage-spool.sqlite"
    return Path(app.instance_path) / "usage-spool.sqlite"


def init_app(app: Flask) -> None:
    """One spool per machine (a file), one Counting per process; nothing is opened before a request."""
    spool = Spool(spool_path(app), str(app.config["USAGE_SPOOL_SYNC"]))
    app.extensions["helpwanted.counters"] = Counting(app, spool)
    app.after_request(_spool_before_response)


def _spool_before_response(response: Response) -> Response:
    keys: list[CounterKey] = g.pop("usage_increments", [])
    held: list[tuple[str, list[CounterKey], bool]] = g.pop("usage_held", [])
    if keys or held:
        counting = counters()
        counting.record(keys, held)  # durable before the visitor sees the page
        counting.ensure_sweeper()
        # The visitor has the page before the database is touched: counting adds no waiting.
        response.call_on_close(counting.replay_after_response)
    return response


def counters() -> Counting:
    """This app's counting."""
    return cast(Counting, current_app.extensions["helpwanted.counters"])


def key(
    event: str,
    questionnaire: str,
    version: str,
    language: str,
    node: str = "",
    option: str = "",
    today: date | None = None,
) -> CounterKey:
    """A counter key as given, per month; counting.counter() also empties the dimensions an event may not carry."""
    period = (today or date.today()).replace(day=1)
    return CounterKey(period, questionnaire, version, event, node, option, language)


def count(*keys: CounterKey) -> None:
    """Add one to each counter: spooled with the response, written to the database after it."""
    if has_request_context():
        g.setdefault("usage_increments", []).extend(keys)
    else:
        counters().record(list(keys))


def count_mixed(*keys: CounterKey) -> None:
    """Add one to each counter of ONE visit, written only together with COUNT_MIX_VISITS visits or more.

    The spool holds them (summed per counter, durably) until enough visits on this machine have
    added theirs, so no write to the database ever carries a single visit's answers.
    """
    count_held("visits", *keys, new_visit=True)


def count_held(pool: str, *keys: CounterKey, new_visit: bool = False) -> None:
    """Hold increments in a named pool until it covers COUNT_MIX_VISITS visits, then write them all.

    For what one visit adds page by page (e.g. the path): call with new_visit=True once per visit
    (keys may be empty) and with the pages' keys as they come. Durable like every count: a
    restart or kill -9 loses nothing; the pool is per machine, shared by its workers.
    """
    if has_request_context():
        g.setdefault("usage_held", []).append((pool, list(keys), new_visit))
    else:
        counters().record([], [(pool, list(keys), new_visit)])
