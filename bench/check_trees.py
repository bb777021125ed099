"""Benchmark the checker: one generated 2,000-node tree, 20 realistic trees, and the shipped trees.

Run: python bench/check_trees.py
Reports seconds (best of several runs) and, as the machine-independent figures, the ratios to two
baselines measured in the same run: plain `yaml.safe_load` of the same text (PyYAML's pure-Python
loader), and reading libyaml's events as PyYAML's C parser makes them (`yaml.CSafeLoader(text).get_event`
in a loop that does nothing else: the least any reader built on PyYAML's C parser pays, before it
builds a single value). The load average is printed before and after: on a busy machine only the ratios mean
something.
The 2,000-node tree (tests/questionnaire/generated.py) reaches every node since session 5: 1,700 questions,
300 outcomes, two languages, a fifth of the questions with a conditional route.
Targets (issue 2): a 2,000-node tree checked in under 0.2 s; loading all shipped trees adds under
0.3 s to start-up.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from helpwanted.contacts import load_channels  # noqa: E402
from helpwanted.questionnaire import DirectorySource, SourceText, check_source, load_catalog  # noqa: E402
from tests.questionnaire.generated import generate_tree  # noqa: E402


def best(function: Callable[[], object], runs: int = 5) -> float:
    """The fastest of several runs, in seconds (the least disturbed by a noisy machine)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _load() -> str:
    return "load average " + " ".join(f"{figure:.2f}" for figure in os.getloadavg())


def events(texts: list[str]) -> Callable[[], None]:
    """Read libyaml's events for each text, as PyYAML's C parser makes them, and nothing else."""

    def read() -> None:
        for text in texts:
            get_event = yaml.CSafeLoader(text).get_event
            while get_event() is not None:
                pass

    return read


def main() -> None:
    print(_load())
    big = generate_tree(random.Random(1), questions=1_700, outcomes=300)
    big_source = SourceText("big", "big.yaml", big)
    tree, problems = check_source(big_source, budget=None)  # measured here, not cut off by the budget
    assert tree is not None and len(tree.nodes) == 2_001, len(tree.nodes)
    assert not problems.has_errors
    realistic = [SourceText(f"q{i}", f"q{i}.yaml", generate_tree(random.Random(i), 8, 6)) for i in range(20)]
    channels = frozenset(load_channels(ROOT / "helpwanted" / "help_channels.yaml"))
    shipped = list(DirectorySource(ROOT / "questionnaires").read())

    results = [
        (
            "2,000-node tree",
            best(lambda: check_source(big_source, budget=None)),
            best(lambda: yaml.safe_load(big)),
            best(events([big])),
            0.2,
        ),
        (
            "20 realistic trees",
            best(lambda: load_catalog(realistic)),
            best(lambda: [yaml.safe_load(s.text) for s in realistic]),
            best(events([s.text for s in realistic])),
            None,
        ),
        (
            "shipped trees (start-up)",
            best(lambda: load_catalog(shipped, ("nl", "en"), channels)),
            best(lambda: [yaml.safe_load(s.text) for s in shipped]),
            best(events([s.text for s in shipped])),
            0.3,
        ),
    ]
    print(f"{'what':28} {'seconds':>8} {'× yaml.safe_load':>17} {'× libyaml events':>17}  target")
    for name, seconds, baseline, floor, target in results:
        verdict = "" if target is None else (f"< {target} s " + ("ok" if seconds < target else "MISSED"))
        print(f"{name:28} {seconds:8.3f} {seconds / baseline:17.2f} {seconds / floor:17.2f}  {verdict}")
    print(_load())


if __name__ == "__main__":
    main()
