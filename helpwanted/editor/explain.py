"""Checker problems in the interface language: what is wrong, in plain words, and how to fix it.

The checker speaks English to developers (`file:line: message [code]`); content staff get, per
code, a translated explanation and the fix. The checker's own message stays available as the
technical detail (it names the ids involved).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from ..questionnaire import Problem, Severity
from .problem_texts import message

EXPLANATIONS: dict[str, tuple[LazyString, LazyString]] = {
    "yaml": (_l("The text is not valid YAML."), _l("Check the quotes, colons and indentation on this line.")),
    "schema": (
        _l("A value is of the wrong kind, or a required part is missing."),
        _l("Compare with the format description: a text needs nl and en, a step needs either text or block."),
    ),
    "unknown-key": (_l("A name the format does not know, often a typo."), _l("Correct the spelling or remove it.")),
    "duplicate-id": (_l("Two boxes or two answers have the same id."), _l("Give each one its own id.")),
    "missing-start": (_l("The questionnaire does not say where it starts."), _l("Add start: with the first id.")),
    "unknown-target": (
        _l("An answer leads to a box that does not exist."),
        _l("Choose an existing box under \u201cleads to\u201d."),
    ),
    "unreachable": (_l("No visitor can ever reach this box."), _l("Let an answer lead here, or remove the box.")),
    "dead-end": (
        _l("A visitor would get stuck here: no way on, or fewer than two answers."),
        _l("Add answers or choose where it leads."),
    ),
    "option-without-route": (
        _l("This answer does not lead anywhere."),
        _l("Choose under \u201cleads to\u201d where this answer goes."),
    ),
    "no-default-route": (
        _l("Every route has a condition, so some visitors have nowhere to go."),
        _l("End the list of routes with one without a condition."),
    ),
    "cycle": (_l("A loop: a visitor could go round for ever."), _l("Make one of the answers lead further on.")),
    "unknown-question": (_l("A condition names a question that does not exist."), _l("Correct the question id.")),
    "unknown-option": (_l("A condition names an answer that does not exist."), _l("Correct the answer id.")),
    "condition-never-holds": (
        _l("This condition can never be true on the way to this place."),
        _l("Check the answers it names, or remove the condition."),
    ),
    "unknown-block": (_l("A step names a shared block that does not exist."), _l("Correct the block name.")),
    "unused-block": (_l("A shared block is not used anywhere."), _l("Use it in an outcome, or remove it.")),
    "missing-required-block": (
        _l("An advice page lacks a text that every advice page must have."),
        _l("Add the required block as a step."),
    ),
    "missing-tag": (
        _l("An advice page lacks its topic or urgency for the reports."),
        _l("Add tags: topic and urgency (urgent, high or normal)."),
    ),
    "missing-translation": (
        _l("A text is missing in one of the languages."),
        _l("Fill in the empty language next to it."),
    ),
    "unknown-language": (_l("A text has a language the site does not offer."), _l("Remove that language.")),
    "unsafe-markdown": (
        _l("The text contains HTML, an image or an unsafe link."),
        _l("Use plain text; links must start with https:, mailto: or tel:."),
    ),
    "no-safety-interrupt": (
        _l("The first question is not the safety question (\u201cAre you in danger now?\u201d)."),
        _l("Start with a question marked safety: true."),
    ),
    "safety-without-urgent-help": (
        _l("The safety question has no answer leading straight to urgent help."),
        _l("Let its \u201cyes\u201d answer lead to an outcome tagged urgency: urgent."),
    ),
    "scenario-failed": (
        _l("A test scenario no longer ends where it should."),
        _l("Check the route, or update the scenario's answers or expected outcome."),
    ),
    "outcome-without-scenario": (
        _l("No test scenario reaches this advice page."),
        _l("Add a scenario with the answers that lead here."),
    ),
    "unknown-contact": (_l("A step names a help channel that does not exist."), _l("Choose an existing channel.")),
    "unknown-questionnaire": (
        _l("\u201cSee also\u201d names a questionnaire that does not exist."),
        _l("Correct the questionnaire id."),
    ),
    "long-sentence": (
        _l("A sentence of more than 20 words is hard to read for many young people."),
        _l("Split it into two shorter sentences."),
    ),
    "long-paragraph": (_l("A paragraph of more than 4 sentences."), _l("Split it, or make a list.")),
    "stale-translation": (
        _l("The Dutch text changed but this translation did not."),
        _l("Update the translation so it says the same."),
    ),
    "bidi-control": (
        _l("The text holds an invisible character that turns the direction of the text around."),
        _l("Type the text again without copying it, or remove the character."),
    ),
    "not-utf8": (
        _l("The file was saved in another encoding than UTF-8 (often Latin-1 or Windows-1252)."),
        _l("Save it as UTF-8 in your editor, or type the character again."),
    ),
    "control-character": (
        _l("The text holds an invisible control character (often from copying)."),
        _l("Type the text again without copying it, or remove the character."),
    ),
    "check-timeout": (
        _l("The questionnaire is too large or too complex to check."),
        _l("Make it smaller: split it into two questionnaires."),
    ),
    "too-large": (_l("The questionnaire or a text is larger than allowed."), _l("Make it shorter.")),
    "too-many-problems": (
        _l("There are so many problems that not all are shown."),
        _l("Fix the ones shown, then check again."),
    ),
    "invalid-id": (
        _l("An id has characters that are not allowed."),
        _l("Use small letters, digits, '-' or '_'."),
    ),
    "delete-before-evidence": (
        _l("The advice says to delete before it says to keep evidence, report or block."),
        _l("Put the steps in this order: evidence, report, block, then delete."),
    ),
    "first-steps": (
        _l(
            "The advice page needs one to three short steps under \u201cDo this first\u201d, "
            "and a phone must show them without scrolling."
        ),
        _l(
            "Put the most important steps under \u201cDo this first\u201d (at most three). Start each with one "
            "short action in bold; the rest of the step opens from it. Shorten a long title or introduction."
        ),
    ),
    "hard-word": (_l("A word that is hard for many young people."), _l("Use the plainer word suggested.")),
    "image-copy": (
        _l("The text may tell the visitor to copy the image itself."),
        _l("Say what to capture (names, dates, messages) and leave the image out."),
    ),
    "no-reassurance": (
        _l("The advice page does not always say it is not the visitor's fault."),
        _l("Add the shared block that says so as a step."),
    ),
    "no-talk-to-someone": (
        _l("The advice page does not always tell the visitor to talk to someone."),
        _l("Add the shared block that says so, with a help channel."),
    ),
    "promise": (
        _l("The text promises something nobody can promise (for example that an image is gone for good)."),
        _l("Say what is likely, not what is certain."),
    ),
    "urgent-dead-end": (
        _l("The urgent help page lacks help channels at the top, or a way on to the advice."),
        _l("Add contacts to a step under \u201cDo this first\u201d and a \u201csee also\u201d."),
    ),
    "under18-channel": (
        _l("A help line for under-18s is offered to a visitor who may be 18 or older."),
        _l("Show the step only when the visitor is under 18, or start it with \u201cAre you under 18?\u201d."),
    ),
}


@dataclass(frozen=True)
class Explained:
    """One problem, ready for a content editor."""

    problem: Problem
    severity: str
    explanation: str
    fix: str
    message: str

    @property
    def is_error(self) -> bool:
        """Whether it stops publication."""
        return self.problem.severity is Severity.ERROR


def explain(problem: Problem) -> Explained:
    """The problem with its translated severity, explanation and fix."""
    explanation, fix = EXPLANATIONS.get(
        problem.code, (_l("The checker found a problem here."), _l("Read the technical detail below."))
    )
    severity = gettext("Error") if problem.severity is Severity.ERROR else gettext("Warning")
    return Explained(problem, severity, str(explanation), str(fix), message(problem))


def count_problems(errors: int, warnings: int) -> str:
    """'1 error, 2 warnings' with the right plural in the interface language."""
    found_errors = str(ngettext("%(num)d error", "%(num)d errors", errors))
    return found_errors + ", " + str(ngettext("%(num)d warning", "%(num)d warnings", warnings))


def describe_key(key: str) -> str:
    """A text's key as the form names the field: 'node:what:option:received:label' → 'Answer received'."""
    parts = key.split(":")
    if key == "title":
        return str(gettext("Title on the home page"))
    if key == "summary":
        return str(gettext("Summary on the home page"))
    if parts[0] == "block" and len(parts) == 2:
        return str(gettext("Shared block %(id)s", id=parts[1]))
    if parts[0] != "node" or len(parts) < 3:
        return key
    rest = parts[2:]
    if rest[0] == "option" and len(rest) == 3:
        name = gettext("Answer") if rest[2] == "label" else gettext("Hint under the answer")
        return f"{name} {rest[1]}"
    if rest[0] in ("step", "first") and len(rest) == 2:
        template = "Step %(n)s" if rest[0] == "step" else "Do this first, step %(n)s"
        return str(gettext(template, n=rest[1]))
    return str({"title": gettext("Title"), "text": gettext("Text")}.get(rest[0], " ".join(rest)))
