"""The content rules: what every advice text must hold to, site-wide, whatever a tree declares.

The rules come from shared/content/CONTENT-RULES.md; the word lists are data, in
`content_rules.yaml` beside this module. Each rule is documented (with its code) in
docs/questionnaire-format.md, "Content rules", and has a failing fixture in tests/content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import combinations
from pathlib import Path

import yaml

from .fold import LEAD_MAX_CHARS, PHONE, FirstStep, first_steps_bottom, split_lead
from .model import Condition, Kind, Node, Step, Text, Tree
from .problems import ProblemList, Severity

RULES_FILE = Path(__file__).with_name("content_rules.yaml")
Finding = tuple[Severity, str, dict[str, object]]
"""A problem found in a text, without its place: severity, messages.MESSAGES id, arguments."""
MAX_FIRST_STEPS = 3
_EMPHASIS = re.compile(r"[*_]{1,2}")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SENTENCE = re.compile(r"(?<=[.!?:;])\s+")
_NEGATION = {
    language: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    for language, words in {"nl": "niet|geen|nooit|niets", "en": r"not|\w+n't|never|nothing", "": "not"}.items()
}


def _any(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of patterns as whole words."""
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class ContentRules:
    """The compiled word lists, per language."""

    reassurance: Mapping[str, re.Pattern[str]]
    talk: Mapping[str, re.Pattern[str]]
    promises: Mapping[str, re.Pattern[str]]
    plain_words: Mapping[str, Mapping[str, str]]
    hard_words: Mapping[str, re.Pattern[str]]
    image_nouns: Mapping[str, re.Pattern[str]]
    copy_verbs: Mapping[str, re.Pattern[str]]
    keep_out: Mapping[str, re.Pattern[str]]
    evidence: Mapping[str, re.Pattern[str]]
    report: Mapping[str, re.Pattern[str]]
    delete: Mapping[str, re.Pattern[str]]
    under18: Under18


@dataclass(frozen=True)
class Under18:
    """Help lines only for under-18s, the questions and options that tell a visitor's age now, and the words."""

    channels: frozenset[str]
    questions: frozenset[str]
    options: frozenset[str]
    says: Mapping[str, re.Pattern[str]]


@cache
def site_rules(path: Path = RULES_FILE) -> ContentRules:
    """The rules file, read and compiled once."""
    text = path.read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.CSafeLoader)  # yaml.safe_load's values, libyaml's speed

    def compiled(lists: Mapping[str, list[str]]) -> dict[str, re.Pattern[str]]:
        return {language: _any(patterns) for language, patterns in lists.items()}

    image = data["image"]
    return ContentRules(
        reassurance=compiled(data["reassurance"]),
        talk=compiled(data["talk"]),
        promises=compiled(data["promises"]),
        plain_words={
            language: {w.lower(): p for w, p in words.items()} for language, words in data["plain_words"].items()
        },
        hard_words={language: _any(map(re.escape, words)) for language, words in data["plain_words"].items()},
        image_nouns=compiled(image["nouns"]),
        copy_verbs=compiled(image["copy_verbs"]),
        keep_out=compiled(image["keep_out"]),
        evidence=compiled(data["evidence"]),
        report=compiled(data["report"]),
        delete=compiled(data["delete"]),
        under18=Under18(
            channels=frozenset(data["under18"]["channels"]),
            questions=frozenset(data["under18"]["questions"]),
            options=frozenset(data["under18"]["options"]),
            says=compiled(data["under18"]["says"]),
        ),
    )


# Several rules read the same text (and a block is read again for each outcome that shows it):
# each text is made plain and split into sentences once, not once per rule.
@lru_cache(maxsize=1024)
def plain(source: str) -> str:
    """Text as read: no emphasis marks, link texts without targets, straight apostrophes."""
    if "](" in source:
        source = _LINK.sub(_link_text, source)
    if "*" in source or "_" in source:  # (most texts have no emphasis: no scan for it)
        source = _EMPHASIS.sub("", source)
    return source.replace("’", "'")


def _link_text(match: re.Match[str]) -> str:
    return match[1]


@lru_cache(maxsize=1024)
def sentences(source: str) -> tuple[str, ...]:
    """The sentences (and list items) of a text, as read."""
    return tuple(s for line in plain(source).splitlines() for s in _SENTENCE.split(line) if s.strip())


def check_content(tree: Tree, problems: ProblemList, rules: ContentRules) -> None:
    """Add every content-rule problem of tree's outcomes (the rules on single texts: word_findings)."""
    memo = _Memo()
    for node in tree.outcomes:
        _check_first(node, problems)
        _check_fold(tree, node, problems)
        _check_every_outcome(tree, node, rules, problems, memo)
        _check_order(tree, node, rules, problems, memo)
        _check_urgent(node, problems)
        _check_under18_channels(tree, node, rules.under18, problems)
        for step in node.all_steps():
            step_text = _step_text(tree, step)
            if step_text is not None and id(step_text) not in memo.read:  # a block: once, at its own place
                memo.read.add(id(step_text))
                _check_image(step_text, rules, problems)


