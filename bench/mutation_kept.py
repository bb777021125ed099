"""Mutation testing of the kept visitor pages (visitor/kept.py, answer_rows.py, listing.py), by hand-written mutants.

Run (a minute or two):

    nice python bench/mutation_kept.py

Each mutant below changes one thing in a scratch copy of the project; the tests that hold a kept
page to a fresh render run against it. A mutant the tests pass on *survived*. The list covers each
part of a page's key and of the store's life: the context, the language, the minute, the channels,
the token and a visitor's own answers put in, the bound, what may be a key, the end of a minute's
pages, the advice page's answer rows (number, options, key, bound) and the home page's listing.
Every mutant must be killed: one that would change nothing a visitor can see does not belong here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).parent.parent
SCRATCH = Path("/tmp/helpwanted-kept-mutation")
COPY = ("helpwanted", "questionnaires", "translations", "tests", "pyproject.toml")
TESTS = [
    "tests/visitor/test_kept_pages.py",
    "tests/visitor/test_help_cache.py",
    "tests/editor/test_editor.py::test_publish_changes_what_new_visitors_see_and_old_visitors_finish_on_their_version",
    "tests/editor/test_editor.py::test_an_advice_page_shows_the_new_title_of_a_topic_it_points_to",
]
KEPT = "helpwanted/visitor/kept.py"
ROWS = "helpwanted/visitor/answer_rows.py"
MUTANTS = [  # (what it breaks, file, the text as written, the mutant)
    ("a page with a message kept", KEPT, 'or any(getattr(value, "errors", None)', "or any(False"),
    ("the minute", KEPT, " or kept.moment != moment:", ":"),
    ("the channels", KEPT, " or kept.channels is not known", ""),
    ("the language", KEPT, "return current_language(), request.root_path", 'return "nl", request.root_path'),
    ("the context", KEPT, "key = (template, state, *where)", "key = (template, *where)"),
    ("the token put in", KEPT, "return page.replace(_PLACEHOLDER, csrf_token())", "return page"),
    ("the bound", KEPT, "if len(kept.pages) >= MAX_KEPT:", "if False:"),
    ("a tree's version", KEPT, 'return "tree", value.id, value.version', 'return "tree", value.id'),
    ("a node", KEPT, 'return "node", value.id', 'return "node"'),
    (
        "the earlier answer",
        KEPT,
        'return "answer", tuple(chosen) if isinstance(chosen, list) else chosen',
        'return "answer", None',
    ),
    ("a list's items", KEPT, "return tuple(_part(item) for item in value)", "return len(value)"),
    (
        "a value keyed by identity",
        KEPT,
        'raise TypeError(f"a kept page',
        'return value\n    raise TypeError(f"a kept page',
    ),
    ("the template", KEPT, "key = (template, state, *where)", "key = (state, *where)"),
    ("the pinned clock", KEPT, "with pinned_clock(kept.moment):", "with pinned_clock(now()):"),
    (
        "a visitor's answers left out",
        KEPT,
        "placeholders = {name: Markup(_own_placeholder(name)) for name in holes}",
        "placeholders = dict.fromkeys(holes, Markup())",
    ),
    ("a visitor's answers put in", KEPT, "page = page.replace(_own_placeholder(name), html)", "pass"),
    (
        "the advice's steps in the key",
        "helpwanted/visitor/views.py",
        "advice=Built(shown_steps(outcome, answers),",
        "advice=Built(None,",
    ),
    ("a built value's key", KEPT, 'return "built", _part(value.key)', 'return "built"'),
    ("the minute's pages dropped", KEPT, "        _forget_after_this_minute(app, kept)\n", ""),
    (
        "a later minute's pages dropped",
        KEPT,
        'if over and app.extensions.get("helpwanted.kept_pages") is kept:',
        "if over:",
    ),
    ("the app's clock at the timer", KEPT, "if over and app.extensions", "if app.extensions"),
    ("an answer's step number", ROWS, "row.html.replace(_NUMBER, str(number))", "row.html"),
    ("an answer's options", ROWS, ".replace(_LABELS, chosen)", '.replace(_LABELS, "")'),
    ("the rows' version", ROWS, "key = (tree.id, tree.version, language,", "key = (tree.id, language,"),
    (
        "the rows' content language",
        ROWS,
        "tree.version, language, current_language()",
        "tree.version, current_language()",
    ),
    (
        "the rows' interface language",
        ROWS,
        "language, current_language(), request.root_path)",
        "language, request.root_path)",
    ),
    ("the rows' bound", ROWS, "if len(kept) >= MAX_KEPT:", "if False:"),
    ("the listing read again", "helpwanted/listing.py", "time.monotonic() - kept.read_at <", "0 <"),
    (
        "the listing kept",
        "helpwanted/listing.py",
        'app.extensions["helpwanted.hidden_trees"] = _Hidden',
        "_Hidden",
    ),
    ("a listing change forgotten", "helpwanted/editor/lifecycle.py", "    listing.forget()", "    pass"),
]


def main() -> int:
    """Run every mutant; exit 1 when one survived."""
    if SCRATCH.exists():
        shutil.rmtree(SCRATCH)
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, SCRATCH / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, SCRATCH / name)
    (SCRATCH / "instance").mkdir()  # the app's instance folder (the channels editor writes there)
    # The project is installed in editable mode: without site (-S) its import hook cannot point the
    # tests at the original code; site-packages on PYTHONPATH keeps the libraries.
    env = {**os.environ, "PYTHONPATH": f"{SCRATCH}:{sysconfig.get_paths()['purelib']}"}
    command = [sys.executable, "-S", "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
    unmutated = subprocess.run(command, cwd=SCRATCH, env=env, capture_output=True, text=True)
    if unmutated.returncode != 0:
        print(unmutated.stdout[-2000:])
        return 1
    killed = 0
    for what, path, text, mutant in MUTANTS:
        file = SCRATCH / path
        original = file.read_text(encoding="utf-8")
        if original.count(text) != 1:
            raise SystemExit(f"{what}: the text is not in {path} exactly once")
        file.write_text(original.replace(text, mutant), encoding="utf-8")
        try:
            result = subprocess.run(command, cwd=SCRATCH, env=env, capture_output=True, text=True)
        finally:
            file.write_text(original, encoding="utf-8")
        survived = result.returncode == 0
        killed += not survived
        print(f"{'survived' if survived else 'killed':8} {what}")
    print(f"{killed} of {len(MUTANTS)} killed")
    return 0 if killed == len(MUTANTS) else 1


if __name__ == "__main__":
    sys.exit(main())
