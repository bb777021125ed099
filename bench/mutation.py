"""Mutation testing of the engine, one module at a time (issue 9): do the tests notice a changed line?

Run (it is CPU-heavy: one module at a time, niced):

    pip install 'mutmut==3.8.1'
    nice python bench/mutation.py flow scenarios        # modules of helpwanted/questionnaire/
    nice python bench/mutation.py --all                 # every engine module, one after the other
    nice python bench/mutation.py yamlsource --only '*ǁ_Builderǁvalue__*'   # some functions' mutants only

Each module is mutated in its own scratch copy (/tmp/helpwanted-mutation/MODULE), tested with
tests/questionnaire and tests/content, and summarised as killed / survived / score. The surviving
mutants are written to /tmp/helpwanted-mutation/MODULE/survivors.txt (with `mutmut show NAME` in
that folder for the diff). docs/mutation-testing.md lists the survivors we keep, and why.

The project is installed in editable mode, and that import hook would let the tests import the
original code instead of the mutants; so mutmut runs without `site` (-S), with site-packages on
PYTHONPATH instead, which keeps the installed libraries but not the hook.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from mutmut.stats import status_by_exit_code

ROOT = Path(__file__).parent.parent
ENGINE = ROOT / "helpwanted" / "questionnaire"
SCRATCH = Path("/tmp/helpwanted-mutation")
COPY = ("helpwanted", "docs", "questionnaires", "tests/__init__.py", "tests/questionnaire", "tests/content")
CONFIG = """
[tool.mutmut]
source_paths = ["helpwanted"]
only_mutate = ["helpwanted/questionnaire/{module}.py"]
pytest_add_cli_args_test_selection = ["tests/questionnaire", "tests/content"]
pytest_add_cli_args = ["-q", "-x", "-p", "no:cacheprovider", {deselect}]
also_copy = ["docs", "questionnaires"]
"""
LEFT_OUT = (
    # needs the Flask app (tests/conftest.py's client), which the scratch copy leaves out: a page, not the engine
    "tests/content/test_new_situations.py::test_the_home_page_lists_the_entry_for_someone_else",
    # fuzzing for exceptions (25 s together): a surviving mutant would run them every time, and what they
    # guard (no exception, a located error) is asserted for each wrong shape by tests/questionnaire/test_hostile.py
    "tests/questionnaire/test_properties.py::test_check_never_raises_on_wrongly_shaped_documents",
    "tests/questionnaire/test_properties.py::test_a_wrong_shape_anywhere_is_a_located_error_never_an_exception",
    "tests/questionnaire/test_properties.py::test_check_never_raises_on_truncated_yaml",
    "tests/questionnaire/test_properties.py::test_check_never_raises_on_arbitrary_text",
    # the builder in C against the Python one on random texts (20 s); the YAML tests run with each builder
    "tests/questionnaire/test_cbuilder.py::test_both_builders_agree_on_any_text",
    "tests/questionnaire/test_cbuilder.py::test_both_builders_agree_on_a_damaged_example",
)
DESELECT = ", ".join(f'"--deselect", "{test}"' for test in LEFT_OUT)
BUDGET = ("CHECK_BUDGET_SECONDS = 0.8\n", "CHECK_BUDGET_SECONDS = 30.0  # mutation testing: see bench/mutation.py\n")
"""The scratch copy's time budget per file. mutmut sends every call of the mutated module through a
trampoline that records or chooses the mutant; on yamlsource (a call per YAML value) that makes the
200,000-value file of test_hostile.py take over 0.8 s of processor time, so it ends in check-timeout
instead of too-large and mutmut's first, unmutated run fails: every mutant was left "not checked".
The tests of the budget itself give their own deadlines, so none of them reads this figure."""
CONFTEST = '''"""Written by bench/mutation.py into the scratch copy: the engine's caches emptied before each test.

mutmut forks each mutant's test run from a process that has already run the suite, so a cached
result (the compiled content rules, a text made plain) would hide every mutant of the code that
computed it: `rules._any` showed 10 survivors that no test could kill.
"""

from __future__ import annotations

import pytest

from helpwanted.questionnaire import rules


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    for cached in (rules.site_rules, rules.plain, rules.sentences):
        cached.cache_clear()
'''
DEFAULT_MODULES = sorted(p.stem for p in ENGINE.glob("*.py") if p.stem not in ("__init__", "catalog", "rules"))


def _prepare(module: str) -> Path:
    folder = SCRATCH / module
    shutil.rmtree(folder, ignore_errors=True)
    for name in COPY:
        source, target = ROOT / name, folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    limits = folder / "helpwanted" / "questionnaire" / "limits.py"
    text = limits.read_text()
    if BUDGET[0] not in text:
        raise SystemExit(f"bench/mutation.py: {BUDGET[0].strip()!r} not found in limits.py; update BUDGET")
    limits.write_text(text.replace(*BUDGET))
    (folder / "tests" / "conftest.py").write_text(CONFTEST)
    pyproject = (ROOT / "pyproject.toml").read_text()
    (folder / "pyproject.toml").write_text(pyproject + CONFIG.format(module=module, deselect=DESELECT))
    return folder


def _mutmut(folder: Path, *args: str) -> str:
    environment = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    result = subprocess.run(
        [sys.executable, "-S", "-m", "mutmut", *args], cwd=folder, env=environment, capture_output=True, text=True
    )
    return result.stdout + result.stderr


def run(module: str, only: list[str]) -> dict[str, int]:
    """Mutate one module (only the mutants matching the `only` globs, when given); the counts by status."""
    folder = _prepare(module)
    _mutmut(folder, "run", *only)
    meta = folder / "mutants" / "helpwanted" / "questionnaire" / f"{module}.py.meta"
    exit_codes = json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}
    chosen = {k: v for k, v in exit_codes.items() if not only or any(fnmatch.fnmatch(k, o) for o in only)}
    statuses = [status_by_exit_code[code] for code in chosen.values()]
    stats = {status.replace(" ", "_"): statuses.count(status) for status in set(statuses)} | {"total": len(chosen)}
    survivors = sorted(k for k, v in chosen.items() if status_by_exit_code[v] == "survived")
    (folder / "survivors.txt").write_text("".join(f"{name}\n" for name in survivors))
    return stats


def main() -> None:
    arguments = sys.argv[1:]
    only = [arguments[i + 1] for i, a in enumerate(arguments) if a == "--only"]  # e.g. --only '*ǁ_Builderǁvalue*'
    named = [a for i, a in enumerate(arguments) if not a.startswith("-") and (i == 0 or arguments[i - 1] != "--only")]
    modules = DEFAULT_MODULES if "--all" in arguments else named
    columns = ("mutants", "killed", "survived", "timeout", "no tests", "not run", "score")
    print(f"{'module':12} " + " ".join(f"{c:>8}" for c in columns))
    for module in modules:
        stats = run(module, only)
        total, killed = stats.get("total", 0), stats.get("killed", 0) + stats.get("timeout", 0)
        score = f"{100 * killed / total:5.1f}%" if total else "    -"
        print(
            f"{module:12} {total:7} {stats.get('killed', 0):6} {stats.get('survived', 0):8} "
            f"{stats.get('timeout', 0):7} {stats.get('no_tests', 0):8} {stats.get('not_checked', 0):7} {score:>6}",
            flush=True,
        )


if __name__ == "__main__":
    main()
