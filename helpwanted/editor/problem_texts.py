"""The checker's messages in the interface language (Flask-Babel), from the engine's message ids and arguments.

Generated from helpwanted.questionnaire.MESSAGES (English); the Dutch is in translations/nl. A message
id the engine adds later falls back to its English template until it is added here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..questionnaire import Problem
from ..questionnaire.messages import render_message

TEMPLATES = {
    "yaml.key": _l("a key must be a plain word"),
    "yaml.duplicate-key": _l("duplicate key {key!r}"),
    "yaml.tag": _l("tags such as {tag!r} are not supported"),
    "yaml.alias": _l("aliases (*name) are not supported; use a block for reuse"),
    "yaml.documents": _l("one file holds one questionnaire: remove the '---'"),
    "yaml.tab": _l("a tab in the indentation: indent with spaces"),
    "not-utf8": _l(
        "the file is not UTF-8 here: a byte that is not UTF-8 became {codepoint}, the replacement character; "
        "save the file as UTF-8 (or type the character again)"
    ),
    "too-large.bytes": _l("the file has more than {limit} bytes"),
    "too-large.values": _l("the file holds more than {limit} values"),
    "too-large.depth": _l("values are nested more than {limit} levels deep"),
    "too-large.nodes": _l("the questionnaire has {count} nodes; at most {limit} are allowed"),
    "too-large.text": _l("{language}: the text has {count} characters; at most {limit} are allowed"),
    "too-many-problems": _l(
        "{dropped} more problems are not shown (at most {limit}): fix these first, then check again"
    ),
    "check-timeout": _l(
        "checking stopped here after {seconds} seconds of work: the questionnaire is too large or too complex"
    ),
    "schema.mapping": _l("{kind} must be a mapping"),
    "schema.required": _l("{kind} needs {key!r}"),
    "schema.word": _l("{key!r} must be a word"),
    "schema.flag": _l("{key!r} must be true or false"),
    "schema.text": _l("{key!r} must give a text per language, like {{nl: …, en: …}}"),
    "schema.text-value": _l("the {language!r} text must be text"),
    "schema.when": _l("'when' must map question ids to option ids"),
    "schema.when-options": _l("'when' lists option ids"),
    "schema.next": _l("'next' must be a node id or a list of routes"),
    "schema.step": _l("a step has either 'text' or 'block'"),
    "schema.ids": _l("{key!r} must be a list of ids"),
    "schema.list": _l("{key!r} must be a list"),
    "schema.type": _l("a node needs 'type': question, info or outcome"),
    "schema.tags": _l("'tags' must map names to words"),
    "schema.blocks": _l("'blocks' must map block ids to blocks"),
    "schema.answers": _l("a scenario needs 'answers': question id → option id(s)"),
    "schema.answer-options": _l("the answer to {question!r} must be an option id or a list of them"),
    "schema.multiple-routes": _l("options of a multiple-choice question route via the question's 'next'"),
    "schema.no-steps": _l("outcome {node!r} has no steps"),
    "unknown-key": _l("unknown key {key!r} in {kind} (expected one of: {expected})"),
    "invalid-id": _l(
        "{value!r} is not a valid id: use 1–64 characters: lowercase letters a–z, digits, '-' or '_', starting with a letter or digit"  # noqa: E501
    ),
    "duplicate-id": _l("node id {node!r} is used twice"),
    "duplicate-id.option": _l("option id {option!r} is used twice in {node!r}"),
    "missing-translation": _l("{key!r} has no {language!r} text"),
    "missing-translation.empty": _l("{key!r} has an empty {language!r} text"),
    "unknown-language": _l("language {language!r} is not configured"),
    "control-character": _l("{language}: the text contains the control character {codepoint}; remove it"),
    "bidi-control": _l(
        "{language}: the text contains {codepoint}, which changes the direction of text on screen; remove it"
    ),
    "unsafe-markdown.html": _l("{language}: raw HTML is not allowed: {html!r}"),
    "unsafe-markdown.image": _l("{language}: images are not allowed (they would load from another site)"),
    "unsafe-markdown.link": _l("{language}: link {href!r} must start with https:, mailto: or tel:"),
    "long-sentence": _l("{language}: a sentence has {count} words (at most {limit}): {start!r}…"),
    "long-paragraph": _l("{language}: a paragraph has {count} sentences (at most {limit}): {start!r}…"),
    "missing-start": _l("the questionnaire has no 'start'"),
    "unknown-target.start": _l("start {target!r} is not a node"),
    "unknown-target": _l("{node!r} leads to unknown node {target!r}"),
    "option-without-route": _l("option {option!r} of {node!r} leads nowhere"),
    "dead-end": _l("{node!r} has no 'next'"),
    "dead-end.options": _l("question {node!r} needs at least two options"),
    "no-default-route": _l("the last route needs no 'when', so that a visitor is never stuck"),
    "unreachable": _l("node {node!r} cannot be reached from the start"),
    "cycle": _l("loop: {loop}"),
    "unknown-question": _l("condition names unknown question {question!r}"),
    "unknown-option": _l("question {question!r} has no option {options}"),
    "condition-never-holds": _l("on no path to here is {question!r} answered with {options}"),
    "unknown-block": _l("there is no block {block!r}"),
    "unused-block": _l("block {block!r} is not used"),
    "missing-required-block": _l("outcome {node!r} must include block {block!r}"),
    "missing-tag": _l("outcome {node!r} needs a 'topic' tag"),
    "missing-tag.urgency": _l("outcome {node!r} needs 'urgency': {urgencies}"),
    "unknown-contact": _l("there is no help channel {contact!r}"),
    "unknown-questionnaire": _l("see_also names unknown questionnaire {questionnaire!r}"),
    "no-safety-interrupt": _l("the first node should be the safety question (safety: true)"),
    "safety-without-urgent-help": _l("a safety question must lead straight to an urgent outcome"),
    "scenario-failed": _l("scenario {scenario!r} reached {reached!r}, expected {expect!r}"),
    "scenario-failed.unknown-outcome": _l("scenario {scenario!r} expects unknown outcome {expect!r}"),
    "scenario-failed.no-answer": _l("scenario {scenario!r}: no answer for question {node!r}"),
    "scenario-failed.bad-answer": _l("scenario {scenario!r}: {answer!r} is not a valid answer to {node!r}"),
    "scenario-failed.off-path": _l("scenario {scenario!r}: answers not on the path: {nodes}"),
    "outcome-without-scenario": _l("no scenario reaches outcome {node!r}"),
    "promise": _l("{language}: {phrase!r} promises what nobody can promise"),
    "hard-word": _l("{language}: {word!r} is above B1; say {plainer!r}"),
    "first-steps": _l("outcome {node!r} needs 'first' (do this first) with a step always shown"),
    "first-steps.too-many": _l("outcome {node!r} can show {count} 'first' steps together (at most {limit})"),
    "first-steps.long": _l(
        "outcome {node!r}, {language}: the lead of a 'first' step has {length} characters "
        "(at most {limit}); make it one short action and put the rest after the bold lead"
    ),
    "first-steps.fold": _l(
        "outcome {node!r}, {language}: 'do this first' ends at about {bottom} px on a phone "
        "(the screen ends at {fold} px); shorten the title, the introduction or the leads of the 'first' steps"
    ),
    "no-reassurance": _l("outcome {node!r} must always say it is not the visitor's fault ({language})"),
    "no-talk-to-someone": _l("outcome {node!r} must always tell the visitor to talk to someone ({language})"),
    "no-talk-to-someone.contacts": _l("outcome {node!r} must always name a help channel (contacts)"),
    "delete-before-evidence": _l(
        "outcome {node!r}: step {delete} deletes before step {later} saves evidence, reports or blocks; the order is evidence, report, block, then delete"  # noqa: E501
    ),
    "image-copy": _l(
        "{language}: {sentence!r} may tell to copy the image itself; name what to capture and keep the image out of it"
    ),
    "urgent-dead-end": _l("urgent outcome {node!r} needs help channels in 'first'"),
    "urgent-dead-end.see-also": _l("urgent outcome {node!r} needs 'see_also': a way on to the advice"),
    "under18-channel": _l(
        "outcome {node!r}, step {step}: {channel!r} is only for under-18s; show the step only when the visitor said they are under 18, or say so in the step"  # noqa: E501
    ),
    "stale-translation": _l("{key}: the {source!r} text changed but the {language!r} text did not"),
}
KINDS = {
    "questionnaire": _l("the questionnaire"),
    "node": _l("a node"),
    "question": _l("a question"),
    "info": _l("an information page"),
    "outcome": _l("an outcome"),
    "option": _l("an option"),
    "route": _l("a route"),
    "step": _l("a step"),
    "block": _l("a block"),
    "scenario": _l("a scenario"),
}


def message(problem: Problem) -> str:
    """The problem's message in the interface language (the English one when it has no message id)."""
    if not problem.message_id:
        return problem.message
    templates = {key: str(template) for key, template in TEMPLATES.items()}
    kinds = {key: str(name) for key, name in KINDS.items()}
    try:
        return render_message(problem.message_id, problem.arguments, templates, kinds)
    except (KeyError, IndexError, ValueError):  # a template that does not fit its arguments
        return problem.message
