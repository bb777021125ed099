"""wrk against gunicorn: the visitor's pages against a bare Flask app in its own process.

Run: python bench/visitor_wrk.py [--seconds 10] [--rounds 3] [--database sqlite|postgresql|both]
Needs wrk (apt-get install wrk) and, for PostgreSQL, postgresql-15 (a throwaway cluster is started).
Starts two servers, each `gunicorn -k sync -w 2` on its own port, and measures interleaved rounds
with `wrk -t2 -c8 --latency`:

  baseline (bench/bare_page.py: a Flask app with nothing else, gunicorn's defaults: no access log)
    bare        GET /      a Jinja page that extends a base template
  references (bench/bare_app.py, a Flask-WTF app in its own process, the same defaults)
    bare-form   GET /form  a Flask-WTF form page (CSRF, session)
    bare-cycle  POST /form → 303, GET /done
  helpwanted (bench/wsgi.py, the real app with a fresh database)
    app-min     GET /bench/bare  a plain page inside the app: the fixed cost of every request
    home        GET /            the topics, as a first visit sees them (no cookie)
    about       GET /about       quick exit and privacy (no cookie)
    question    GET /q/1         with the cookie POST /start set (its count is made by that POST). The
                                 cookie is older than sessions.IDLE_CLOCK_STEP after the first seconds,
                                 so the page seals it again, as a reload does: a browser's first view,
                                 right after the POST, does not (an upper bound)
    advice      GET /result      with the cookie the last answer's POST set (that POST counts the
                                 completion); older than the step after the first seconds, so sealed
                                 again, as a reload does (an upper bound, as for the question page)
    cycle       POST /q/1 (CSRF, engine, session, the next page's count) → 303, then GET /q/2 with
                the cookie that POST's response set, as a browser sends it (sealed a moment ago, so
                the GET does not seal it again)
    last-cycle  the last answer: POST of the last question (its completion, outcome and answers
                counted: a new visit in the advice pool) → 303, then GET /result with the cookie that
                POST set. Every visit pays it once, the dearest answer of a walk
    cycle pairs the same with wrk -t8 -c8 (one connection per thread), each POST → GET pair timed
                as a whole: the cycle's own p50/p99 (not a bound from single requests). Eight
                threads because wrk keeps a script's state per thread and never says which
                connection a response belongs to: a thread with two connections cannot time a pair.
Every request carries the cookie a browser would send: the one the response before it set
(visitor_cookies walks the questionnaire without following a redirect). Until session 9 the
question page and the cycle's GET replayed a cookie of a visit that had seen the page already,
which skipped the count a real first view paid then: a best case, not a visitor's page.
The app runs with its production gunicorn.conf.py (JSON access log; written to /dev/null here).

Ratios are against `bare` (requests per second); a cycle is a POST+GET pair compared with ONE bare
GET. Targets (issue 13): app-min ≤ 1.3×, every visitor page (home, about, question, advice) ≤ 3.0×,
cycle ≤ 4.5×, cycle p99 < 25 ms.
A second ratio uses the processor time the gunicorn workers spent per request (from /proc, same
run): on a machine busy with other work, requests per second and latency measure the queue for the
cores, while the workers' processor time per request still measures what a page costs.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from tests.pgcluster import throwaway_cluster  # noqa: E402

CYCLE = """
local step = 0
local after = "COOKIE_AFTER"
request = function()
  step = step + 1
  if step % 2 == 1 then
    return wrk.format("POST", "POST_PATH", {["Content-Type"] = "application/x-www-form-urlencoded",
                                            ["Cookie"] = "COOKIE_BEFORE"}, "BODY")
  end
  return wrk.format("GET", "GET_PATH", {["Cookie"] = after})
end
response = function(status, headers, body)
  if status ~= 303 and status ~= 200 then
    print("unexpected status " .. status)
    os.exit(1)
  end
  if status == 303 and headers["Set-Cookie"] then after = headers["Set-Cookie"]:match("^[^;]+") end
