"""10,000 fuzzed visitor requests against a fresh app: how many end in a server error?

Run: python bench/fuzz_visitor.py [--requests 10000] [--seed 1] [--database sqlite|postgresql]
     python bench/fuzz_visitor.py --url http://127.0.0.1:8000 [--requests 10000] [--seed 1]
Mixes real journeys with forged forms, tampered cookies, odd paths, query strings, bodies and
headers (tests/visitor/fuzzing.py; the suite runs a short seeded version). Prints the status
codes and every 5xx with its path; exits 1 when there was any 5xx.

With --url the same requests go over HTTP to a running server (gunicorn -c gunicorn.conf.py, as
deployed): the fuzzer's test client talks to a small forwarding app that sends each request on
with `X-Forwarded-Proto: https` (so the Secure cookies come back, as behind the TLS proxy) and
hands the server's answer back unchanged.
"""

from __future__ import annotations

import argparse
import http.client
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from werkzeug.test import Client, TestResponse  # noqa: E402

from helpwanted import create_app  # noqa: E402
from helpwanted.database import upgrade_schema  # noqa: E402
from tests.pgcluster import throwaway_cluster  # noqa: E402
from tests.visitor.fuzzing import fuzz  # noqa: E402

HOP_BY_HOP = {"connection", "transfer-encoding", "keep-alive"}


def forwarding_app(url: str) -> Any:
    """A WSGI app that sends every request on to the server at url and returns its answer."""
    target = urlsplit(url)

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        path = quote(environ["PATH_INFO"].encode("latin-1"), safe="/%:@!$&'()*+,;=-._~")
        query = quote(environ.get("QUERY_STRING", ""), safe="=&%+;/?:@,$!*'()~")
        headers = {name[5:].replace("_", "-").title(): value for name, value in environ.items() if name[:5] == "HTTP_"}
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        headers["X-Forwarded-Proto"] = "https"
        connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port or 80, timeout=120)
        try:
            connection.request(environ["REQUEST_METHOD"], path + ("?" + query if query else ""), body, headers)
            answer = connection.getresponse()
            data = answer.read()
            kept = [(name, value) for name, value in answer.getheaders() if name.lower() not in HOP_BY_HOP]
            start_response(f"{answer.status} {answer.reason}", kept)
        finally:
            connection.close()
        return [data]

    return app


def fuzz_server(url: str, requests: int, seed: int) -> tuple[Counter[int], Counter[str], float]:
    """The fuzzer against a running server."""
    client = Client(forwarding_app(url), TestResponse)
    home = client.get("/", base_url="https://localhost")
    offered = home.get_data(as_text=True).split('name="questionnaire" value="')[1:]
    trees = sorted({chunk.split('"', 1)[0] for chunk in offered})
    errors: Counter[str] = Counter()
    started = time.perf_counter()
    statuses = fuzz(
        _HttpsClient(client),  # type: ignore[arg-type]
        [*trees, "../x", ""],
        requests,
        seed,
        lambda response: errors.update([response.request.path]),
    )
    return statuses, errors, time.perf_counter() - started


class _HttpsClient:
    """The test client with every request made as https://localhost (the Secure cookies are sent)."""

    def __init__(self, client: Client) -> None:
        self.client = client

    def __getattr__(self, name: str) -> Any:
        return getattr(self.client, name)

    def get(self, *args: Any, **kwargs: Any) -> TestResponse:
        return self.client.get(*args, base_url="https://localhost", **kwargs)

    def post(self, *args: Any, **kwargs: Any) -> TestResponse:
        return self.client.post(*args, base_url="https://localhost", **kwargs)


def main() -> int:
    """Run the fuzzer and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--url", help="fuzz a running server (e.g. gunicorn) instead of an app in this process")
    args = parser.parse_args()
    errors: Counter[str]
    if args.url:
        statuses, errors, seconds = fuzz_server(args.url, args.requests, args.seed)
        print(f"{args.requests} requests to {args.url} in {seconds:.1f} s (seed {args.seed})")
        print("status codes:", ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items())))
        print(f"5xx: {sum(n for code, n in statuses.items() if code >= 500)}", dict(errors) or "")
        return 1 if errors else 0
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
        errors = Counter()
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
