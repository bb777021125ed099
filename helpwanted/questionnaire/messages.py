"""Every checker message as an English template, so that the app can show it in any language.

A problem carries its `message_id` (a key of MESSAGES; the part before the first '.' is the
documented code) and its arguments (ids, keys, numbers: never sentences). To translate, look
up your own template for the message_id and call `render_message` with it:

    render_message(problem.message_id, problem.arguments, templates=DUTCH, kind_names=DUTCH_KINDS)

An argument named `kind` is one of KIND_NAMES' keys and is shown through `kind_names`.
"""

from __future__ import annotations

from collections.abc import Mapping

from .limits import ID_RULE

KIND_NAMES: dict[str, str] = {
    "questionnaire": "the questionnaire",
    "node": "a node",
    "question": "a question",
    "info": "an information page",
    "outcome": "an outcome",
    "option": "an option",
    "route": "a route",
    "step": "a step",
    "block": "a block",
    "scenario": "a scenario",
}

MESSAGES: dict[str, str] = {
    # The file as a whole
    "yaml": "{detail}",
    "yaml.key": "a key must be a plain word",
    "yaml.duplicate-key": "duplicate key {key!r}",
    "yaml.tag": "tags such as {tag!r} are not supported",
    "yaml.alias": "aliases (*name) are not supported; use a block for reuse",
    "yaml.documents": "one file holds one questionnaire: remove the '---'",
    "yaml.tab": "a tab in the indentation: indent with spaces",
    "not-utf8": "the file is not UTF-8 here: a byte that is not UTF-8 became {codepoint}, the replacement "
    "character; save the file as UTF-8 (or type the character again)",
    "too-large.bytes": "the file has more than {limit} bytes",
    "too-large.values": "the file holds more than {limit} values",
    "too-large.depth": "values are nested more than {limit} levels deep",
    "too-large.nodes": "the questionnaire has {count} nodes; at most {limit} are allowed",
    "too-large.text": "{language}: the text has {count} characters; at most {limit} are allowed",
    "too-many-problems": "{dropped} more problems are not shown (at most {limit}): fix these first, then check again",
    "check-timeout": "checking stopped here after {seconds} seconds of work: "
    "the questionnaire is too large or too complex",
    # Shape of values
    "schema.mapping": "{kind} must be a mapping",
    "schema.required": "{kind} needs {key!r}",
    "schema.word": "{key!r} must be a word",
    "schema.flag": "{key!r} must be true or false",
    "schema.text": "{key!r} must give a text per language, like {{nl: …, en: …}}",
    "schema.text-value": "the {language!r} text must be text",
    "schema.when": "'when' must map question ids to option ids",
    "schema.when-options": "'when' lists option ids",
    "schema.next": "'next' must be a node id or a list of routes",
    "schema.step": "a step has either 'text' or 'block'",
    "schema.ids": "{key!r} must be a list of ids",
    "schema.list": "{key!r} must be a list",
    "schema.type": "a node needs 'type': question, info or outcome",
    "schema.tags": "'tags' must map names to words",
    "schema.blocks": "'blocks' must map block ids to blocks",
    "schema.answers": "a scenario needs 'answers': question id → option id(s)",
    "schema.answer-options": "the answer to {question!r} must be an option id or a list of them",
    "schema.multiple-routes": "options of a multiple-choice question route via the question's 'next'",
    "schema.no-steps": "outcome {node!r} has no steps",
    "unknown-key": "unknown key {key!r} in {kind} (expected one of: {expected})",
    "invalid-id": f"{{value!r}} is not a valid id: use {ID_RULE}",
    "duplicate-id": "node id {node!r} is used twice",
    "duplicate-id.option": "option id {option!r} is used twice in {node!r}",
    # Texts
    "missing-translation": "{key!r} has no {language!r} text",
    "missing-translation.empty": "{key!r} has an empty {language!r} text",
    "unknown-language": "language {language!r} is not configured",
    "control-character": "{language}: the text contains the control character {codepoint}; remove it",
    "bidi-control": "{language}: the text contains {codepoint}, which changes the direction of text on screen; "
    "remove it",
    "unsafe-markdown.html": "{language}: raw HTML is not allowed: {html!r}",
    "unsafe-markdown.image": "{language}: images are not allowed (they would load from another site)",
    "unsafe-markdown.link": "{language}: link {href!r} must start with https:, mailto: or tel:",
    "long-sentence": "{language}: a sentence has {count} words (at most {limit}): {start!r}…",
    "long-paragraph": "{language}: a paragraph has {count} sentences (at most {limit}): {start!r}…",
    # Routes and the graph
    "missing-start": "the questionnaire has no 'start'",
    "unknown-target.start": "start {target!r} is not a node",
    "unknown-target": "{node!r} leads to unknown node {target!r}",
    "option-without-route": "option {option!r} of {node!r} leads nowhere",
    "dead-end": "{node!r} has no 'next'",
    "dead-end.options": "question {node!r} needs at least two options",
    "no-default-route": "the last route needs no 'when', so that a visitor is never stuck",
    "unreachable": "node {node!r} cannot be reached from the start",
    "cycle": "loop: {loop}",
    "unknown-question": "condition names unknown question {question!r}",
    "unknown-option": "question {question!r} has no option {options}",
    "condition-never-holds": "on no path to here is {question!r} answered with {options}",
    # Outcomes, blocks, safety
    "unknown-block": "there is no block {block!r}",
    "unused-block": "block {block!r} is not used",
    "missing-required-block": "outcome {node!r} must include block {block!r}",
    "missing-tag": "outcome {node!r} needs a 'topic' tag",
    "missing-tag.urgency": "outcome {node!r} needs 'urgency': {urgencies}",
    "unknown-contact": "there is no help channel {contact!r}",
    "unknown-questionnaire": "see_also names unknown questionnaire {questionnaire!r}",
    "no-safety-interrupt": "the first node should be the safety question (safety: true)",
    "safety-without-urgent-help": "a safety question must lead straight to an urgent outcome",
    # Scenarios
    "scenario-failed": "scenario {scenario!r} reached {reached!r}, expected {expect!r}",
    "scenario-failed.unknown-outcome": "scenario {scenario!r} expects unknown outcome {expect!r}",
    "scenario-failed.no-answer": "scenario {scenario!r}: no answer for question {node!r}",
    "scenario-failed.bad-answer": "scenario {scenario!r}: {answer!r} is not a valid answer to {node!r}",
    "scenario-failed.off-path": "scenario {scenario!r}: answers not on the path: {nodes}",
    "outcome-without-scenario": "no scenario reaches outcome {node!r}",
    # Site-wide content rules (rules.py, content_rules.yaml)
    "promise": "{language}: {phrase!r} promises what nobody can promise",
    "hard-word": "{language}: {word!r} is above B1; say {plainer!r}",
    "first-steps": "outcome {node!r} needs 'first' (do this first) with a step always shown",
    "first-steps.too-many": "outcome {node!r} can show {count} 'first' steps together (at most {limit})",
    "first-steps.long": "outcome {node!r}, {language}: the lead of a 'first' step has {length} characters "
    "(at most {limit}); make it one short action and put the rest after the bold lead",
    "first-steps.fold": "outcome {node!r}, {language}: 'do this first' ends at about {bottom} px on a phone "
    "(the screen ends at {fold} px); shorten the title, the introduction or the leads of the 'first' steps",
    "no-reassurance": "outcome {node!r} must always say it is not the visitor's fault ({language})",
    "no-talk-to-someone": "outcome {node!r} must always tell the visitor to talk to someone ({language})",
    "no-talk-to-someone.contacts": "outcome {node!r} must always name a help channel (contacts)",
    "delete-before-evidence": "outcome {node!r}: step {delete} deletes before step {later} saves evidence, "
    "reports or blocks; the order is evidence, report, block, then delete",
    "image-copy": "{language}: {sentence!r} may tell to copy the image itself; "
    "name what to capture and keep the image out of it",
    "urgent-dead-end": "urgent outcome {node!r} needs help channels in 'first'",
    "urgent-dead-end.see-also": "urgent outcome {node!r} needs 'see_also': a way on to the advice",
    "under18-channel": "outcome {node!r}, step {step}: {channel!r} is only for under-18s; show the step only "
    "when the visitor said they are under 18, or say so in the step",
    # Made by the staff area, against the live version
    "stale-translation": "{key}: the {source!r} text changed but the {language!r} text did not",
}


def code_of(message_id: str) -> str:
    """The documented check code of a message: the part before the first '.'."""
    return message_id.partition(".")[0]


def render_message(
    message_id: str,
    arguments: Mapping[str, str],
    templates: Mapping[str, str] = MESSAGES,
    kind_names: Mapping[str, str] = KIND_NAMES,
) -> str:
    """The message in the templates' language; the English template when a template is missing."""
    template = templates.get(message_id) or MESSAGES[message_id]
    values = dict(arguments)
    if "kind" in values:
        values["kind"] = kind_names.get(values["kind"]) or KIND_NAMES.get(values["kind"], values["kind"])
    return template.format(**values)
