"""Read a questionnaire's YAML into the model, recording every schema problem on the way.

The reader is forgiving: a bad value is reported and left out (or left empty) so that the
checks after it can still report everything else in the same run. Every value is tested for
its shape before it is used, so a value of the wrong shape is a located error, never a crash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .limits import (
    BIDI_CONTROLS,
    CONTROL_CHARACTERS,
    MAX_NODES,
    MAX_TEXT_CHARS,
    are_clean_texts,
    codepoint,
    is_valid_id,
    may_hold_unsafe,
)
from .model import Block, Condition, Kind, Node, Option, Route, Scenario, Step, Text, Tree
from .problems import ProblemList
from .yamlsource import Position, YamlList, YamlMap

TOP_KEYS = {"title", "summary", "icon", "start", "blocks", "nodes", "scenarios"}
NODE_KEYS = {
    Kind.QUESTION: {"id", "type", "text", "hint", "multiple", "safety", "options", "next"},
    Kind.INFO: {"id", "type", "title", "text", "next"},
    Kind.OUTCOME: {"id", "type", "title", "text", "first", "steps", "tags", "see_also"},
}
OPTION_KEYS = {"id", "label", "hint", "next"}
STEP_KEYS = {"text", "block", "when", "contacts"}
BLOCK_KEYS = {"text", "required"}
SCENARIO_KEYS = {"name", "answers", "expect"}
_KINDS = {kind.value: kind for kind in Kind}
_START = Position(1, 1)


def content_version(text: str) -> str:
    """A short, stable hash of a source text: the tree's content version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _is_word(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


