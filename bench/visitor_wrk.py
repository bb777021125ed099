"""wrk against gunicorn (sync workers): a question page and a full answer cycle vs a bare page.

Run: python bench/visitor_wrk.py [--seconds 10] [--rounds 3]
Needs wrk (apt-get install wrk). Starts gunicorn -k sync -w 2 on a free local port with a fresh
SQLite database, and measures in one run, interleaved:
  bare      GET /bench/bare (a plain Jinja page from the same server)
  question  GET /q/1 (session cookie, WTForms, CSRF token, tree lookup)
  cycle     POST /q/1 (CSRF, engine, session write, a counter upsert) → 303, then GET /q/2
Reports requests/s and latency, and the cost ratios to the bare page (the machine-independent figure).
Targets (issue 3): question ≤ 3.5× bare, cycle ≤ 5.5× bare, cycle p99 < 25 ms at 8 connections.
"""

from __future__ import annotations

import argparse
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
from pathlib import Path

ROOT = Path(__file__).parent.parent
LUA_CYCLE = """
local step = 0
request = function()
  step = step + 1
  if step % 2 == 1 then
    return wrk.format("POST", "/q/1", {["Content-Type"] = "application/x-www-form-urlencoded",
                                       ["Cookie"] = "s=COOKIE"}, "csrf_token=TOKEN&node=safety&answer=no")
  end
  return wrk.format("GET", "/q/2", {["Cookie"] = "s=ANSWERED"})
end
response = function(status, headers, body)
  if status ~= 303 and status ~= 200 then
    print("unexpected status " .. status)
    os.exit(1)
  end
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HELPWANTED_DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite'}",
        "HELPWANTED_SECRET_KEY": "benchmark-only-secret",
        "HELPWANTED_SESSION_COOKIE_SECURE": "false",
    }
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "bench.wsgi", "init"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-k",
            "sync",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare", timeout=1)
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("gunicorn did not start")


def visitor_session(base: str) -> tuple[str, str, str]:
    """Start the sextortion questionnaire like a browser.

    Returns the session cookie at question 1, the cookie after answering it, and the CSRF token:
    wrk cannot follow cookies, so the POST replays the first and the GET after it the second.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    home = opener.open(base + "/").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', home)
    assert token
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "questionnaire": "sextortion"}).encode()
    opener.open(base + "/start", data=data).read()
    at_start = next(c.value for c in jar if c.name == "s") or ""
    data = urllib.parse.urlencode({"csrf_token": token.group(1), "node": "safety", "answer": "no"}).encode()
    landed = opener.open(base + "/q/1", data=data)
    assert landed.geturl().endswith("/q/2"), landed.geturl()
    answered = next(c.value for c in jar if c.name == "s") or ""
    # The replayed GET must render question 2 itself, not redirect back to question 1.
    check = urllib.request.Request(base + "/q/2", headers={"Cookie": f"s={answered}"})
    assert "Wat wil de persoon van je?" in urllib.request.urlopen(check).read().decode()
    return at_start, answered, token.group(1)


def wrk(url: str, seconds: int, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "unexpected status" in output or "Non-2xx" in output:
        raise SystemExit(f"wrk saw errors:\n{output}")
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}  # type: ignore[union-attr]
    for name, pattern in (("p50", r"50%\s+([\d.]+)(us|ms|s)"), ("p99", r"99%\s+([\d.]+)(us|ms|s)")):
        match = re.search(pattern, output)
        assert match, output
        result[name] = float(match.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match.group(2)]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_gunicorn(port, folder)
        try:
            cookie, answered, token = visitor_session(base)
            question_script = folder / "question.lua"
            question_script.write_text(f'wrk.headers["Cookie"] = "s={cookie}"\n')
            cycle_script = folder / "cycle.lua"
            cycle_script.write_text(
                LUA_CYCLE.replace("COOKIE", cookie)
                .replace("ANSWERED", answered)
                .replace("TOKEN", urllib.parse.quote(token))
            )
            runs: dict[str, list[dict[str, float]]] = {"bare": [], "question": [], "cycle": []}
            for _ in range(args.rounds):  # interleaved, so drift on a noisy machine hits all three
                runs["bare"].append(wrk(base + "/bench/bare", args.seconds))
                runs["question"].append(wrk(base + "/q/1", args.seconds, question_script))
                runs["cycle"].append(wrk(base, args.seconds, cycle_script))
        finally:
            server.terminate()
            server.wait(10)
    median = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}
    bare = median["bare"]["rps"]
    cycles_per_second = median["cycle"]["rps"] / 2
    print(f"gunicorn sync ×2, wrk -t2 -c8, {args.rounds} rounds × {args.seconds} s, medians")
    print(f"{'page':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}  cost vs bare")
    for name in ("bare", "question", "cycle"):
        figures = median[name]
        ratio = bare / (cycles_per_second if name == "cycle" else figures["rps"])
        print(f"{name:10} {figures['rps']:8.0f} {figures['p50']:8.2f} {figures['p99']:8.2f}  {ratio:5.2f}×")
    cycle_p99 = 2 * median["cycle"]["p99"]
    print(f"cycle = POST + GET; {cycles_per_second:.0f} cycles/s; cycle p99 ≤ {cycle_p99:.1f} ms (2 × request p99)")
    question_ratio = bare / median["question"]["rps"]
    cycle_ratio = bare / cycles_per_second
    print(
        "targets:",
        "question ≤ 3.5×",
        "ok" if question_ratio <= 3.5 else "MISSED",
        "|",
        "cycle ≤ 5.5×",
        "ok" if cycle_ratio <= 5.5 else "MISSED",
        "|",
        "cycle p99 < 25 ms",
        "ok" if cycle_p99 < 25 else "MISSED",
    )


if __name__ == "__main__":
    main()
