"""Time the checker on hostile trees (issue 11: each must finish in under 2 s with located errors).

Run: python bench/hostile_trees.py [--cli]
For each hostile file (tests/questionnaire/hostile.py) it prints the size, the wall-clock and processor
seconds of `check_source` (best of 3), the problem codes, and whether every problem is located
(a file with no problem at all — valid, only slow to check, such as `routes` — says so).
With --cli it also times the whole `flask --app helpwanted questionnaires check FILE` command
(interpreter and app start-up included): wall-clock and processor seconds, and says so if the
command printed a traceback or did not end with exit code 1 (errors found). It first times the
command's start-up alone (a check of the shipped received.yaml, best of 3) and counts the modules it
imports (`python -X importtime`: machine-independent, unlike the seconds), and prints the load average.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from helpwanted.questionnaire import Severity, SourceText, check_source  # noqa: E402
from tests.questionnaire.hostile import hostile_trees  # noqa: E402


def _timed(name: str, text: str) -> tuple[float, float, list[str], bool]:
    best_wall = best_cpu = float("inf")
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        _, problems = check_source(SourceText(name, f"{name}.yaml", text))
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    lines = text.count("\n") + 1
    located = all(1 <= p.line <= lines for p in problems) and any(p.severity is Severity.ERROR for p in problems)
    counts = Counter(p.code for p in problems)
    codes = [f"{code}×{count}" for code, count in counts.most_common(3)] or ["(valid: only slow to check)"]
    return best_wall, best_cpu, codes, located or not problems


def _command(file: Path, folder: str, *python_options: str) -> subprocess.CompletedProcess[bytes]:
    """`python -m flask --app helpwanted questionnaires check FILE` as an operator runs it."""
    environment = {**os.environ, "HELPWANTED_DATABASE_URL": f"sqlite:///{folder}/db.sqlite"}
    return subprocess.run(
        [sys.executable, *python_options, "-m", "flask", "--app", "helpwanted", "questionnaires", "check", str(file)],
        cwd=ROOT,
        capture_output=True,
        env=environment,
        check=False,
    )


def _start_up() -> tuple[float, float, int]:
    """Best wall-clock and processor seconds of checking a small clean file, and the modules imported."""
    best_wall = best_cpu = float("inf")
    file = ROOT / "questionnaires" / "received.yaml"
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(3):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            _command(file, folder)
            best_wall = min(best_wall, time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            best_cpu = min(best_cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
        imported = _command(file, folder, "-X", "importtime").stderr.count(b"import time:") - 1  # minus the header
    return best_wall, best_cpu, imported


def _cli_seconds(name: str, text: str) -> tuple[float, float]:
    """Wall-clock and processor seconds (user + system) of the whole command, start-up included.

    On a busy machine the wall-clock is mostly waiting for a core; the processor time is what the
    command costs, and close to its wall-clock on an idle machine.
    """
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"{name}.yaml"
        file.write_text(text, encoding="utf-8")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = _command(file, folder)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if b"Traceback" in done.stdout + done.stderr or done.returncode != 1:
            print(f"{name}: exit {done.returncode}, traceback or no error:\n{done.stderr.decode()[-2000:]}")
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    cli = "--cli" in sys.argv
    print("load average at the start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    if cli:
        wall, cpu, modules = _start_up()
        print(f"start-up (check of received.yaml, best of 3): wall {wall:.2f} s, cpu {cpu:.2f} s; {modules} modules")
    print(f"{'tree':12} {'bytes':>10} {'wall s':>7} {'cpu s':>6} {'cli wall':>8} {'cli cpu':>7}  located  codes")
    for name, text in hostile_trees().items():
        wall, cpu, codes, located = _timed(name, text)
        cli_wall, cli_cpu = _cli_seconds(name, text) if cli else (float("nan"), float("nan"))
        cli_time = f"{cli_wall:8.2f} {cli_cpu:7.2f}"
        size = len(text.encode("utf-8"))
        verdict = "yes" if located else "NO"
        print(f"{name:12} {size:10,} {wall:7.3f} {cpu:6.3f} {cli_time}  {verdict:7}  {' '.join(codes)}")
    print("load average at the end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
