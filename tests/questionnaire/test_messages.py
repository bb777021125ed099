"""Every checker message, as an editor reads it: the English templates rendered with sample arguments.

The messages are the editor's interface to the checker, so a changed word is a change to review like any
text: `messages.golden.txt` holds every message rendered with its arguments named `<argument>`, and every
kind name. After changing a message on purpose, write the file again and read its diff:

    HELPWANTED_WRITE_GOLDEN=1 pytest tests/questionnaire/test_messages.py
"""

from __future__ import annotations

import os
import string
from pathlib import Path

from helpwanted.questionnaire.messages import KIND_NAMES, MESSAGES, code_of, render_message

GOLDEN = Path(__file__).parent / "messages.golden.txt"


def _sample(template: str) -> dict[str, str]:
    """Each argument of the template as `<name>`; a kind as a question, to show its name."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {name: "question" if name == "kind" else f"<{name}>" for name in names}


def rendered() -> str:
    """Every message id with its rendered English message, then every kind with its name."""
    lines = [f"{message_id}: {render_message(message_id, _sample(t))}" for message_id, t in MESSAGES.items()]
    lines += [f"kind {kind}: {name}" for kind, name in KIND_NAMES.items()]
    return "".join(f"{line}\n" for line in sorted(lines))


def test_every_message_reads_as_reviewed() -> None:
    if os.environ.get("HELPWANTED_WRITE_GOLDEN"):
        GOLDEN.write_text(rendered(), encoding="utf-8")
    assert rendered() == GOLDEN.read_text(encoding="utf-8")


def test_the_code_is_the_part_before_the_first_dot() -> None:
    assert code_of("unknown-target.start") == "unknown-target"
    assert code_of("scenario-failed.no-answer") == "scenario-failed"
    assert code_of("cycle") == "cycle"


def test_a_missing_template_falls_back_to_english() -> None:
    dutch = {"unknown-target": "{node!r} leidt naar {target!r}, die niet bestaat"}
    assert render_message("dead-end", {"node": "age"}, dutch) == "'age' has no 'next'"
    assert render_message("dead-end", {"node": "age"}, {"dead-end": ""}) == "'age' has no 'next'"


def test_a_kind_missing_from_the_callers_table_is_named_in_english() -> None:
    dutch = {"schema.mapping": "{kind} moet een mapping zijn"}
    kinds = {"question": "een vraag"}
    assert render_message("schema.mapping", {"kind": "question"}, dutch, kinds) == "een vraag moet een mapping zijn"
    assert render_message("schema.mapping", {"kind": "option"}, dutch, kinds) == "an option moet een mapping zijn"
    assert render_message("schema.mapping", {"kind": "option"}, dutch, {"option": ""}) == "an option moet een mapping zijn"
    assert render_message("schema.mapping", {"kind": "thing"}, dutch, kinds) == "thing moet een mapping zijn"
