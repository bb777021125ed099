"""Soak: PostgreSQL, gunicorn -w 3, 50 visitors following the real forms, with faults in the middle.

Run: nice python bench/soak.py [--seconds 300] [--visitors 50] [--workers 3] [--outage 30] [--sync normal|full]
Starts a throwaway PostgreSQL cluster, runs `flask init`, starts gunicorn with the repo's
gunicorn.conf.py, and lets the visitors walk (home → start → every question → advice) for the
whole run. At 25 % of the run PostgreSQL is stopped for --outage seconds; at 60 % one worker is
killed with -9. Then it waits for the spool to drain and reports requests, visitor errors, latency
(p50/p99) and, for starts and completions, what the database holds against what the visitors saw.
A count is "uncertain" when its request was cut off by the kill after it was spooled: the visitor
never saw the page, the database may hold it. CPU heavy: run it alone, with nice.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from tests.harness import Gunicorn, Load, Postgres, Tally, app_environment, flask_init  # noqa: E402
from tests.test_faults import written  # noqa: E402


def run(seconds: float, visitors: int, workers: int, outage: float, sync: str) -> str:
    """One soak run; the report."""
    postgres = Postgres()
    folder = Path(tempfile.mkdtemp(prefix="hw-soak-"))
    try:
        postgres.create()
        environment = app_environment(
            postgres.url, folder, USAGE_REPLAY_EVERY_SECONDS="5", USAGE_RETRY_SECONDS="5", USAGE_SPOOL_SYNC=sync
        )
        flask_init(environment)
        server = Gunicorn(environment, workers=workers, log=folder / "gunicorn.log")
        server.start()
        events: list[str] = []
        try:
            started = time.monotonic()
            with Load(server.port, visitors) as load:
                _faults(server, postgres, started, seconds, outage, events)
            elapsed = time.monotonic() - started
            drained = _drain(postgres.url, load.tally)
        finally:
            server.stop()
        events.insert(0, f"USAGE_SPOOL_SYNC={sync}")
        return _report(load.tally, written(postgres.url), elapsed, drained, events, visitors, workers)
    finally:
        postgres.destroy()


def _faults(
    server: Gunicorn, postgres: Postgres, started: float, seconds: float, outage: float, log: list[str]
) -> None:
    def at(fraction: float) -> None:
        time.sleep(max(0.0, started + seconds * fraction - time.monotonic()))

    at(0.25)
    postgres.stop()
    log.append(f"PostgreSQL stopped at {time.monotonic() - started:.0f} s")
    time.sleep(outage)
    postgres.start()
    log.append(f"PostgreSQL started at {time.monotonic() - started:.0f} s")
    at(0.60)
    pid = server.kill_worker()
    log.append(f"kill -9 worker {pid} at {time.monotonic() - started:.0f} s")
    at(1.0)


def _drain(url: str, tally: Tally) -> float:
    """Seconds until the database holds at least what the visitors saw (bounded)."""
    started = time.monotonic()
    for _ in range(1200):
        starts, completions = written(url)
        if starts >= tally.starts and completions >= tally.completions:
            break
        time.sleep(0.1)
    time.sleep(2)  # anything still in flight lands
    return time.monotonic() - started


def _report(
    tally: Tally, db: tuple[int, int], elapsed: float, drained: float, events: list[str], visitors: int, workers: int
) -> str:
    latencies = sorted(tally.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else 0.0
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else 0.0
    statuses = dict(sorted(tally.statuses.items()))
    fivexx = sum(n for s, n in statuses.items() if s >= 500)
    lost = max(0, tally.starts - db[0]) + max(0, tally.completions - db[1])
    return "\n".join(
        [
            f"soak: PostgreSQL, gunicorn -w {workers} (sync), {visitors} visitors, {elapsed:.0f} s",
            *(f"  {event}" for event in events),
            f"requests      {tally.requests} ({tally.requests / elapsed:.0f}/s); statuses {statuses}",
            f"errors        5xx {fivexx}, 409 {statuses.get(409, 0)}, connections cut by kill -9 {tally.broken}",
            f"latency       p50 {p50:.1f} ms, p99 {p99:.1f} ms",
            f"starts        written {db[0]} / seen {tally.starts} (+{tally.uncertain_starts} uncertain)",
            f"completions   written {db[1]} / seen {tally.completions} (+{tally.uncertain_completions} uncertain)",
            f"lost          {lost}; spool drained {drained:.1f} s after the load stopped",
        ]
    )


def main() -> None:
    """Parse the arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--outage", type=float, default=30)
    parser.add_argument("--sync", choices=("normal", "full"), default="normal", help="USAGE_SPOOL_SYNC")
    arguments = parser.parse_args()
    print(run(arguments.seconds, arguments.visitors, arguments.workers, arguments.outage, arguments.sync))


if __name__ == "__main__":
    main()