end
"""
# The real latency of a visitor's answer: POST /q/1 → 303 → GET /q/2 in order on one connection,
# timed from sending the POST to receiving the GET's response (LuaJIT's FFI reads the monotonic
# clock). Run with as many wrk threads as connections, so each thread's state is one connection's.
PAIRS = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } hw_timespec;
int clock_gettime(int clock, hw_timespec *now);
]]
local now = ffi.new("hw_timespec")
local function ms()
  ffi.C.clock_gettime(1, now)  -- CLOCK_MONOTONIC
  return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) pairs_ms = {}; step = 0; started = 0; after = "COOKIE_AFTER" end
request = function()
  step = step + 1
  if step % 2 == 1 then
    started = ms()
    return wrk.format("POST", "POST_PATH", {["Content-Type"] = "application/x-www-form-urlencoded",
                                            ["Cookie"] = "COOKIE_BEFORE"}, "BODY")
  end
  return wrk.format("GET", "GET_PATH", {["Cookie"] = after})
end
response = function(status, headers, body)
  if (step % 2 == 1 and status ~= 303) or (step % 2 == 0 and status ~= 200) then
    print("unexpected status " .. status)
    os.exit(1)
  end
  if status == 303 and headers["Set-Cookie"] then after = headers["Set-Cookie"]:match("^[^;]+") end
  if step % 2 == 0 then pairs_ms[#pairs_ms + 1] = ms() - started end
end
done = function(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for _, value in ipairs(thread:get("pairs_ms")) do all[#all + 1] = value end
  end
  table.sort(all)
  local function at(q) return all[math.max(1, math.ceil(#all * q))] end
  io.write(string.format("pairs %d p50 %.3f p99 %.3f\\n", #all, at(0.5), at(0.99)))
end
"""
TARGETS = {"app-min": 1.3, "home": 3.0, "about": 3.0, "question": 3.0, "advice": 3.0, "cycle": 4.5}


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def worker_cpu_seconds(master: int) -> float:
    """Processor time (user + system) used so far by the gunicorn master's workers, from /proc."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(fields[1]) == master:  # ppid; utime and stime are fields 14 and 15 of stat
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


SERVERS: dict[str, int] = {}  # base URL -> gunicorn master pid
BARE_CONFIG = ROOT / "bench" / "bare_gunicorn.conf.py"
APP_CONFIG = ROOT / "gunicorn.conf.py"


@contextmanager
def gunicorn(app: str, env: dict[str, str], probe: str, config: Path) -> Iterator[str]:
    """Serve app with gunicorn sync ×2 on a free port and these settings; yield its base URL.

    The app's access log is written as in production (one JSON line per request, paid for in the
    workers' time) but to /dev/null rather than the terminal: its stdout is discarded.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "-c", str(config), "-k", "sync", "-w", "2", "-b", f"127.0.0.1:{port}"]
    output = subprocess.DEVNULL
    process = subprocess.Popen([*command, "--log-level", "warning", app], cwd=ROOT, env=env, stdout=output)
    base = f"http://127.0.0.1:{port}"
    SERVERS[base] = process.pid
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + probe, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"gunicorn {app} did not start")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_env(database_url: str, folder: Path) -> dict[str, str]:
    """The environment of the app under test; its schema is created first.

    The usage spool is this run's own (in folder): the repository's instance/usage-spool.sqlite
    would carry counters from run to run, and from a SQLite run into the PostgreSQL one.
    """
    env = {
        **os.environ,
        "HELPWANTED_DATABASE_URL": database_url,
        "HELPWANTED_SECRET_KEY": "benchmark-only-secret",
        "HELPWANTED_SESSION_COOKIE_SECURE": "false",
        "HELPWANTED_USAGE_SPOOL_PATH": str(folder / "usage-spool.sqlite"),
    }
    init = [sys.executable, "-m", "flask", "--app", "bench.wsgi", "init"]
    subprocess.run(init, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


@dataclass(frozen=True)
class VisitorCookies:
    """A visitor's cookies as the server set them, response by response, and the answer to question 1."""

    started: str  # after POST /start: question 1 not yet seen
    seen: str  # after GET /q/1: question 1 seen (and counted)
    answered: str  # after POST /q/1: question 2 not yet seen
    at_advice: str  # after the last answer (its POST counted the completion): the advice not yet seen
    body: str  # the POST that answers question 1 (CSRF token, node, "no")
    last: tuple[str, str, str]  # the last question's path, the cookie its GET set, the POST answering it


def fetch(base: str, method: str, path: str, cookie: str = "", body: str = "") -> tuple[int, str, str, str]:
    """One request, no redirect followed: status, Location, the cookie set (else the one sent), body."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    html = response.read().decode()
    set_cookie = response.getheader("Set-Cookie") or ""
    connection.close()
    cookie = set_cookie.split(";", 1)[0] or cookie
    location = urllib.parse.urlsplit(response.getheader("Location") or "").path
    return response.status, location, cookie, html


def _form(page: str, answer: str | None = None) -> str:
    """The answer form of a question page, with its first option (or the one given)."""
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    node = re.search(r'name="node" value="([^"]+)"', page)
    option = re.search(r'name="answer"\s+value="([^"]+)"', page)
    assert token and node and option, page[:500]
    return urllib.parse.urlencode({"csrf_token": token[1], "node": node[1], "answer": answer or option[1]})


def visitor_cookies(base: str) -> VisitorCookies:
    """Walk the sextortion questionnaire to its advice as a browser does, keeping each response's cookie."""
    _, _, cookie, home = fetch(base, "GET", "/")
    token = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', home)
    assert token
    start = urllib.parse.urlencode({"csrf_token": token[1], "questionnaire": "sextortion"})
    status, location, started, _ = fetch(base, "POST", "/start", cookie, start)
    assert (status, location) == (303, "/q/1"), (status, location)
    status, _, seen, page = fetch(base, "GET", "/q/1", started)
    assert status == 200  # the cookie as it was (sealed a moment ago by the POST), or sealed again
    body = _form(page, "no")  # "no": not in danger now, so on to question 2
    status, location, answered, _ = fetch(base, "POST", "/q/1", seen, body)
    assert (status, location) == (303, "/q/2"), (status, location)
    status, _, _, page = fetch(base, "GET", "/q/2", answered)
    assert status == 200 and 'name="node"' in page
    cookie = answered
    while location != "/result":  # on to the advice, the first option each time
        status, _, cookie, page = fetch(base, "GET", location, cookie)
        assert status == 200, location
        last = (location, cookie, _form(page))
        status, location, cookie, _ = fetch(base, "POST", location, cookie, last[2])
        assert status == 303, location
    status, _, _, page = fetch(base, "GET", "/result", cookie)
    assert status == 200 and 'name="helpful"' in page
    return VisitorCookies(started, seen, answered, cookie, body, last)


def bare_cycle(base: str) -> tuple[str, str, str]:
    """The bare form's cookies around one valid POST."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(base + "/form").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    before = "; ".join(f"{c.name}={c.value}" for c in jar)
    body = urllib.parse.urlencode({"csrf_token": token.group(1), "answer": "yes"})
    assert opener.open(base + "/form", data=body.encode()).geturl().endswith("/done")
    after = "; ".join(f"{c.name}={c.value}" for c in jar)
    return before, after, body


def cycle_script(
    folder: Path, name: str, post: str, get: str, cookies: tuple[str, str, str], template: str = CYCLE
) -> Path:
    """A wrk script that alternates the POST and the GET after it (PAIRS as template: timed per pair)."""
    before, after, body = cookies
    script = folder / f"{name}.lua"
    text = template.replace("POST_PATH", post).replace("GET_PATH", get).replace("BODY", body)
    script.write_text(text.replace("COOKIE_BEFORE", before).replace("COOKIE_AFTER", after))
    return script


def header_script(folder: Path, name: str, cookie: str) -> Path:
    """A wrk script that sends one cookie."""
    script = folder / f"{name}.lua"
    script.write_text(f'wrk.headers["Cookie"] = "{cookie}"\n')
    return script


def wrk(url: str, seconds: int, script: Path | None = None, threads: int = 2) -> dict[str, float]:
    """Run wrk; requests per second, p50/p99 latency in ms, and the workers' processor ms per request."""
    command = ["wrk", f"-t{threads}", "-c8", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    master = next(pid for base, pid in SERVERS.items() if url.startswith(base))
    cpu_before = worker_cpu_seconds(master)
    completed = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    cpu = worker_cpu_seconds(master) - cpu_before
    output = completed.stdout
    # A Lua script that does not load is reported on stderr only, and wrk then sends its default
    # request (GET of the URL) instead: that must stop the run, not measure another page.
    if completed.stderr.strip() or "unexpected status" in output or "Non-2xx" in output:
        raise SystemExit(f"wrk saw errors:\n{output}{completed.stderr}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    result["cpu"] = 1000 * cpu / max(requests, 1)
    for name, pattern in (("p50", r"50%\s+([\d.]+)(us|ms|s)"), ("p99", r"99%\s+([\d.]+)(us|ms|s)")):
        match = re.search(pattern, output)
        assert match, output
        result[name] = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    pairs = re.search(r"pairs (\d+) p50 ([\d.]+) p99 ([\d.]+)", output)
    if script is not None and "pairs_ms" in script.read_text():  # the POST → GET pair's own latency (PAIRS)
        if not pairs:
            raise SystemExit(f"the pairs script reported no pairs:\n{output}")
        result["p50"], result["p99"] = float(pairs.group(2)), float(pairs.group(3))
    return result


def measure(database: str, seconds: int, rounds: int) -> dict[str, dict[str, float]]:
    """Medians of interleaved rounds for every page, on one database."""
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = f"sqlite:///{folder / 'bench.sqlite'}"
        if database == "postgresql":
            url = stack.enter_context(throwaway_cluster("helpwanted_bench"))
        # The baseline runs with gunicorn's own defaults (bench/bare_gunicorn.conf.py: no access log,
        # nothing of helpwanted); the app with its production settings (gunicorn.conf.py).
        bare = stack.enter_context(gunicorn("bench.bare_page:app", dict(os.environ), "/", BARE_CONFIG))
        forms = stack.enter_context(gunicorn("bench.bare_app:app", dict(os.environ), "/", BARE_CONFIG))
        app = stack.enter_context(gunicorn("bench.wsgi:app", app_env(url, folder), "/bench/bare", APP_CONFIG))
        visitor = visitor_cookies(app)
        cycle = (visitor.seen, visitor.answered, visitor.body)
        last_path, last_seen, last_body = visitor.last
        last_cookies = (last_seen, visitor.at_advice, last_body)
        plan = {
            "bare": (bare + "/", None),
            "bare-form": (forms + "/form", None),
            "bare-cycle": (forms, cycle_script(folder, "bare", "/form", "/done", bare_cycle(forms))),
            "app-min": (app + "/bench/bare", None),
            "home": (app + "/", None),
            "about": (app + "/about", None),
            "question": (app + "/q/1", header_script(folder, "question", visitor.started)),
            "advice": (app + "/result", header_script(folder, "advice", visitor.at_advice)),
            "cycle": (app, cycle_script(folder, "cycle", "/q/1", "/q/2", cycle)),
            "cycle-pairs": (app, cycle_script(folder, "pairs", "/q/1", "/q/2", cycle, PAIRS)),
            "last-cycle": (app, cycle_script(folder, "last", last_path, "/result", last_cookies)),
        }
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in plan}
        for _ in range(rounds):  # interleaved, so drift on a noisy machine hits every page alike
            for name, (target, script) in plan.items():
                runs[name].append(wrk(target, seconds, script, threads=8 if name == "cycle-pairs" else 2))
    return {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}


def report(database: str, median: dict[str, dict[str, float]]) -> bool:
    """Print the table; True when every target is met."""
    bare = median["bare"]["rps"]
    print(f"\n{database}:\n  {'page':14} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  vs bare   worker cpu ms  vs bare")
    ratios = {}
    pairs = median.pop("cycle-pairs")
    for name, figures in median.items():
        pair = 2 if name.endswith("cycle") else 1
        ratios[name] = bare / (figures["rps"] / pair)
        cpu_ratio = figures["cpu"] * pair / median["bare"]["cpu"]
        unit = " (per POST+GET pair)" if name.endswith("cycle") else ""
        row = f"  {name:14} {figures['rps']:8.0f} {figures['p50']:8.2f} {figures['p99']:8.2f}"
        print(f"{row}  {ratios[name]:5.2f}×  {figures['cpu'] * pair:10.3f}  {cpu_ratio:6.2f}×{unit}")
    cycle_p99 = pairs["p99"]
    print(f"  cycle pairs (wrk -t8 -c8, POST → GET timed together): {pairs['rps'] / 2:.0f} pairs/s,", end=" ")
    bound = 2 * median["cycle"]["p99"]
    print(f"p50 {pairs['p50']:.2f} ms, p99 {cycle_p99:.2f} ms, worker cpu {2 * pairs['cpu']:.3f} ms per pair")
    print(f"  (the old bound, 2 × a cycle request's p99 at wrk -t2 -c8: {bound:.1f} ms)")
    met = [ratios[name] <= limit for name, limit in TARGETS.items()] + [cycle_p99 < 25]
    verdicts = [f"{name} ≤ {limit}× {'ok' if ratios[name] <= limit else 'MISSED'}" for name, limit in TARGETS.items()]
    print("  targets:", " | ".join([*verdicts, f"cycle pair p99 < 25 ms {'ok' if cycle_p99 < 25 else 'MISSED'}"]))
    return all(met)


def main() -> int:
    """Measure on the chosen databases; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    setup = f"{args.rounds} interleaved rounds × {args.seconds} s"
    print(f"gunicorn -k sync -w 2 per server, wrk -t2 -c8, {setup}, medians")
    results = []
    for database in databases:
        print(f"\nload average at the start of {database}: {_load()}")
        results.append(report(database, measure(database, args.seconds, args.rounds)))
    print(f"\nload average at the end: {_load()}")
    return 0 if all(results) else 1


def _load() -> str:
    """The 1, 5 and 15 minute load averages: a run at a load near the core count measures the queue."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    raise SystemExit(main())
