"""The questionnaire as a form: every visible text with its languages side by side, and routing.

`read_form` turns the YAML into fields (each knows its place in the file and its lines, so a
checker problem can be shown next to it); `apply_form` writes the submitted values and one
operation (add, remove or move an option) back into the same YAML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..questionnaire import Problem
from .roundtrip import Document, NotEditable, Path, flow_map, last_line, line_of

MAX_FORM_NODES = 60
"""Boxes (nodes) the form shows at most. Each route is a list of every box, so the page grows with
the square of their number: 100 question boxes made a 2.5 MB page, 300 an 18 MB one that took a
worker 18 s, 3,500 outlived the worker's 30 s on every open. The shipped questionnaires have 7–17."""


@dataclass
class TextField:
    """One visitor text in every language: e.g. the label of an option."""

    path: Path
    label: str
    values: dict[str, str]
    lines: range
    markdown: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The form field name prefix: 'text:nodes/3/options/0/label'."""
        return "text:" + "/".join(map(str, self.path))

    @property
    def anchor(self) -> str:
        """The id of this field on the page: 'f-nodes-3-options-0-label'."""
        return "f-" + "-".join(map(str, self.path))

    def missing(self, language: str) -> bool:
        """Whether this language has no text yet."""
        return not self.values.get(language, "").strip()

    def stale(self, language: str) -> bool:
        """Whether the checker found this language left behind by a change of the source language."""
        return any(p.code == "stale-translation" and p.arguments.get("language") == language for p in self.problems)


@dataclass
class Route:
    """Where an option or a node leads, when it is a single target the form can change."""

    path: Path
    target: str | None
    conditional: bool

    @property
    def name(self) -> str:
        """The form field name: 'next:nodes/3/options/0'."""
        return "next:" + "/".join(map(str, self.path))


@dataclass
class OptionForm:
    """One answer of a question: its texts and where it leads."""

    id: str
    path: Path
    texts: list[TextField]
    route: Route


@dataclass
class NodeForm:
    """A question, information page or outcome, with its texts, options and route."""

    id: str
    kind: str
    path: Path
    lines: range
    texts: list[TextField]
    options: list[OptionForm]
    route: Route | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        """The id of this node's section on the page."""
        return f"node-{self.path[-1]}"

    def title(self, language: str) -> str:
        """The box's title as visitors read it (how an editor recognises it), else ''."""
        for key in ("title", "text"):  # an advice or information page has a title; a question is its text
            for text in self.texts:
                if text.path[-1] == key and text.values.get(language):
                    return text.values[language]
        return ""


@dataclass
class FormView:
    """The whole questionnaire as a form, and the problems not tied to any one field."""

    texts: list[TextField]
    nodes: list[NodeForm]
    node_ids: list[str]
    general: list[Problem] = field(default_factory=list)

    def anchor_of(self, problem: Problem) -> str:
        """The id of the field (or box) on the page where problem is shown."""
        for text in self.all_texts():
            if problem in text.problems:
                return text.anchor
        return next((node.anchor for node in self.nodes if problem in node.problems), "general-problems")

    def all_texts(self) -> list[TextField]:
        """Every text field, in file order."""
        found = list(self.texts)
        for node in self.nodes:
            found += node.texts
            for option in node.options:
                found += option.texts
        return found


NODE_TEXTS = {
    "question": (("text", _l("Question"), False), ("hint", _l("Hint under the question"), True)),
    "info": (("title", _l("Title"), False), ("text", _l("Text"), True)),
    "outcome": (("title", _l("Title"), False), ("text", _l("Introduction"), True)),
}


def _text(doc: Document, path: Path, label: str, languages: Sequence[str], markdown: bool) -> TextField:
    parent, key = doc.get(path[:-1]), path[-1]
    value = doc.get(path)
    start = line_of(parent, key) if value is not None else None
    values = {lang: str(value.get(lang) or "") if isinstance(value, CommentedMap) else "" for lang in languages}
    if start is None:  # an optional text not written yet: no lines of its own
        return TextField(path, str(label), values, range(0), markdown)
    stop = last_line(value, start) if isinstance(value, CommentedMap) else start
    return TextField(path, str(label), values, range(start, stop + 1), markdown)


def _route(doc: Document, path: Path) -> Route:
    value = doc.get((*path, "next"))
    return Route(path, value if isinstance(value, str) else None, isinstance(value, CommentedSeq))


def _node(doc: Document, index: int, languages: Sequence[str], end: int) -> NodeForm:
    path: Path = ("nodes", index)
    data = doc.get(path)
    start = line_of(doc.data["nodes"], index) or 1
    kind = str(data.get("type", "")) if isinstance(data, CommentedMap) else ""
    texts = [_text(doc, (*path, key), label, languages, md) for key, label, md in NODE_TEXTS.get(kind, ())]
    options: list[OptionForm] = []
    for part, name in (("first", _l("Do this first, step %(n)s")), ("steps", _l("Step %(n)s"))):
        steps = data.get(part) if isinstance(data, CommentedMap) else None
        for number, step in enumerate(steps if isinstance(steps, CommentedSeq) else []):
            if isinstance(step, CommentedMap) and "text" in step:
                label = str(name) % {"n": number + 1}
                texts.append(_text(doc, (*path, part, number, "text"), label, languages, True))
    choices = data.get("options") if isinstance(data, CommentedMap) else None
    for number, option in enumerate(choices if isinstance(choices, CommentedSeq) else []):
        where: Path = (*path, "options", number)
        option_id = str(option.get("id", "")) if isinstance(option, CommentedMap) else ""
        option_texts = [_text(doc, (*where, "label"), str(_l("Answer")), languages, False)]
        if isinstance(option, CommentedMap) and "hint" in option:
            option_texts.append(_text(doc, (*where, "hint"), str(_l("Hint under the answer")), languages, False))
        options.append(OptionForm(option_id, where, option_texts, _route(doc, where)))
    route = _route(doc, path) if kind in ("question", "info") else None
    node_id = str(data.get("id", "")) if isinstance(data, CommentedMap) else ""
    return NodeForm(node_id, kind, path, range(start, end), texts, options, route)


