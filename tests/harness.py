"""Real processes for the fault tests and the soak benchmark (bench/soak.py).

- `Postgres`: a throwaway cluster that can be stopped and started again (an outage).
- `Gunicorn`: the repo's gunicorn.conf.py with real workers; kill -9 a worker, SIGHUP the master.
- `Load`: visitors over HTTP following the real forms (home → start → every question → advice),
  each counting what it saw: the starts and completions the database must end up with.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from .leftovers import note

ROOT = Path(__file__).parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
INPUT = re.compile(r"<input\b[^>]*>", re.S)
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')


class Postgres:
    """A cluster in /tmp, unix socket only, that a test can stop and start."""

    def __init__(self) -> None:
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.folder = tempfile.mkdtemp(prefix="hw-pgfault-", dir="/tmp")
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = os.path.join(self.folder, "data")
        self.url = f"postgresql+psycopg://app@/helpwanted?host={self.folder}"

    def _run(self, *args: str) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, capture_output=True, text=True)

    def create(self) -> str:
        """initdb, start, createdb; the SQLAlchemy URL."""
        note("postgres", self.data)
        self._run(str(PG_BIN / "initdb"), "-D", self.data, "-U", "app", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()
        self._run(str(PG_BIN / "createdb"), "-h", self.folder, "-U", "app", "helpwanted")
        return self.url

    def start(self) -> None:
        """Start (again)."""
        options = f"-c listen_addresses='' -k {self.folder} -c fsync=off -c max_connections=200"
        log = os.path.join(self.folder, "pg.log")
        self._run(str(PG_BIN / "pg_ctl"), "-D", self.data, "-l", log, "-w", "-t", "30", "-o", options, "start")

    def stop(self) -> None:
        """Stop now: connections are cut, new ones refused (the outage)."""
        self._run(str(PG_BIN / "pg_ctl"), "-D", self.data, "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        """Stop if running and remove everything."""
        subprocess.run(
            [*self.as_postgres, str(PG_BIN / "pg_ctl"), "-D", self.data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def free_port() -> int:
    """A free local TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_environment(database_url: str, folder: Path, **settings: str) -> dict[str, str]:
    """The environment of the app's processes: settings as HELPWANTED_* variables."""
    values = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "fault-tests-only-secret",
        "SESSION_COOKIE_SECURE": "false",  # plain HTTP on the loopback
        "USAGE_SPOOL_PATH": str(folder / "usage-spool.sqlite"),
        "CATALOG_SNAPSHOT_PATH": str(folder / "published-snapshot.json"),  # never the checkout's instance/
        "RATELIMIT_STORAGE_URI": f"sqlite:///{folder / 'signin-limits.sqlite'}",  # nor its sign-in limits
        "USAGE_REPLAY_EVERY_SECONDS": "1",
        "USAGE_RETRY_SECONDS": "1",
        "COUNT_MIX_VISITS": "1",
        **settings,
    }
    return {**os.environ, **{f"HELPWANTED_{name}": value for name, value in values.items()}}


def flask_init(environment: dict[str, str]) -> None:
    """`flask --app helpwanted init`, as an operator runs it."""
    command = [sys.executable, "-m", "flask", "--app", "helpwanted", "init"]
    subprocess.run(command, env=environment, check=True, capture_output=True, cwd=ROOT)


def publish_edited(environment: dict[str, str], folder: Path, questionnaire: str, title: str) -> None:
    """Publish the questionnaire with another Dutch title (`questionnaires import`), as an editor would."""
    text = (ROOT / "questionnaires" / f"{questionnaire}.yaml").read_text(encoding="utf-8")
    old_title = text.split("nl: ", 1)[1].split("\n", 1)[0]
    (folder / "edited").mkdir(exist_ok=True)
    edited = folder / "edited" / f"{questionnaire}.yaml"
    edited.write_text(text.replace(old_title, f'"{title}"', 1), encoding="utf-8")
    command = [sys.executable, "-m", "flask", "--app", "helpwanted", "questionnaires", "import", str(edited)]
    subprocess.run(command, env=environment, check=True, capture_output=True, cwd=ROOT)


class Gunicorn:
    """gunicorn -c gunicorn.conf.py, its log in a file."""

    def __init__(self, environment: dict[str, str], workers: int, log: Path) -> None:
        self.port = free_port()
        self.log = log
        self.environment = {
            **environment,
            "HELPWANTED_BIND": f"127.0.0.1:{self.port}",
            "HELPWANTED_WORKERS": str(workers),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start and wait until /healthz answers."""
        self.launch()
        self.wait_ready()

    def launch(self) -> None:
        """Start, without waiting (several servers boot side by side)."""
        command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py")]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=self.environment, cwd=ROOT, stdout=log, stderr=log)
        note("gunicorn", self.process.pid)

    def wait_ready(self) -> None:
        """Wait until /healthz answers."""
        assert self.process is not None
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-2000:]}")
            try:
                if get(self.port, "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not answer /healthz")

    def workers(self) -> list[int]:
        """The worker processes' ids (children of the master)."""
        assert self.process is not None
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True)
        return [int(pid) for pid in out.stdout.split()]

    def kill_worker(self, pid: int | None = None) -> int:
        """kill -9 a worker (by its id; default: the first); the master starts a new one."""
        pid = pid or self.workers()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def reload(self) -> None:
        """SIGHUP: the master replaces every worker (a deploy)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        """Graceful stop (SIGTERM), then make sure."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def get(port: int, path: str) -> tuple[int, str]:
    """One plain GET: status and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


class Broken(Exception):
    """The connection failed (a worker was killed under the request)."""


class Browser:
    """One visitor's browser: a cookie, the last page's form fields."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""

    def request(self, method: str, path: str, form: Mapping[str, object] | None = None) -> tuple[int, str, str]:
        """status, Location, body; raises Broken on a network failure."""
        headers = {"Accept-Language": "nl"}
        if self.cookie:
            headers["Cookie"] = f"s={self.cookie}"
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            text = response.read().decode()
        except (OSError, http.client.HTTPException) as error:
            raise Broken(str(error)) from error
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "s":
                self.cookie = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text


