"""10,000 fuzzed visitor requests against a fresh app: how many end in a server error?

Run: python bench/fuzz_visitor.py [--requests 10000] [--seed 1] [--database sqlite|postgresql]
Mixes real journeys with forged forms, tampered cookies, odd paths, query strings, bodies and
headers (tests/visitor/fuzzing.py; the suite runs a short seeded version). Prints the status
codes and every 5xx with its path; exits 1 when there was any 5xx.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from helpwanted import create_app  # noqa: E402
from helpwanted.database import upgrade_schema  # noqa: E402
from tests.pgcluster import throwaway_cluster  # noqa: E402
from tests.visitor.fuzzing import fuzz  # noqa: E402


def main() -> int:
    """Run the fuzzer and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        url = f"sqlite:///{folder}/fuzz.sqlite"
        if args.database == "postgresql":
            url = stack.enter_context(throwaway_cluster("helpwanted_fuzz"))
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "fuzz-" * 8,
                "DATABASE_URL": url,
                "QUESTIONNAIRES_DIR": str(ROOT / "questionnaires"),
            }
        )
        with app.app_context():
            upgrade_schema()
        client = app.test_client()
        client.get("/")
        trees = sorted(app.extensions["helpwanted.trees"].catalog.trees)
        errors: Counter[str] = Counter()
        started = time.perf_counter()
        on_5xx = lambda response: errors.update([response.request.path])  # noqa: E731
        statuses = fuzz(client, [*trees, "../x", ""], args.requests, args.seed, on_5xx)
        seconds = time.perf_counter() - started
    print(f"{args.requests} requests on {args.database} in {seconds:.1f} s (seed {args.seed})")
    print("status codes:", ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
    print(f"5xx: {sum(n for code, n in statuses.items() if code >= 500)}", dict(errors) or "")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
