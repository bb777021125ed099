"""Time the checker on hostile trees (issue 11: each must finish in under 2 s with located errors).

Run: python bench/hostile_trees.py [--cli]
For each hostile file (tests/questionnaire/hostile.py) it prints the size, the wall-clock and processor
seconds of `check_source` (best of 3), the problem codes, and whether every problem is located.
With --cli it also times the whole `flask --app helpwanted questionnaires check FILE` command
(interpreter and app start-up included).
"""

from __future__ import annotations

import os
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
    return best_wall, best_cpu, [f"{code}×{count}" for code, count in counts.most_common(3)], located


def _cli_seconds(name: str, text: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / f"{name}.yaml"
        file.write_text(text, encoding="utf-8")
        environment = {**os.environ, "HELPWANTED_DATABASE_URL": f"sqlite:///{folder}/db.sqlite"}
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "flask", "--app", "helpwanted", "questionnaires", "check", str(file)],
            cwd=ROOT,
            capture_output=True,
            env=environment,
            check=False,
        )
        return time.perf_counter() - start


def main() -> None:
    cli = "--cli" in sys.argv
    print(f"{'tree':12} {'bytes':>10} {'wall s':>7} {'cpu s':>6} {'cli s':>6}  located  codes")
    for name, text in hostile_trees().items():
        wall, cpu, codes, located = _timed(name, text)
        cli_time = f"{_cli_seconds(name, text):6.2f}" if cli else "     -"
        size = len(text.encode("utf-8"))
        verdict = "yes" if located else "NO"
        print(f"{name:12} {size:10,} {wall:7.3f} {cpu:6.3f} {cli_time}  {verdict:7}  {' '.join(codes)}")


if __name__ == "__main__":
    main()