def read_form(text: str, languages: Sequence[str], problems: Sequence[Problem] = ()) -> FormView:
    """The form of a questionnaire's text, each problem placed next to its field; NotEditable if it cannot be."""
    doc = Document(text)
    if len(doc.data["nodes"]) > MAX_FORM_NODES:
        raise NotEditable(f"the questionnaire has more than {MAX_FORM_NODES} boxes (the form's limit)")
    total = text.count("\n") + 2
    texts = [
        _text(doc, ("title",), str(_l("Title on the home page")), languages, False),
        _text(doc, ("summary",), str(_l("Summary on the home page")), languages, False),
    ]
    blocks = doc.get(("blocks",))
    for block_id in blocks if isinstance(blocks, CommentedMap) else {}:
        label = _l("Shared block %(id)s", id=block_id)
        texts.append(_text(doc, ("blocks", block_id, "text"), str(label), languages, True))
    nodes_seq = doc.data["nodes"]
    starts = [line_of(nodes_seq, index) or 1 for index in range(len(nodes_seq))]
    ends = [*starts[1:], _after_nodes(doc, total)]
    nodes = [_node(doc, index, languages, ends[index]) for index in range(len(nodes_seq))]
    view = FormView(texts, nodes, [node.id for node in nodes if node.id])
    place_problems(view, problems)
    return view


def _after_nodes(doc: Document, total: int) -> int:
    keys = list(doc.data)
    following = keys[keys.index("nodes") + 1 :]
    return (line_of(doc.data, following[0]) or total) - 1 if following else total


def place_problems(view: FormView, problems: Sequence[Problem]) -> None:
    """Put each problem on the text whose lines hold it, else on its node, else in `general`."""
    for problem in problems:
        text = next((t for t in reversed(view.all_texts()) if problem.line in t.lines), None)
        node = next((n for n in view.nodes if problem.line in n.lines), None)
        if text is not None:
            text.problems.append(problem)
        elif node is not None:
            node.problems.append(problem)
        else:
            view.general.append(problem)


def apply_form(text: str, values: Mapping[str, str], operation: str, languages: Sequence[str]) -> str:
    """The text with the submitted texts, routes and one option operation written in."""
    doc = Document(text)
    for name, value in values.items():
        kind, _, rest = name.partition(":")
        if kind == "text":
            where, _, language = rest.rpartition(":")
            if language in languages:
                doc.set_text(_parse_path(where), language, value.strip())
        elif kind == "next" and value:
            _set_route(doc, _parse_path(rest), value)
    if operation:
        _operate(doc, operation, languages)
    return doc.dump()


def _parse_path(text: str) -> Path:
    return tuple(int(part) if part.isdigit() else part for part in text.split("/") if part)


def _set_route(doc: Document, path: Path, target: str) -> None:
    owner = doc.get(path)
    if not isinstance(owner, CommentedMap) or isinstance(owner.get("next"), CommentedSeq):
        return  # conditional routes are edited in the YAML
    if owner.get("next") != target:
        owner["next"] = target


def _operate(doc: Document, operation: str, languages: Sequence[str]) -> None:
    """add-option:PATH (a question), remove-option:PATH, up:PATH, down:PATH (an option)."""
    verb, _, rest = operation.partition(":")
    path = _parse_path(rest)
    # The page only ever sends nodes/N (add) or nodes/N/options/M: anything else is refused here, before
    # any indexing (an empty path after "remove-option:" was an IndexError, a 500; attack 4).
    shape = ("nodes", int) if verb == "add-option" else ("nodes", int, "options", int)
    same_length = len(path) == len(shape)
    if not same_length or not all(part == want or type(part) is want for part, want in zip(path, shape, strict=True)):
        raise NotEditable("no such question or option")
    if verb == "add-option":
        options = doc.get((*path, "options"))
        if not isinstance(options, CommentedSeq):
            raise NotEditable("this node has no options")
        taken = {str(option.get("id")) for option in options if isinstance(option, CommentedMap)}
        number = len(options) + 1
        while f"option-{number}" in taken:
            number += 1
        option = CommentedMap()
        option["id"] = f"option-{number}"
        option["label"] = flow_map(dict.fromkeys(languages, ""))
        options.append(option)
        return
    options, index = doc.get(path[:-1]), path[-1]
    if not isinstance(options, CommentedSeq) or not isinstance(index, int) or not 0 <= index < len(options):
        raise NotEditable("no such option")
    if verb == "remove-option":
        del options[index]
    elif verb in ("up", "down"):
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(options):
            options[index], options[other] = options[other], options[index]
    else:
        raise NotEditable(f"unknown operation {verb!r}")
