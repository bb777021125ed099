"""In-process cost of the visitor's pages against a bare Flask app: CPU time and a profile.

Run: python bench/profile_visitor.py [--requests 200] [--repeats 5] [--profile question|cycle|app-min]
     [--sort cumulative|tottime] [--database URL] [--calls]

The wall clock is useless on a shared, loaded machine; processor time (time.process_time) of the
Flask test client's requests is not distorted by other processes, only by cache effects. Each page
is measured `repeats` times interleaved, best of them reported, against the bare Flask page of
bench/bare_page.py served by its own test client in the same process. --profile prints the cProfile
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from werkzeug.test import EnvironBuilder, TestResponse  # noqa: E402

from bench.bare_page import app as bare_app  # noqa: E402  (the baseline: a Flask app with nothing else)
from helpwanted import create_app  # noqa: E402
from helpwanted.cli import import_shipped_files  # noqa: E402
from helpwanted.database import upgrade_schema  # noqa: E402
from helpwanted.sessions import IDLE_CLOCK_STEP  # noqa: E402


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


@dataclass(frozen=True)
class Visitor:
    """One visitor's cookies as the server set them, response by response (no redirect followed).

    A browser sends each page's request with the cookie the response before it set, so a question
    page is nearly always its first view (since session 9 counted by the POST that leads to it); a
    reload is the rare case.
    """

    token: str
    form: dict[str, str]  # the answer to question 1 that leads to question 2
    started: str  # after POST /start: question 1 not yet seen
    seen: str  # after GET /q/1: question 1 seen and counted
    answered: str  # after POST /q/1: question 2 not yet seen
    at_advice: str  # after the last answer: the advice not yet seen


def _set_cookie(response: TestResponse, unchanged: str | None = None) -> str:
    """The session cookie the response set; `unchanged` when it set none (a page the moment after a POST)."""
    match = re.search(r"(?:^|, )s=([^;]+)", ", ".join(response.headers.getlist("Set-Cookie")))
    if match is None and unchanged is not None:
        return unchanged
    assert match, response.headers
    return match.group(1)


def _answer(page: str) -> dict[str, str]:
    """The first option of the question on page (radio or checkbox), as its form sends it."""
    node = re.search(r'name="node" value="([^"]+)"', page)
    option = re.search(r'name="answer"\s+value="([^"]+)"', page)
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    assert node and option and token, page[:500]
    return {"csrf_token": token.group(1), "node": node.group(1), "answer": option.group(1)}


def visitor(app: Flask) -> Visitor:
    """Walk the sextortion tree to its advice as a browser does, keeping each response's cookie."""
    client = app.test_client(use_cookies=False)
    home = client.get("/")
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', home.get_data(as_text=True))
    assert token, home.get_data(as_text=True)[:500]
    started = client.post(
        "/start", data={"csrf_token": token.group(1), "questionnaire": "sextortion"}, headers=_cookie(home)
    )
    assert started.status_code == 303
    first = client.get("/q/1", headers=_cookie(started))
    assert first.status_code == 200
    seen = _set_cookie(first, _set_cookie(started))  # sealed a moment ago by the POST: not sealed again
    form = {**_answer(first.get_data(as_text=True)), "answer": "no"}  # "no": not in danger now, so on to q2
    answered = client.post("/q/1", data=form, headers={"Cookie": f"s={seen}"})
    assert answered.status_code == 303 and answered.location.endswith("/q/2"), answered.location
    cookie = _set_cookie(answered)
    while True:  # on to the advice, the first option each time
        location = answered.location
        if location.endswith("/result"):
            break
        page = client.get(location, headers={"Cookie": f"s={cookie}"})
        assert page.status_code == 200, location
        cookie = _set_cookie(page, cookie)
        answered = client.post(location, data=_answer(page.get_data(as_text=True)), headers={"Cookie": f"s={cookie}"})
        assert answered.status_code == 303, location
        cookie = _set_cookie(answered)
    # The pages measured alone then carry cookies older than IDLE_CLOCK_STEP, in every repeat alike:
    # they seal them again, as a reload does (a bound from above; a first view right after its POST
    # does not). The cycle's GET carries the cookie its POST set a moment before.
    time.sleep(IDLE_CLOCK_STEP + 1)
    return Visitor(token.group(1), form, _set_cookie(started), seen, _set_cookie(answered), cookie)


