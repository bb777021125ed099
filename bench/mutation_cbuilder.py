"""Mutation testing of the YAML builder in C (cbuilder.pyx), by a fixed list of hand-written mutants.

Run (needs Cython and a C compiler, as the install does; a few minutes):

    pip install 'Cython==3.3.0'
    nice python bench/mutation_cbuilder.py

mutmut mutates Python only, so this script does for the Cython module what it does for the rest of
the engine: each mutant below changes one thing in a scratch copy, the module is compiled again, and
the tests that hold the C builder to the Python one (tests/questionnaire/test_cbuilder.py, the YAML
tests with each builder) run against it. A mutant the tests pass on *survived*. The list covers each
rule of the builder: the counts and the time budget, the limits, tags, aliases, keys, duplicates,
documents, plain scalars, places, and libyaml's errors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).parent.parent
SCRATCH = Path("/tmp/helpwanted-cmutation")
COPY = ("helpwanted", "questionnaires", "tests/__init__.py", "tests/questionnaire", "setup.py", "pyproject.toml")
TESTS = [
    "tests/questionnaire/test_cbuilder.py",
    "tests/questionnaire/test_yaml.py",
    "tests/questionnaire/test_yaml_details.py",
    "tests/questionnaire/test_hostile.py",
]
MUTANTS = [  # (what it breaks, the text as written, the mutant)
    ("the value count", "        self.values += 1\n", "        self.values += 2\n"),
    ("the value limit", "if self.values > self.max_values:", "if self.values > self.max_values + 1:"),
    ("the budget's tick", "if self.values % self.stop_every == 0:", "if self.values % self.stop_every == 1:"),
    ("the next stop", "(self.values // self.stop_every + 1)", "(self.values // self.stop_every + 2)"),
    ("the depth limit", "if depth >= self.max_depth:", "if depth > self.max_depth:"),
    ("the nesting", "return self.mapping(position, depth + 1)", "return self.mapping(position, depth)"),
    ("a refused tag", "if name not in self.allowed_tags:", "if name in self.allowed_tags:"),
    ("an alias", '            self.issues.append(self.issue("yaml.alias"))\n', ""),
    ("an alias's count", 'alias"))\n            self.count()\n', 'alias"))\n'),
    ("a later document", '                    self.issues.append(self.issue("yaml.documents"))\n', ""),
    ("the first document only", "                    break\n", "                    pass\n"),
    ("a repeated key", "            if key in marks:", "            if False:"),
    ("a key that is no word", "if isinstance(key, int) and not isinstance(key, bool):", "if True:"),
    ("a key's interning", "                return _interned(key)\n", "                return key\n"),
    ("a plain word", "        if special != NULL:\n", "        if False:\n"),
    ("a plain number", "            return int(value)\n", "            return value\n"),
    ("a number's sign", 'first == b"+" or ', ""),
    (
        "a quoted scalar",
        "        if data.style != YAML_PLAIN_SCALAR_STYLE and",
        "        if data.style == YAML_PLAIN_SCALAR_STYLE and",
    ),
    ("a line", "PyLong_FromSsize_t(mark.line + 1)", "PyLong_FromSsize_t(mark.line)"),
    ("a place's column", "PyLong_FromSsize_t(mark.column + 1)", "PyLong_FromSsize_t(mark.column + 2)"),
    ("a value kept", "PyDict_SetItem(mapping, key, item)", "PyDict_SetItem(mapping, key, None)"),
    ("a column", "mark.column = place.column", "mark.column = place.column + 1"),
    (
        "a key's place",
        "                mark.key_line = key_place.line\n",
        "                mark.key_line = mark.line\n",
    ),
    (
        "an item's place",
        "            marks.append(_mark(self.event.start_mark))\n",
        "            marks.append(_mark(self.parser.problem_mark))\n",
    ),
    ("an error's context", "            context = parser.context.decode()\n", "            context = None\n"),
    (
        "a refused character",
        "parser.problem_offset, parser.problem_value",
        "parser.problem_offset + 1, parser.problem_value",
    ),
]


def _prepare() -> Path:
    shutil.rmtree(SCRATCH, ignore_errors=True)
    for name in COPY:
        source, target = ROOT / name, SCRATCH / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.so", "cbuilder.c"))
        else:
            shutil.copy2(source, target)
    return SCRATCH


def _environment() -> dict[str, str]:
    # Without `site` (-S) the editable install's import hook cannot hand the tests the original module.
    return {**os.environ, "PYTHONPATH": f"{SCRATCH}{os.pathsep}{sysconfig.get_paths()['purelib']}"}


def _build() -> bool:
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--inplace"], cwd=SCRATCH, capture_output=True, text=True
    )
    return result.returncode == 0


def _tests_pass() -> bool:
    command = [sys.executable, "-S", "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    try:
        result = subprocess.run(command, cwd=SCRATCH, env=_environment(), capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:  # a mutant that never ends (as mutmut, counted as killed)
        return False
    return result.returncode == 0


def main() -> None:
    folder = _prepare()
    pyx = folder / "helpwanted" / "questionnaire" / "cbuilder.pyx"
    original = pyx.read_text()
    if not (_build() and _tests_pass()):
        raise SystemExit("bench/mutation_cbuilder.py: the unmutated module does not build or pass its tests")
    killed = 0
    for what, written, mutant in MUTANTS:
        if original.count(written) != 1:
            raise SystemExit(f"bench/mutation_cbuilder.py: {written!r} is not in cbuilder.pyx once; update MUTANTS")
        pyx.write_text(original.replace(written, mutant))
        status = "killed (does not build)" if not _build() else ("survived" if _tests_pass() else "killed")
        killed += status.startswith("killed")
        print(f"{status:24} {what}", flush=True)
    pyx.write_text(original)
    print(f"cbuilder: {len(MUTANTS)} mutants, {killed} killed, {len(MUTANTS) - killed} survived")


if __name__ == "__main__":
    main()
