"""Read a questionnaire's YAML into the model, recording every schema problem on the way.

The reader is forgiving: a bad node is reported and skipped so that the checks after it
can still report everything else in the same run.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .model import Block, Condition, Kind, Node, Option, Route, Scenario, Step, Text, Tree
from .problems import ProblemList
from .yamlsource import Position, YamlList, YamlMap, YamlSyntaxError, parse_yaml

TOP_KEYS = {"title", "summary", "start", "blocks", "nodes", "scenarios"}
NODE_KEYS = {
    Kind.QUESTION: {"id", "type", "text", "hint", "multiple", "safety", "options", "next"},
    Kind.INFO: {"id", "type", "title", "text", "next"},
    Kind.OUTCOME: {"id", "type", "title", "text", "first", "steps", "tags", "see_also"},
}
OPTION_KEYS = {"id", "label", "hint", "next"}
STEP_KEYS = {"text", "block", "when", "contacts"}
BLOCK_KEYS = {"text", "required"}
SCENARIO_KEYS = {"name", "answers", "expect"}
_START = Position(1, 1)


def content_version(text: str) -> str:
    """A short, stable hash of a source text: the tree's content version."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


class _Reader:
    """Turns parsed YAML into model objects, recording problems in one list."""

    def __init__(self, problems: ProblemList, languages: tuple[str, ...]) -> None:
        self.problems = problems
        self.languages = languages

    def mapping(self, value: Any, position: Position, what: str, keys: set[str]) -> YamlMap | None:
        if not isinstance(value, YamlMap):
            self.problems.error(position, "schema", f"{what} must be a mapping")
            return None
        for key in value:
            if key not in keys:
                self.problems.error(
                    value.key_positions[key],
                    "unknown-key",
                    f"unknown key {key!r} in {what} (expected one of: {', '.join(sorted(keys))})",
                )
        return value

    def word(self, data: YamlMap, key: str, what: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problems.error(data.position, "schema", f"{what} needs {key!r}")
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool) or not str(value).strip():
            self.problems.error(data.at(key), "schema", f"{key!r} of {what} must be a word")
            return None
        return str(value)

    def flag(self, data: YamlMap, key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.problems.error(data.at(key), "schema", f"{key!r} must be true or false")
            return False
        return value

    def text(self, data: YamlMap, key: str, what: str, required: bool = True) -> Text | None:
        value = data.get(key)
        position = data.at(key)
        if value is None:
            if required:
                self.problems.error(data.position, "schema", f"{what} needs {key!r}")
            return None
        if not isinstance(value, YamlMap):
            self.problems.error(
                position, "schema", f"{key!r} of {what} must give a text per language, like {{nl: …, en: …}}"
            )
            return None
        texts: dict[str, str] = {}
        for language, text in value.items():
            if not isinstance(text, str):
                self.problems.error(value.at(language), "schema", f"the {language!r} text must be text")
            elif language not in self.languages:
                self.problems.warning(
                    value.key_positions[language], "unknown-language", f"language {language!r} is not configured"
                )
            else:
                texts[str(language)] = text
        for language in self.languages:
            if language not in value:
                self.problems.error(position, "missing-translation", f"{key!r} of {what} has no {language!r} text")
            elif language in texts and not texts[language].strip():
                self.problems.error(
                    value.at(language), "missing-translation", f"{key!r} of {what} has an empty {language!r} text"
                )
        return Text(texts, position)

    def condition(self, value: Any, position: Position) -> Condition | None:
        if not isinstance(value, YamlMap) or not value:
            self.problems.error(position, "schema", "'when' must map question ids to option ids")
            return None
        requires = []
        for question, options in value.items():
            listed = options if isinstance(options, YamlList) else [options]
            if not listed or not all(isinstance(o, (str, int)) and not isinstance(o, bool) for o in listed):
                self.problems.error(value.at(question), "schema", "'when' lists option ids")
                return None
            requires.append((str(question), frozenset(str(o) for o in listed)))
        return Condition(tuple(requires), position)

    def routes(self, data: YamlMap, what: str) -> tuple[Route, ...]:
        value = data.get("next")
        if value is None:
            return ()
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return (Route(str(value), None, data.at("next")),)
        if not isinstance(value, YamlList) or not value:
            self.problems.error(data.at("next"), "schema", f"'next' of {what} must be a node id or a list of routes")
            return ()
        routes = []
        for index, item in enumerate(value):
            entry = self.mapping(item, value.at(index), "a route", {"goto", "when"})
            if entry is None:
                continue
            target = self.word(entry, "goto", "a route")
            when = self.condition(entry["when"], entry.at("when")) if "when" in entry else None
            if target is not None:
                routes.append(Route(target, when, entry.position))
        return tuple(routes)

    def option(self, value: Any, position: Position) -> Option | None:
        data = self.mapping(value, position, "an option", OPTION_KEYS)
        if data is None:
            return None
        option_id = self.word(data, "id", "an option")
        label = self.text(data, "label", f"option {option_id!r}")
        if option_id is None or label is None:
            return None
        hint = self.text(data, "hint", f"option {option_id!r}", required=False)
        return Option(option_id, label, hint, self.routes(data, f"option {option_id!r}"), data.position)

    def step(self, value: Any, position: Position) -> Step | None:
        data = self.mapping(value, position, "a step", STEP_KEYS)
        if data is None:
            return None
        if ("text" in data) == ("block" in data):
            self.problems.error(data.position, "schema", "a step has either 'text' or 'block'")
            return None
        text = self.text(data, "text", "a step") if "text" in data else None
        block = self.word(data, "block", "a step") if "block" in data else None
        when = self.condition(data["when"], data.at("when")) if "when" in data else None
        contacts = self.words(data, "contacts", "a step")
        return Step(text, block, when, contacts, data.position)

    def words(self, data: YamlMap, key: str, what: str) -> tuple[str, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, YamlList) or not all(isinstance(item, str) for item in value):
            self.problems.error(data.at(key), "schema", f"{key!r} of {what} must be a list of ids")
            return ()
        return tuple(value)

    def items(self, data: YamlMap, key: str, what: str) -> list[tuple[Any, Position]]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, YamlList):
            self.problems.error(data.at(key), "schema", f"{key!r} of {what} must be a list")
            return []
        return [(item, value.at(index)) for index, item in enumerate(value)]

    def node(self, value: Any, position: Position) -> Node | None:
        if not isinstance(value, YamlMap):
            self.problems.error(position, "schema", "a node must be a mapping")
            return None
        kind_name = value.get("type")
        if kind_name not in {kind.value for kind in Kind}:
            self.problems.error(value.at("type"), "schema", "a node needs 'type': question, info or outcome")
            return None
        kind = Kind(kind_name)
        data = self.mapping(value, position, f"a {kind.value}", NODE_KEYS[kind])
        node_id = self.word(value, "id", f"a {kind.value}")
        if data is None or node_id is None:
            return None
        what = f"{kind.value} {node_id!r}"
        if kind is Kind.QUESTION:
            title = self.text(data, "text", what)
            options = [self.option(item, at) for item, at in self.items(data, "options", what)]
            if title is None:
                return None
            return Node(
                node_id,
                kind,
                data.position,
                title,
                text=self.text(data, "hint", what, required=False),
                multiple=self.flag(data, "multiple"),
                safety=self.flag(data, "safety"),
                options=tuple(option for option in options if option is not None),
                routes=self.routes(data, what),
            )
        title = self.text(data, "title", what)
        if title is None:
            return None
        body = self.text(data, "text", what, required=kind is Kind.INFO)
        if kind is Kind.INFO:
            return Node(node_id, kind, data.position, title, text=body, routes=self.routes(data, what))
        steps = [self.step(item, at) for item, at in self.items(data, "steps", what)]
        first = [self.step(item, at) for item, at in self.items(data, "first", what)]
        return Node(
            node_id,
            kind,
            data.position,
            title,
            text=body,
            steps=tuple(step for step in steps if step is not None),
            first=tuple(step for step in first if step is not None),
            tags=self.tags(data, what),
            see_also=self.words(data, "see_also", what),
        )

    def tags(self, data: YamlMap, what: str) -> dict[str, str]:
        value = data.get("tags")
        if value is None:
            return {}
        if not isinstance(value, YamlMap) or not all(isinstance(v, str) for v in value.values()):
            self.problems.error(data.at("tags"), "schema", f"'tags' of {what} must map names to words")
            return {}
        return {str(key): str(tag) for key, tag in value.items()}

    def block(self, block_id: str, value: Any, position: Position) -> Block | None:
        data = self.mapping(value, position, f"block {block_id!r}", BLOCK_KEYS)
        if data is None:
            return None
        text = self.text(data, "text", f"block {block_id!r}")
        if text is None:
            return None
        return Block(block_id, text, self.flag(data, "required"), position)

    def scenario(self, value: Any, position: Position) -> Scenario | None:
        data = self.mapping(value, position, "a scenario", SCENARIO_KEYS)
        if data is None:
            return None
        name = self.word(data, "name", "a scenario")
        expect = self.word(data, "expect", "a scenario")
        answers = data.get("answers")
        if not isinstance(answers, YamlMap):
            self.problems.error(data.at("answers"), "schema", "a scenario needs 'answers': question id → option id(s)")
            return None
        chosen: dict[str, tuple[str, ...]] = {}
        for question, options in answers.items():
            listed = options if isinstance(options, YamlList) else [options]
            chosen[str(question)] = tuple(str(option) for option in listed)
        if name is None or expect is None:
            return None
        return Scenario(name, chosen, expect, data.position)