def _cookie(response: TestResponse) -> dict[str, str]:
    return {"Cookie": f"s={_set_cookie(response)}"}


def pages(app: Flask) -> dict[str, Callable[[], object]]:
    """One callable per measured page, each request with the cookie a browser would send; each asserts its status."""
    bare = bare_app.test_client()
    client = app.test_client(use_cookies=False)
    one = visitor(app)

    def get(path: str, cookie: str = "", status: int = 200) -> Callable[[], object]:
        headers = {"Cookie": f"s={cookie}"} if cookie else {}

        def run() -> None:
            assert client.get(path, headers=headers).status_code == status, path

        return run

    def bare_page() -> None:
        assert bare.get("/").status_code == 200

    def cycle() -> None:
        answered = client.post("/q/1", data=one.form, headers={"Cookie": f"s={one.seen}"})
        assert answered.status_code == 303
        assert client.get("/q/2", headers=_cookie(answered)).status_code == 200

    return {
        "bare": bare_page,
        "app-min": get("/bench/bare"),
        "home": get("/"),
        "about": get("/about"),
        "question": get("/q/1", one.started),
        "cycle": cycle,
        "advice": get("/result", one.at_advice),
    }


PAGES = ["bare", "app-min", "home", "about", "question", "cycle", "advice"]


def wsgi_request(
    app: Flask, method: str, path: str, cookie: str = "", body: str = "", keep_cookie: bool = False
) -> Callable[[], str]:
    """One request as gunicorn makes it: the WSGI app called with an environ, the body read.

    The call returns the cookie the response set (keep_cookie), else "".
    """
    headers = {"Cookie": cookie} if cookie else {}
    content_type = "application/x-www-form-urlencoded" if body else None
    builder = EnvironBuilder(path=path, method=method, headers=headers, data=body or None, content_type=content_type)
    environ = builder.get_environ()
    raw = environ["wsgi.input"].read()
    status: list[str] = []
    cookies: list[str] = []

    def start_response(line: str, headers: list[tuple[str, str]], _exc_info: object = None) -> None:
        status.append(line)
        if keep_cookie:
            cookies[:] = [value.split(";", 1)[0] for name, value in headers if name == "Set-Cookie"]

    def run() -> str:
        result = app.wsgi_app({**environ, "wsgi.input": io.BytesIO(raw)}, start_response)
        try:
            for _ in result:
                pass
        finally:
            getattr(result, "close", lambda: None)()
        assert status.pop()[:3] in ("200", "303"), path
        return cookies[0] if cookies else ""

    return run


def server_pages(app: Flask) -> dict[str, Callable[[], object]]:
    """The pages of pages(), each request on the server's side only (no test client)."""
    one = visitor(app)
    body = "&".join(f"{name}={value}" for name, value in one.form.items())
    post = wsgi_request(app, "POST", "/q/1", f"s={one.seen}", body)
    fresh = wsgi_request(app, "POST", "/q/1", f"s={one.seen}", body, keep_cookie=True)()
    get = wsgi_request(app, "GET", "/q/2", fresh)  # as the POST's response set it: sealed a moment ago

    def cycle() -> None:
        post()
        get()

    return {
        "bare": wsgi_request(bare_app, "GET", "/"),
        "app-min": wsgi_request(app, "GET", "/bench/bare"),
        "home": wsgi_request(app, "GET", "/"),
        "about": wsgi_request(app, "GET", "/about"),
        "question": wsgi_request(app, "GET", "/q/1", f"s={one.started}"),
        "cycle": cycle,
        "advice": wsgi_request(app, "GET", "/result", f"s={one.at_advice}"),
    }


def calls(run: Callable[[], object], requests: int) -> float:
    """Python function calls per run (cProfile's count: every call, C functions too)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        run()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests  # type: ignore[attr-defined]


def cpu_ms(run: Callable[[], object], requests: int) -> float:
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
    parser.add_argument("--profile", choices=PAGES)
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
        print(f"{'page':14} {'cpu ms':>8}  vs bare (best of {args.repeats} × {args.requests})")
        for name, value in best.items():
            note = " (per POST+GET pair vs one GET)" if name == "cycle" else ""
            print(f"{name:14} {value:8.3f}  {value / best['bare']:5.2f}×{note}")


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
