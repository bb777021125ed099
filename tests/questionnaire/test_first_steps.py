"""An outcome's "do this first" steps: loaded, checked like steps, and given apart from the rest."""

from __future__ import annotations

from helpwanted.questionnaire import SourceText, advice_parts, advice_steps, check_source
from helpwanted.questionnaire.engine import Progress, walk

from .helpers import EXAMPLE, broken, check, codes

ANSWERS = {"safety": ("no",), "about": (), "where": ("chat",), "age": ("under18",)}


def test_first_steps_come_apart_from_the_rest_and_first_in_the_full_list() -> None:
    tree, problems = check_source(SourceText("example", "example.yaml", EXAMPLE))
    assert tree is not None and not problems.has_errors, [str(p) for p in problems]
    outcome = walk(tree, Progress(tree.id, tree.version, ANSWERS)).current
    assert outcome.id == "chat-advice"
    first, rest = advice_parts(tree, outcome, ANSWERS)
    assert [s.text.get("en")[:15] for s in first if s.text] == ["Take screenshot", "Block the perso", "Talk about it w"]
    assert [s.text.get("en")[:15] for s in rest if s.text] == ["Also tell a par", "It is **not you"]
    assert advice_steps(tree, outcome, ANSWERS) == first + rest


def test_first_steps_are_checked_like_steps() -> None:
    bad = broken(
        '    first:\n      - block: evidence\n      - text: {nl: "Blokkeer',
        '    first:\n      - block: evidense\n      - text: {nl: "Blokkeer',
    )
    assert "unknown-block" in codes(check(bad))


def test_a_required_block_may_stand_in_first() -> None:
    end = "    steps:\n      - block: not-your-fault\n\nscenarios:"
    moved = broken(end, "      - block: not-your-fault\n\nscenarios:")
    assert "missing-required-block" not in codes(check(moved))
    dropped = broken(end, "\nscenarios:")
    assert "missing-required-block" in codes(check(dropped))