class _Memo(dict[tuple[int, str, str], bool]):
    """The answers of one check, by pattern, language and text: a block shows in many outcomes,
    and each outcome's rules read it again."""

    def __init__(self) -> None:
        super().__init__()
        self.read: set[int] = set()  # the texts (by identity) whose own rules were checked

    def says(self, patterns: Mapping[str, re.Pattern[str]], source: str, language: str) -> bool:
        """_says, each answer worked out once."""
        key = (id(patterns), language, source)
        answer = self.get(key)
        if answer is None:
            answer = self[key] = _says(patterns, source, language)
        return answer

    def mentions(self, pattern: re.Pattern[str], source: str) -> bool:
        """Whether pattern occurs in source as read, each answer worked out once."""
        key = (id(pattern), "", source)
        answer = self.get(key)
        if answer is None:
            answer = self[key] = pattern.search(plain(source)) is not None
        return answer


def _step_text(tree: Tree, step: Step) -> Text | None:
    if step.text is not None:
        return step.text
    block = tree.blocks.get(step.block or "")
    return block.text if block is not None else None


def word_findings(source: str, language: str, rules: ContentRules) -> list[Finding]:
    """Promises (errors) and hard words without an explanation (warnings) in one text, without its place."""
    findings: list[Finding] = []
    read = plain(source)
    pattern = rules.promises.get(language)
    for match in pattern.finditer(read) if pattern else ():
        findings.append((Severity.ERROR, "promise", {"language": language, "phrase": match.group(0)}))
    hard = rules.hard_words.get(language)
    if hard is None or hard.search(read) is None:
        return findings  # (most texts: no hard word anywhere, so none in any of its sentences)
    for sentence in sentences(source):
        for match in hard.finditer(sentence):
            if "(" in sentence[match.end() :]:
                continue  # explained in brackets: allowed
            plainer = rules.plain_words[language].get(match.group(0).lower(), "")
            arguments: dict[str, object] = {"language": language, "word": match.group(0), "plainer": plainer}
            findings.append((Severity.WARNING, "hard-word", arguments))
    return findings


def _check_first(node: Node, problems: ProblemList) -> None:
    """At least one unconditional "do this first" step; at most three shown together on any path."""
    if not any(step.when is None for step in node.first):
        problems.error(node.position, "first-steps", node=node.id)
        return
    shown = _most_shown_together(node.first)
    if shown > MAX_FIRST_STEPS:
        problems.error(node.position, "first-steps.too-many", node=node.id, count=shown, limit=MAX_FIRST_STEPS)


def _check_fold(tree: Tree, node: Node, problems: ProblemList) -> None:
    """Each first step's lead is short, and title, introduction and first steps fit a phone's first screen."""
    for step in node.first:
        text = _step_text(tree, step)
        for language, source in text.by_language.items() if text is not None else ():
            length = len(split_lead(source)[0])
            if length > LEAD_MAX_CHARS:
                arguments = {"node": node.id, "language": language, "length": length, "limit": LEAD_MAX_CHARS}
                problems.error(step.position, "first-steps.long", **arguments)
    groups = _shown_together(node.first)
    for language in node.title.by_language if groups else ():
        intro = node.text.get(language) if node.text is not None else ""
        title = node.title.get(language)
        bottom = max(first_steps_bottom(title, intro, _leads(tree, group, language)) for group in groups)
        if bottom > PHONE.height:
            arguments = {"node": node.id, "language": language, "bottom": bottom, "fold": PHONE.height}
            problems.error(node.position, "first-steps.fold", **arguments)


def _shown_together(steps: tuple[Step, ...]) -> list[tuple[Step, ...]]:
    """Every group of at most three first steps that can be shown together (the page shows three)."""
    if len(steps) > 10:
        return []  # too many to be a "do this first" at all: first-steps.too-many says so
    return [
        group
        for size in range(1, min(MAX_FIRST_STEPS, len(steps)) + 1)
        for group in combinations(steps, size)
        if all(_compatible(a.when, b.when) for a, b in combinations(group, 2))
    ]


def _leads(tree: Tree, steps: tuple[Step, ...], language: str) -> list[FirstStep]:
    """The steps as the phone shows them: lead, whether more opens from it, rows of call/chat buttons."""
    shown = []
    for step in steps:
        text = _step_text(tree, step)
        lead, more = split_lead(text.get(language)) if text is not None else ("", "")
        shown.append(FirstStep(lead, bool(more), len(step.contacts)))
    return shown


