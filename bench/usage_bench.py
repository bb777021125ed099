"""Five years of synthetic counters for 50 questionnaires: dashboard, export and counting cost.

Run: python bench/usage_bench.py [--database sqlite|postgresql|both]
Fills a fresh database (SQLite, and a throwaway PostgreSQL cluster) with counters for 2022–2026 at
about ten times the helpline's real traffic, then measures in-process (Flask test client, best of 7):
  baseline   GET /staff/usage/?year=1999  (the same page with no data: template, auth, session)
  year view  GET /staff/usage/?year=2025
  export     GET /staff/usage/export.csv?year=2025  (a year, as for the yearly report)
             and ?from=2022-01&to=2026-12 (all five years, no target)
  completion POST of the last answer + GET /result, with counting on vs counting off: the time
             the visitor waits ("completion cost") and the worker's time including the counter
             write that follows the response ("counter write")
Targets (issue 5): year view and export < 100 ms on both databases; a completion adds < 2 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from helpwanted import create_app  # noqa: E402
from helpwanted.models import UsageCounter  # noqa: E402
from tests.conftest import csrf_token  # noqa: E402
from tests.pgcluster import throwaway_cluster  # noqa: E402

QUESTIONNAIRES, OUTCOMES, QUESTIONS = 50, 6, 6


def synthetic_rows(rng: random.Random) -> Iterator[dict[str, object]]:
    """Monthly counters in the dimensions of helpwanted/counting.py, 2022-01 to 2026-12, from daily visits."""
    day, last = date(2022, 1, 1), date(2026, 12, 31)
    counts: dict[tuple[object, ...], int] = {}

    def add(month: date, q: int, event: str, count: int, **dims: str) -> None:
        key = (
            month,
            f"q{q:02d}",
            dims.get("version", ""),
            event,
            dims.get("node", ""),
            dims.get("option", ""),
            dims.get("language", ""),
        )
        counts[key] = counts.get(key, 0) + count

    while day <= last:
        month = day.replace(day=1)
        for q in range(QUESTIONNAIRES):
            visits = rng.choice((0, 0, 1, 1, 2, 3, 5))
            if not visits:
                continue
            add(month, q, "start", visits, version="v1", language="nl")
            for n in range(QUESTIONS):
                add(month, q, "reach", max(1, visits - n // 2), version="v1", node=f"n{n}")
                add(month, q, "answer", visits, version="v1", node=f"n{n}", option=f"a{rng.randrange(3)}")
            add(month, q, "complete", max(1, visits - 1), version="v1", language="nl")
            add(month, q, "outcome", max(1, visits - 1), node=f"o{rng.randrange(OUTCOMES)}")
        day += timedelta(days=1)
    names = ("period", "questionnaire", "version", "event", "node", "option", "language")
    for key, count in counts.items():
        yield {**dict(zip(names, key, strict=True)), "count": count}


def best_ms(function: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{folder / 'bench.sqlite'}"
    else:
        with throwaway_cluster("helpwanted_bench") as url:
            yield url


def measure(kind: str, url: str) -> dict[str, float]:
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "DATABASE_URL": url, "ARGON2_PROFILE": "fast-for-tests"})
    with app.app_context():
        from helpwanted.accounts import create_user
        from helpwanted.database import upgrade_schema

        upgrade_schema()
        create_user("bench@example.org", "benchmark password", "coordinator")
    rows = list(synthetic_rows(random.Random(5)))
    engine = app.extensions["helpwanted.engine"]
    started = time.perf_counter()
    with engine.begin() as connection:
        for index in range(0, len(rows), 20_000):
            connection.execute(insert(UsageCounter), rows[index : index + 20_000])
        if kind == "postgresql":
            connection.exec_driver_sql("ANALYZE usage_counter")
    print(f"[{kind}] {len(rows):,} counter rows loaded in {time.perf_counter() - started:.1f} s")

    staff = app.test_client()
    staff.post(
        "/staff/login",
        data={
            "csrf_token": csrf_token(staff.get("/staff/login").get_data(as_text=True)),
            "email": "bench@example.org",
            "password": "benchmark password",
        },
    )
    assert staff.get("/staff/usage/?year=2025").status_code == 200
    figures = {
        "baseline": best_ms(lambda: staff.get("/staff/usage/?year=1999")),
        "year view": best_ms(lambda: staff.get("/staff/usage/?year=2025")),
        "export": best_ms(lambda: staff.get("/staff/usage/export.csv?year=2025")),
        "export 5 years": best_ms(lambda: staff.get("/staff/usage/export.csv?from=2022-01&to=2026-12")),
    }
    figures.update(completion_cost(app))
    return figures


def completion_cost(app) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """The last answer and the advice page, with and without counting, median of many visits.

    The counters are written once the response has been sent (response.close()), so the visitor
    waits for none of it; the write itself is reported separately as worker time.
    """
    import helpwanted.visitor.journey as journey

    def one_visit() -> tuple[float, float]:
        client = app.test_client()
        html = client.get("/").get_data(as_text=True)
        client.post("/start", data={"csrf_token": csrf_token(html), "questionnaire": "received"}).close()
        page = client.get("/q/1")
        csrf = csrf_token(page.get_data(as_text=True))
        page.close()
        start = time.perf_counter()
        client.post("/q/1", data={"csrf_token": csrf, "node": "safety", "answer": "yes"}).close()
        result = client.get("/result")
        assert result.status_code == 200
        shown = time.perf_counter()
        result.close()  # runs the deferred counter write
        return shown - start, time.perf_counter() - shown

    counted = [one_visit() for _ in range(60)]
    real = journey.count
    journey.count = lambda *args, **kwargs: None  # counting off
    try:
        uncounted = [one_visit() for _ in range(60)]
    finally:
        journey.count = real
    visible = statistics.median(v for v, _ in counted) - statistics.median(v for v, _ in uncounted)
    worker = statistics.median(v + w for v, w in counted) - statistics.median(v + w for v, w in uncounted)
    return {
        "completion cycle": statistics.median(v for v, _ in counted) * 1000,
        "completion cost": visible * 1000,
        "counter write": worker * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            with database(kind, Path(tmp)) as url:
                results[kind] = measure(kind, url)
    print(f"\n{'ms (best of 7)':18}" + "".join(f"{k:>12}" for k in kinds) + "   target")
    for name, target in (
        ("baseline", ""),
        ("year view", "< 100 ms"),
        ("export", "< 100 ms"),
        ("export 5 years", ""),
        ("completion cycle", ""),
        ("completion cost", "< 2 ms"),
        ("counter write", ""),
    ):
        cells = "".join(f"{results[k][name]:12.2f}" for k in kinds)
        print(f"{name:18}{cells}   {target}")
    for kind in kinds:
        r = results[kind]
        print(
            f"[{kind}] year view = {r['year view'] / r['baseline']:.1f}× baseline, "
            f"export = {r['export'] / r['baseline']:.1f}× baseline"
        )


if __name__ == "__main__":
    main()