class _Reader:
    """Turns parsed YAML into model objects, recording problems in one list."""

    def __init__(self, problems: ProblemList, languages: tuple[str, ...], may_be_unsafe: bool = True) -> None:
        self.problems = problems
        self.languages = languages
        self.may_be_unsafe = may_be_unsafe  # (see limits.may_hold_unsafe)
        self.damaged: set[str] = set()  # ids of nodes present in the file but unreadable
        self.incomplete: set[str] = set()  # languages with a missing or empty text somewhere

    def mapping(self, value: Any, position: Position, kind: str, keys: set[str]) -> YamlMap | None:
        if not isinstance(value, YamlMap):
            self.problems.error(position, "schema.mapping", kind=kind)
            return None
        if value.keys() <= keys:  # (the usual mapping: nothing unknown, no loop in Python)
            return value
        for key in value:
            if key not in keys:
                self.problems.error(
                    value.key_at(key), "unknown-key", key=key, kind=kind, expected=", ".join(sorted(keys))
                )
        return value

    def word(self, data: YamlMap, key: str, kind: str, required: bool = True) -> str | None:
        value = data.get(key)
        if type(value) is str and not value.isspace() and value:  # the usual word
            return value
        if value is None:
            if required:
                self.problems.error(data.position, "schema.required", kind=kind, key=key)
            return None
        if not _is_word(value) or not str(value).strip():
            self.problems.error(data.at(key), "schema.word", key=key)
            return None
        return str(value)

    def ident(self, data: YamlMap, key: str, kind: str, required: bool = True) -> str | None:
        """A word that is an id: it must follow the id grammar (limits.ID_PATTERN)."""
        value = self.word(data, key, kind, required)
        return self.valid_id(value, data, key)

    def valid_id(self, value: str | None, data: YamlMap, key: Any, of_key: bool = False) -> str | None:
        """value, when it is None or follows the id grammar; else an error at it (or at its key).

        (The place is found only for an error: most ids are good.)
        """
        if value is not None and not is_valid_id(value):
            self.problems.error(data.key_at(key) if of_key else data.at(key), "invalid-id", value=value[:80])
            return None
        return value

    def flag(self, data: YamlMap, key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problems.error(data.at(key), "schema.flag", key=key)
            return False
        return value

    def text(self, data: YamlMap, key: str, kind: str, required: bool = True) -> Text | None:
        value = data.get(key)
        if value is None:  # (half the calls: a hint is seldom there)
            if required:
                self.problems.error(data.position, "schema.required", kind=kind, key=key)
            return None
        position = data.at(key)
        if not isinstance(value, YamlMap):
            self.problems.error(position, "schema.text", key=key)
            return None
        if tuple(value) == self.languages and are_clean_texts(value.values(), self.may_be_unsafe):
            return Text(dict(value.items()), position)  # the usual text (items: a copy of value would be GC-tracked)
        return Text(self.texts(value, key, position), position)

    def texts(self, value: YamlMap, key: str, position: Position) -> dict[str, str]:
        """A text's languages, each problem reported; in the configured order."""
        texts: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(text, str):
                self.problems.error(value.at(language), "schema.text-value", language=language)
            elif language not in self.languages:
                self.problems.warning(value.key_at(language), "unknown-language", language=str(language)[:20])
            elif self.clean(text, language, value.at(language)):
                texts[language] = text
        for language in self.languages:
            if language not in value:
                self.incomplete_text(language, position, "missing-translation", key)
            elif language in texts and not texts[language].strip():
                self.incomplete_text(language, value.at(language), "missing-translation.empty", key)
        if len(texts) > 1 and tuple(texts) != self.languages:
            # In the configured order: the first language is the source, the fallback for the others.
            texts = {language: texts[language] for language in self.languages if language in texts}
        return texts

    def incomplete_text(self, language: str, position: Position, message_id: str, key: str) -> None:
        """Only the source language must be complete; a tree missing another language's text is still
        served, in the languages it is complete in (Tree.languages): languages grow one by one."""
        report = self.problems.error if language == self.languages[0] else self.problems.warning
        report(position, message_id, key=key, language=language)
        self.incomplete.add(language)

    def clean(self, text: str, language: str, position: Position) -> bool:
        """Whether a text is short enough and free of control and direction characters."""
        if len(text) > MAX_TEXT_CHARS:
            self.problems.error(position, "too-large.text", language=language, count=len(text), limit=MAX_TEXT_CHARS)
            return False
        control = CONTROL_CHARACTERS.search(text)
        if control is not None:
            self.problems.error(position, "control-character", language=language, codepoint=codepoint(control[0]))
        bidi = BIDI_CONTROLS.search(text)
        if bidi is not None:
            self.problems.error(position, "bidi-control", language=language, codepoint=codepoint(bidi[0]))
        return control is None and bidi is None

    def condition(self, value: Any, position: Position) -> Condition | None:
        if not isinstance(value, YamlMap) or not value:
            self.problems.error(position, "schema.when")
            return None
        requires = []
        for question, options in value.items():
            listed = options if isinstance(options, YamlList) else [options]
            if not listed or not all(_is_word(option) for option in listed):
                self.problems.error(value.at(question), "schema.when-options")
                return None
            requires.append((str(question), frozenset(str(option) for option in listed)))
        return Condition(tuple(requires), position)

    def routes(self, data: YamlMap) -> tuple[Route, ...]:
        value = data.get("next")
        if value is None:
            return ()
        if type(value) is str or _is_word(value):  # (a word: the usual route)
            return (Route(str(value), None, data.at("next")),)
        if not isinstance(value, YamlList) or not value:
            self.problems.error(data.at("next"), "schema.next")
            return ()
        routes = []
        for index, item in enumerate(value):
            entry = self.mapping(item, value.at(index), "route", {"goto", "when"})
            if entry is None:
                continue
            target = self.word(entry, "goto", "route")
            when = self.condition(entry["when"], entry.at("when")) if "when" in entry else None
            if target is not None:
                routes.append(Route(target, when, entry.position))
        return tuple(routes)

    def option(self, value: Any, position: Position) -> Option | None:
        data = self.mapping(value, position, "option", OPTION_KEYS)
        if data is None:
            return None
        option_id = self.ident(data, "id", "option")
        label = self.text(data, "label", "option")
        hint = self.text(data, "hint", "option", required=False)
        routes = self.routes(data)
        if option_id is None:
            return None
        return Option(option_id, label or Text({}, data.position), hint, routes, data.position)

    def step(self, value: Any, position: Position) -> Step | None:
        data = self.mapping(value, position, "step", STEP_KEYS)
        if data is None:
            return None
        text = self.text(data, "text", "step") if "text" in data else None
        block = self.word(data, "block", "step") if "block" in data else None
        when = self.condition(data["when"], data.at("when")) if "when" in data else None
        contacts = self.words(data, "contacts")
        if ("text" in data) == ("block" in data):
            self.problems.error(data.position, "schema.step")
            return None
        return Step(text, block, when, contacts, data.position)

    def words(self, data: YamlMap, key: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, YamlList) or not all(isinstance(item, str) for item in value):
            self.problems.error(data.at(key), "schema.ids", key=key)
            return ()
        return tuple(value)

    def items(self, data: YamlMap, key: str) -> list[tuple[Any, Position]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, YamlList):
            self.problems.error(data.at(key), "schema.list", key=key)
            return []
        # A mapping's own position is its place in the list (the same mark): no new position for it.
        return [(item, item.position if type(item) is YamlMap else value.at(index)) for index, item in enumerate(value)]

    def node(self, value: Any, position: Position) -> Node | None:
        self.problems.tick(position)
        if not isinstance(value, YamlMap):
            self.problems.error(position, "schema.mapping", kind="node")
            return None
        kind_name = value.get("type")
        kind = _KINDS.get(kind_name) if isinstance(kind_name, str) else None
        raw_id = self.word(value, "id", kind.value if kind is not None else "node")
        node_id = self.valid_id(raw_id, value, "id")
        if kind is None:
            self.problems.error(value.at("type"), "schema.type")
        if raw_id is not None and (kind is None or node_id is None):
            self.damaged.add(raw_id)  # routes to it are not 'unknown': the node itself is reported
        if kind is None:
            return None
        data = self.mapping(value, position, kind.value, NODE_KEYS[kind])
        if data is None or node_id is None:
            return None
        if kind is Kind.QUESTION:
            return self.question(data, node_id)
        title = self.text(data, "title", kind.value) or Text({}, data.position)
        body = self.text(data, "text", kind.value, required=kind is Kind.INFO)
        if kind is Kind.INFO:
            return Node(node_id, kind, data.position, title, text=body, routes=self.routes(data))
        steps = [self.step(item, at) for item, at in self.items(data, "steps")]
        first = [self.step(item, at) for item, at in self.items(data, "first")]
        return Node(
            node_id,
            kind,
            data.position,
            title,
            text=body,
            steps=tuple(step for step in steps if step is not None),
            first=tuple(step for step in first if step is not None),
            tags=self.tags(data),
            see_also=self.words(data, "see_also"),
        )

    def question(self, data: YamlMap, node_id: str) -> Node:
        title = self.text(data, "text", "question") or Text({}, data.position)
        options = [self.option(item, at) for item, at in self.items(data, "options")]
        return Node(
            node_id,
            Kind.QUESTION,
            data.position,
            title,
            text=self.text(data, "hint", "question", required=False),
            multiple=self.flag(data, "multiple"),
            safety=self.flag(data, "safety"),
            options=tuple(option for option in options if option is not None),
            routes=self.routes(data),
        )

    def tags(self, data: YamlMap) -> dict[str, str]:
        value = data.get("tags")
        if value is None:
            return {}
        if not isinstance(value, YamlMap) or not all(isinstance(v, str) for v in value.values()):
            self.problems.error(data.at("tags"), "schema.tags")
            return {}
        tags = {}
        for key, tag in value.items():
            # Tags are counted and exported: they follow the id grammar like ids do.
            if self.valid_id(tag, value, key) is not None and self.valid_id(str(key), value, key, of_key=True):
                tags[str(key)] = tag
        return tags

    def blocks(self, data: YamlMap) -> dict[str, Block]:
        raw = data.get("blocks")
        if raw is None:
            return {}
        if not isinstance(raw, YamlMap):
            self.problems.error(data.at("blocks"), "schema.blocks")
            return {}
        blocks = {}
        for block_id, value in raw.items():
            block = self.block(str(block_id), value, raw.at(block_id))
            if block is not None and self.valid_id(block.id, raw, block_id, of_key=True) is not None:
                blocks[block.id] = block
        return blocks

    def block(self, block_id: str, value: Any, position: Position) -> Block | None:
        data = self.mapping(value, position, "block", BLOCK_KEYS)
        if data is None:
            return None
        text = self.text(data, "text", "block")
        if text is None:
            return None
        return Block(block_id, text, self.flag(data, "required"), position)

    def scenario(self, value: Any, position: Position) -> Scenario | None:
        data = self.mapping(value, position, "scenario", SCENARIO_KEYS)
        if data is None:
            return None
        name = self.word(data, "name", "scenario")
        expect = self.word(data, "expect", "scenario")
        answers = data.get("answers")
        if not isinstance(answers, YamlMap):
            self.problems.error(data.at("answers"), "schema.answers")
            return None
        chosen: dict[str, tuple[str, ...]] = {}
        for question, options in answers.items():
            listed = options if isinstance(options, YamlList) else [options]
            if not all(_is_word(option) for option in listed):
                self.problems.error(answers.at(question), "schema.answer-options", question=question)
                return None
            chosen[str(question)] = tuple(str(option) for option in listed)
        if name is None or expect is None:
            return None
        return Scenario(name, chosen, expect, data.position)

    def nodes(self, data: YamlMap) -> dict[str, Node] | None:
        items = self.items(data, "nodes")
        if len(items) > MAX_NODES:
            self.problems.error(data.at("nodes"), "too-large.nodes", count=len(items), limit=MAX_NODES)
            return None
        nodes: dict[str, Node] = {}
        for item, at in items:
            node = self.node(item, at)
            if node is None:
                continue
            if node.id in nodes:
                self.problems.error(node.position, "duplicate-id", node=node.id)
                continue
            nodes[node.id] = node
        return nodes


def read_tree(
    document: Any, text: str, problems: ProblemList, source: str, tree_id: str, languages: tuple[str, ...]
) -> Tree | None:
    """The tree in a parsed document; None when the file is unusable."""
    reader = _Reader(problems, languages, may_hold_unsafe(text))
    data = reader.mapping(document, _START, "questionnaire", TOP_KEYS)
    if data is None:
        return None
    title = reader.text(data, "title", "questionnaire")
    summary = reader.text(data, "summary", "questionnaire")
    start = reader.word(data, "start", "questionnaire", required=False)
    icon = reader.ident(data, "icon", "questionnaire", required=False)  # the topic card's icon (visitor/icons.py)
    nodes = reader.nodes(data)
    blocks = reader.blocks(data)
    scenarios = [reader.scenario(item, at) for item, at in reader.items(data, "scenarios")]
    if nodes is None:
        return None
    return Tree(
        id=tree_id,
        version=content_version(text),
        source=source,
        title=title or Text({}, data.position),
        summary=summary or Text({}, data.position),
        start=start or "",
        icon=icon or "",
        nodes=nodes,
        blocks=blocks,
        scenarios=tuple(s for s in scenarios if s is not None),
        damaged=frozenset(reader.damaged - set(nodes)),
        languages=tuple(language for language in languages if language not in reader.incomplete),
    )