def load_tree(
    text: str, source: str, tree_id: str, languages: tuple[str, ...] = ("nl", "en")
) -> tuple[Tree | None, ProblemList]:
    """Parse text into a Tree; the tree is None when the file is unusable."""
    problems = ProblemList(source)
    try:
        document = parse_yaml(text)
    except YamlSyntaxError as error:
        problems.error(error.position, "yaml", error.message)
        return None, problems
    reader = _Reader(problems, languages)
    data = reader.mapping(document, _START, "a questionnaire", TOP_KEYS)
    if data is None:
        return None, problems
    title = reader.text(data, "title", "the questionnaire")
    summary = reader.text(data, "summary", "the questionnaire")
    start = reader.word(data, "start", "the questionnaire")
    nodes: dict[str, Node] = {}
    for item, at in reader.items(data, "nodes", "the questionnaire"):
        node = reader.node(item, at)
        if node is None:
            continue
        if node.id in nodes:
            problems.error(node.position, "duplicate-id", f"node id {node.id!r} is used twice")
            continue
        nodes[node.id] = node
    blocks: dict[str, Block] = {}
    raw_blocks = data.get("blocks", YamlMap())
    if isinstance(raw_blocks, YamlMap):
        for block_id, value in raw_blocks.items():
            block = reader.block(str(block_id), value, raw_blocks.at(block_id))
            if block is not None:
                blocks[block.id] = block
    else:
        problems.error(data.at("blocks"), "schema", "'blocks' must map block ids to blocks")
    scenarios = [reader.scenario(item, at) for item, at in reader.items(data, "scenarios", "the questionnaire")]
    if title is None or summary is None:
        return None, problems
    tree = Tree(
        id=tree_id,
        version=content_version(text),
        source=source,
        title=title,
        summary=summary,
        start=start or "",
        nodes=nodes,
        blocks=blocks,
        scenarios=tuple(s for s in scenarios if s is not None),
    )
    return tree, problems
