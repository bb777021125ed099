"""The coordinator report's suppression on a real database: the search with the plain and the fast bounds.

Run: python bench/suppression.py DATABASE_URL [--year 2026]
e.g. sqlite:////tmp/attack/slow-dashboard.sqlite (a copy of it: `init` upgrades the schema first).
Registers the year's report as the dashboard does (service.build), then runs the suppression's full
search (no time budget) twice: with the earlier bounds reasoning (tests/coordinator/test_bounds.py's
`plain_pinned`, the baseline) and with today's. Reports processor seconds, the ratio, and whether
both hide exactly the same numbers (they must).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from helpwanted import create_app  # noqa: E402
from helpwanted.coordinator import service, suppression  # noqa: E402
from helpwanted.coordinator.context import filters_from, usage_report  # noqa: E402
from tests.coordinator.test_bounds import plain_pinned  # noqa: E402


def registered(url: str, year: int) -> suppression.Disclosure:
    """The year's report as registered before suppression (numbers and relations, nothing hidden)."""
    folder = str(ROOT / "questionnaires")
    app = create_app({"SECRET_KEY": "bench-" * 6, "DATABASE_URL": url, "QUESTIONNAIRES_DIR": folder})
    with app.app_context():
        from helpwanted.database import upgrade_schema

        upgrade_schema()
    kept: list[suppression.Disclosure] = []

    class Registered(suppression.Disclosure):
        def apply(self) -> suppression.Disclosure:
            kept.append(copy.deepcopy(self))
            self.budget_seconds = 0  # the report itself is not what is measured
            return super().apply()

    service.Disclosure = Registered  # type: ignore[misc]
    with app.test_request_context("/"):
        usage_report(filters_from({"year": str(year)}), "nl")
    return kept[0]


def search(report: suppression.Disclosure, bounds: Any) -> tuple[float, dict[Any, str]]:
    """Processor seconds of the full search, and what it hid."""
    report = copy.deepcopy(report)
    report.budget_seconds = 1e9
    if bounds is not None:
        report._pinned_by_bounds = lambda solved=(): bounds(report, solved)  # type: ignore[method-assign]
    start = time.process_time()
    suppression.Disclosure.apply(report)  # the search itself, not the registering subclass
    return time.process_time() - start, dict(report.hidden)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--year", type=int, default=2026)
    args = parser.parse_args()
    report = registered(args.database, args.year)
    print(f"{len(report.values)} numbers, {len(report.relations)} relations")
    plain, plain_hidden = search(report, plain_pinned)
    fast, fast_hidden = search(report, None)
    shown = sum(1 for k, v in report.values.items() if v and k not in fast_hidden)
    print(f"plain bounds {plain:6.2f} s   fast bounds {fast:6.2f} s   ratio {plain / fast:4.1f}×")
    print(f"same numbers hidden: {plain_hidden == fast_hidden}; non-zero numbers shown: {shown}")


if __name__ == "__main__":
    main()