def form_fields(page: str) -> tuple[dict[str, str], list[str]]:
    """The hidden fields of the page's form and the values of its answer options."""
    hidden: dict[str, str] = {}
    options: list[str] = []
    for tag in INPUT.findall(page):
        attributes = {name: html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}
        if attributes.get("type") == "hidden" and "name" in attributes:
            hidden[attributes["name"]] = attributes.get("value", "")
        elif attributes.get("name") == "answer":
            options.append(attributes.get("value", ""))
    return hidden, options


@dataclass
class Tally:
    """What the visitors saw. `uncertain_*`: a counting request whose answer never arrived."""

    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    broken: int = 0
    starts: int = 0
    completions: int = 0
    uncertain_starts: int = 0
    uncertain_completions: int = 0
    latencies: list[float] = field(default_factory=list, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, status: int | None, seconds: float) -> None:
        with self.lock:
            self.requests += 1
            if status is None:
                self.broken += 1
            else:
                self.statuses[status] += 1
                self.latencies.append(seconds)

    @property
    def errors(self) -> int:
        """Visitor-facing errors: 5xx and 409 (4xx other than 409 would be a bug in the visitor)."""
        return sum(n for status, n in self.statuses.items() if status >= 500 or status == 409)


class Visit:
    """One walk through a questionnaire, choosing the first option of each question."""

    def __init__(self, port: int, questionnaire: str, tally: Tally) -> None:
        self.browser = Browser(port)
        self.questionnaire = questionnaire
        self.tally = tally

    def _do(self, method: str, path: str, form: Mapping[str, object] | None = None) -> tuple[int, str, str]:
        started = time.perf_counter()
        try:
            status, location, body = self.browser.request(method, path, form)
        except Broken:
            self.tally.add(None, 0)
            raise
        self.tally.add(status, time.perf_counter() - started)
        return status, location, body

    def walk(self) -> bool:
        """True when the advice was shown; counts starts and completions seen (or uncertain)."""
        try:
            status, _, page = self._do("GET", "/")
            token = form_fields(page)[0].get("csrf_token", "")
            form = {"csrf_token": token, "questionnaire": self.questionnaire}
            if not self._counting("start", "POST", "/start", form, expect=303):
                return False
            path = "/q/1"
            for _ in range(50):
                status, location, page = self._do("GET", path)
                if status == 303 and location.endswith("/result"):
                    return self._counting("complete", "GET", "/result", None, expect=200)  # no POST counted it
                if status != 200:
                    return False
                hidden, options = form_fields(page)
                location = self._answer(path, {**hidden, "answer": options[:1]})
                if location is None:
                    return False
                path = "/" + location.split("/", 3)[-1] if location.startswith("http") else location
                if path.endswith("/result"):
                    break
            status, _, _ = self._do("GET", "/result")
            return status == 200
        except Broken:
            return False

    def _answer(self, path: str, answer: Mapping[str, object]) -> str | None:
        """Where the answer sends the visitor, or None. The answer that sends them to the advice counts
        the completion; any answer may be that one, so one whose reply never came is an uncertain one."""
        try:
            status, location, _ = self._do("POST", path, answer)
        except Broken:
            self._note("complete", uncertain=True)
            raise
        if status >= 500:
            self._note("complete", uncertain=True)  # an error page may come after the count
        if status != 303:
            return None
        if location.endswith("/result"):
            self._note("complete", uncertain=False)
        return location

    def _counting(self, what: str, method: str, path: str, form: Mapping[str, object] | None, expect: int) -> bool:
        try:
            status, _, _ = self._do(method, path, form)
        except Broken:
            self._note(what, uncertain=True)
            raise
        if status != expect:
            if status >= 500:
                self._note(what, uncertain=True)  # an error page may come after the count
            return False
        self._note(what, uncertain=False)
        return True

    def _note(self, what: str, uncertain: bool) -> None:
        name = ("uncertain_" if uncertain else "") + ("starts" if what == "start" else "completions")
        with self.tally.lock:
            setattr(self.tally, name, getattr(self.tally, name) + 1)


class Load:
    """`visitors` threads walking until stopped."""

    def __init__(self, port: int, visitors: int, questionnaire: str = "received") -> None:
        self.port = port
        self.tally = Tally()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(questionnaire,)) for _ in range(visitors)]

    def _run(self, questionnaire: str) -> None:
        while not self.stopping.is_set():
            if not Visit(self.port, questionnaire, self.tally).walk():
                time.sleep(0.05)  # a broken walk: start over, like a visitor reloading

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(120)

    def completions(self, at_least: int) -> None:
        """Wait until the visitors have seen this many more advice pages (progress, not timing)."""
        target = self.tally.completions + at_least
        for _ in range(1200):
            if self.tally.completions >= target:
                return
            time.sleep(0.05)
        raise AssertionError(f"the visitors made no progress: {self.tally}")
