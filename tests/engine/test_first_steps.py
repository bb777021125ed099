"""An outcome's "do this first" steps: loaded, checked like steps, and given apart from the rest."""

from __future__ import annotations

from helpwanted.questionnaire import SourceText, advice_parts, advice_steps, check_source
from helpwanted.questionnaire.engine import Progress, walk

from .helpers import EXAMPLE, broken, check, codes

FIRST = """    steps:
      - block: evidence
      - text: {nl: "Blokkeer de persoon in de app.", en: "Block the person in the app."}"""
WITH_FIRST = """    first:
      - block: evidence
    steps:
      - text: {nl: "Blokkeer de persoon in de app.", en: "Block the person in the app."}"""


def test_first_steps_come_apart_from_the_rest_and_first_in_the_full_list() -> None:
    tree, problems = check_source(SourceText("example", "example.yaml", broken(FIRST, WITH_FIRST)))
    assert tree is not None and not problems.has_errors, [str(p) for p in problems]
    answers = {"safety": ("no",), "about": (), "where": ("chat",), "age": ("under18",)}
    outcome = walk(tree, Progress(tree.id, tree.version, answers)).current
    assert outcome.id == "chat-advice"
    first, rest = advice_parts(tree, outcome, answers)
    assert [s.text.get("en") for s in first if s.text] == ["Take screenshots of the messages, with the date and time."]
    assert rest[0].text is not None and rest[0].text.get("en") == "Block the person in the app."
    assert advice_steps(tree, outcome, answers) == first + rest


def test_first_steps_are_checked_like_steps() -> None:
    bad = broken(FIRST, WITH_FIRST.replace("block: evidence", "block: no-such-block"))
    assert "unknown-block" in codes(check(bad))


def test_a_required_block_may_stand_in_first() -> None:
    game = """    see_also: [example]
    steps:
      - block: evidence
      - text: {nl: "Meld de speler bij de [makers van de game](https://example.org).", en: "Report the player to the [game's makers](https://example.org)."}
      - block: not-your-fault"""
    assert game in EXAMPLE
    moved = broken(
        game, game.replace("    steps:", "    first:\n      - block: not-your-fault\n    steps:").rsplit("\n", 1)[0]
    )
    assert "missing-required-block" not in codes(check(moved))
    dropped = broken(game, game.rsplit("\n", 1)[0])
    assert "missing-required-block" in codes(check(dropped))
