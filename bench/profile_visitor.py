"""In-process cost of the visitor's pages against a bare Flask app: CPU time and a profile.

Run: python bench/profile_visitor.py [--requests 200] [--repeats 5] [--profile question|cycle|app-min]
     [--sort cumulative|tottime] [--database URL] [--calls]

The wall clock is useless on a shared, loaded machine; processor time (time.process_time) of the
Flask test client's requests is not distorted by other processes, only by cache effects. Each page
is measured `repeats` times interleaved, best of them reported, against the bare Flask page of
bench/bare_app.py served by its own test client in the same process. --profile prints the cProfile
of one page (cumulative, top 40) instead. --calls prints the Python function calls per page instead:
through the test client (as the earlier figures in docs/benchmarks.md) and the server's side alone
(the WSGI app called with a prepared environ, as gunicorn calls it). They are deterministic, so the
machine's load cannot distort them; the catalogue's refresh check and the replay after responses,
which run at most every few seconds, are left out of them.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from bench.bare_app import app as bare_app  # noqa: E402
from helpwanted import create_app  # noqa: E402
from helpwanted.cli import import_shipped_files  # noqa: E402
from helpwanted.database import upgrade_schema  # noqa: E402


def helpwanted_app(database_url: str, folder: Path) -> Flask:
    """The app as production runs it (not TESTING), with the schema and shipped trees."""
    app = create_app(
        {
            "SECRET_KEY": "benchmark-only-secret",
            "DATABASE_URL": database_url,
            "SESSION_COOKIE_SECURE": False,
            "USAGE_SPOOL_PATH": str(folder / "spool.sqlite"),
        }
    )
    with app.app_context():
        upgrade_schema()
        import_shipped_files()
    bench = __import__("bench.wsgi", fromlist=["bench"]).bench
    app.register_blueprint(bench)
    return app


def visitor(client: FlaskClient) -> tuple[str, dict[str, str]]:
    """Start the sextortion tree; the CSRF token and the form that answers question 1."""
    home = client.get("/").get_data(as_text=True)
    match = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', home)
    assert match, home[:500]
    token = match.group(1)
    assert client.post("/start", data={"csrf_token": token, "questionnaire": "sextortion"}).status_code == 303
    assert client.get("/q/1").status_code == 200  # as a browser follows the redirect (counts the first question)
    return token, {"csrf_token": token, "node": "safety", "answer": "no"}


def pages(app: Flask) -> dict[str, Callable[[], None]]:
    """One callable per measured page; each asserts its status."""
    bare = bare_app.test_client()
    plain = app.test_client()  # no cookie, as wrk's app-min
    client = app.test_client()
    _, form = visitor(client)
    cookie = client.get_cookie("s")
    assert cookie is not None

    def bare_page() -> None:
        assert bare.get("/").status_code == 200

    def app_min() -> None:
        assert plain.get("/bench/bare").status_code == 200

    def question() -> None:
        client.set_cookie("s", cookie.value)
        assert client.get("/q/1").status_code == 200

    def cycle() -> None:
        client.set_cookie("s", cookie.value)
        assert client.post("/q/1", data=form).status_code == 303
        assert client.get("/q/2").status_code == 200

    return {"bare": bare_page, "app-min": app_min, "question": question, "cycle": cycle}


def wsgi_request(app: Flask, method: str, path: str, cookie: str = "", body: str = "") -> Callable[[], None]:
    """One request as gunicorn makes it: the WSGI app called with an environ, the body read."""
    headers = {"Cookie": cookie} if cookie else {}
    content_type = "application/x-www-form-urlencoded" if body else None
    builder = EnvironBuilder(path=path, method=method, headers=headers, data=body or None, content_type=content_type)
    environ = builder.get_environ()
    raw = environ["wsgi.input"].read()
    status: list[str] = []

    def start_response(line: str, _headers: object, _exc_info: object = None) -> None:
        status.append(line)

    def run() -> None:
        result = app.wsgi_app({**environ, "wsgi.input": io.BytesIO(raw)}, start_response)
        try:
            for _ in result:
                pass
        finally:
            getattr(result, "close", lambda: None)()
        assert status.pop()[:3] in ("200", "303"), path

    return run


def server_pages(app: Flask) -> dict[str, Callable[[], None]]:
    """The pages of pages(), each request on the server's side only (no test client)."""
    client = app.test_client()
    _, form = visitor(client)
    before = client.get_cookie("s")
    assert before is not None
    body = "&".join(f"{name}={value}" for name, value in form.items())
    client.post("/q/1", data=form)
    after = client.get_cookie("s")
    assert after is not None
    post = wsgi_request(app, "POST", "/q/1", f"s={before.value}", body)
    get = wsgi_request(app, "GET", "/q/2", f"s={after.value}")

    def cycle() -> None:
        post()
        get()

    return {
        "bare": wsgi_request(bare_app, "GET", "/"),
        "app-min": wsgi_request(app, "GET", "/bench/bare"),
        "question": wsgi_request(app, "GET", "/q/1", f"s={before.value}"),
        "cycle": cycle,
    }


def calls(run: Callable[[], None], requests: int) -> float:
    """Python function calls per run (cProfile's count: every call, C functions too)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        run()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests  # type: ignore[attr-defined]


def cpu_ms(run: Callable[[], None], requests: int) -> float:
    """Processor milliseconds per call."""
    start = time.process_time()
    for _ in range(requests):
        run()
    return (time.process_time() - start) * 1000 / requests


def main() -> None:
    """Measure, or profile one page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--profile", choices=["question", "cycle", "app-min", "bare"])
    parser.add_argument("--database", help="a database URL (default: SQLite in a temporary folder)")
    parser.add_argument("--sort", default="cumulative", help="the profile's order: cumulative or tottime")
    parser.add_argument("--calls", action="store_true", help="Python function calls per page instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        app = helpwanted_app(args.database or f"sqlite:///{folder / 'bench.sqlite'}", folder)
        if args.calls:
            print_calls(app, args.requests)
            return
        runs = pages(app)
        for run in runs.values():
            cpu_ms(run, 20)  # warm: templates compiled, trees loaded
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            cpu_ms(runs[args.profile], args.requests)
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(40)
            return
        best: dict[str, float] = {name: float("inf") for name in runs}
        for _ in range(args.repeats):
            for name, run in runs.items():
                best[name] = min(best[name], cpu_ms(run, args.requests))
        print(f"{'page':10} {'cpu ms':>8}  vs bare (best of {args.repeats} × {args.requests})")
        for name, value in best.items():
            note = " (per POST+GET pair vs one GET)" if name == "cycle" else ""
            print(f"{name:10} {value:8.3f}  {value / best['bare']:5.2f}×{note}")


def print_calls(app: Flask, requests: int) -> None:
    """Python calls per page, through the test client and on the server's side alone."""
    app.config["CATALOG_REFRESH_SECONDS"] = 10**9  # time-based checks: not part of a page's count
    app.extensions["helpwanted.counters"].after = float(10**9)
    through_client, server_side = pages(app), server_pages(app)
    print(f"{'page':10} {'test client':>12} {'server side':>12}  Python calls per page (the cycle: per POST+GET)")
    for name in through_client:
        for run in (through_client[name], server_side[name]):
            calls(run, 20)  # warm: templates compiled, caches filled
        print(f"{name:10} {calls(through_client[name], requests):12,.0f} {calls(server_side[name], requests):12,.0f}")


if __name__ == "__main__":
    main()