def _most_shown_together(steps: tuple[Step, ...]) -> int:
    """The largest set of steps whose conditions can all hold at once (pairwise; exact enough for short lists)."""
    if len(steps) > 10:
        return len(steps)
    for size in range(len(steps), 0, -1):
        for group in combinations(steps, size):
            if all(_compatible(a.when, b.when) for a, b in combinations(group, 2)):
                return size
    return 0


def _compatible(one: Condition | None, other: Condition | None) -> bool:
    """False only when both name a question and allow no common option for it."""
    if one is None or other is None:
        return True
    theirs = dict(other.requires)
    return all(not (question in theirs and not (options & theirs[question])) for question, options in one.requires)


def _check_every_outcome(tree: Tree, node: Node, rules: ContentRules, problems: ProblemList, memo: _Memo) -> None:
    """Reassurance and talk-to-someone (with a help channel) in texts that are always shown."""
    always = [_step_text(tree, step) for step in node.all_steps() if step.when is None]
    texts = [text for text in [node.text, *always] if text is not None]
    for message_id, patterns in (("no-reassurance", rules.reassurance), ("no-talk-to-someone", rules.talk)):
        for language, pattern in patterns.items():
            if not any(memo.mentions(pattern, text.get(language, "")) for text in texts):
                problems.error(node.position, message_id, node=node.id, language=language)
    if not any(step.contacts for step in node.all_steps() if step.when is None):
        problems.error(node.position, "no-talk-to-someone.contacts", node=node.id)


def _check_order(tree: Tree, node: Node, rules: ContentRules, problems: ProblemList, memo: _Memo) -> None:
    """No step that deletes before a step that saves evidence, reports in the app or blocks (order shown)."""
    first_delete: Step | None = None
    for index, step in enumerate(node.all_steps()):
        text = _step_text(tree, step)
        if text is None:
            continue
        languages = text.by_language.items()
        later = (rules.evidence, rules.report)
        if first_delete is not None and any(memo.says(p, source, lang) for p in later for lang, source in languages):
            problems.error(
                first_delete.position,
                "delete-before-evidence",
                node=node.id,
                delete=index_of(node, first_delete),
                later=index + 1,
            )
            return
        if first_delete is None and any(memo.says(rules.delete, source, lang) for lang, source in languages):
            first_delete = step


def index_of(node: Node, step: Step) -> int:
    """A step's number as shown (1-based, "do this first" first)."""
    return node.all_steps().index(step) + 1


def _says(patterns: Mapping[str, re.Pattern[str]], source: str, language: str) -> bool:
    """Whether a sentence of source says it, and is not negated ("don't delete", "geen screenshot")."""
    pattern = patterns.get(language)
    if pattern is None:
        return False
    negation = _NEGATION.get(language, _NEGATION[""])
    return any(pattern.search(sentence) and not negation.search(sentence) for sentence in sentences(source))


def _check_image(text: Text, rules: ContentRules, problems: ProblemList) -> None:
    """A sentence naming the image and a way to copy it must keep the image out of it."""
    for language, source in text.by_language.items():
        nouns, verbs, keep_out = (
            rules.image_nouns.get(language),
            rules.copy_verbs.get(language),
            rules.keep_out.get(language),
        )
        if nouns is None or verbs is None or keep_out is None:
            continue
        for sentence in sentences(source):
            if nouns.search(sentence) and verbs.search(sentence) and not keep_out.search(sentence):
                problems.error(text.position, "image-copy", language=language, sentence=sentence.strip()[:60])


def _check_urgent(node: Node, problems: ProblemList) -> None:
    """An urgent outcome leads on: call/chat actions at the top and a way on to the full advice."""
    if node.tags.get("urgency") != "urgent" or node.kind is not Kind.OUTCOME:
        return
    if not any(step.contacts for step in node.first):
        problems.error(node.position, "urgent-dead-end", node=node.id)
    if not node.see_also:
        problems.error(node.position, "urgent-dead-end.see-also", node=node.id)


def _check_under18_channels(tree: Tree, node: Node, under18: Under18, problems: ProblemList) -> None:
    """A help line only for under-18s is named only to a visitor who said so, or on a step that says so."""
    for step in node.all_steps():
        named = sorted(set(step.contacts) & under18.channels)
        if not named or _shown_only_to_under18(step.when, under18):
            continue
        text = _step_text(tree, step)
        if text is not None and all(p.search(plain(text.get(lang, ""))) for lang, p in under18.says.items()):
            continue
        problems.error(step.position, "under18-channel", node=node.id, step=index_of(node, step), channel=named[0])


def _shown_only_to_under18(when: Condition | None, under18: Under18) -> bool:
    """Whether the condition lets the step show only to a visitor who said they are under 18 now."""
    return when is not None and any(
        question in under18.questions and options <= under18.options for question, options in when.requires
    )
