"""Checks on visitor texts: safe Markdown and plain language (B1).

Every regular expression here runs in linear time: none has a repetition that can be tried
again from each position of a long run of the same characters (a 60 KB label of `[](` took
26 s with the old link pattern). Texts are short anyway (limits.MAX_TEXT_CHARS).
"""

from __future__ import annotations

import re

from .markdown import markdown_problems
from .model import Tree
from .problems import ProblemList, Severity
from .rules import ContentRules, Finding, word_findings
from .texts import shown_texts

MAX_SENTENCE_WORDS = 20
MAX_PARAGRAPH_SENTENCES = 4

# Blank lines, and list items ('- ', '* ', '1. '); [ \t] rather than \s so that no match can
# run on over a long series of empty lines.
_PARAGRAPH = re.compile(r"\n[ \t]*(?:\n[ \t]*)+|^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+", re.MULTILINE)
_EMPHASIS = re.compile(r"[*_]{1,2}")
# A link target '](…)'; '(' is not allowed inside, so that each scan stops at the next '('.
_LINK_TARGET = re.compile(r"\]\([^()]*\)")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘“\"'(])")
_SHORT = 2 * MAX_SENTENCE_WORDS  # characters: a text this short has at most MAX_SENTENCE_WORDS words


def check_texts(tree: Tree, problems: ProblemList, rules: ContentRules | None = None) -> None:
    """Unsafe Markdown (an error) and long sentences or paragraphs (warnings) in every text; with
    rules, also the content rules on single texts (rules.word_findings): one walk for both."""
    # A tree repeats texts (labels such as "Ja", a block in many outcomes): each is read once.
    found: dict[tuple[str, str, bool], list[Finding]] = {}
    for _, text, is_markdown in shown_texts(tree):
        problems.tick(text.position)
        for language, source in text.by_language.items():
            findings = found.get((language, source, is_markdown))
            if findings is None:
                findings = found[language, source, is_markdown] = _findings(source, language, is_markdown)
                if rules is not None:
                    findings += word_findings(source, language, rules)
            for severity, message_id, args in findings:
                problems.add(severity, text.position, message_id, **args)


def _findings(source: str, language: str, is_markdown: bool) -> list[Finding]:
    findings: list[Finding] = []
    if is_markdown:
        for message_id, args in markdown_problems(source):
            findings.append((Severity.ERROR, message_id, {"language": language, **args}))
    findings.extend(plain_language_findings(source, language))
    return findings


def plain_language_findings(source: str, language: str) -> list[Finding]:
    """The long sentences and paragraphs of one text (warnings, without their place)."""
    if len(source) <= _SHORT and sum(map(source.count, ".!?")) < MAX_PARAGRAPH_SENTENCES:
        # Most texts (labels, titles) are short: a word takes a character and a gap, so no sentence of
        # these can be too long, and a paragraph needs a . ! or ? between each two of its sentences.
        return []
    findings: list[Finding] = []
    # emphasis would hide where sentences end (most texts have none, and no link: skip the work)
    plain = _EMPHASIS.sub("", source) if "*" in source or "_" in source else source
    for paragraph in _PARAGRAPH.split(plain):
        sentences = [s for s in _SENTENCE_END.split(paragraph.strip()) if s.strip()]
        if len(sentences) > MAX_PARAGRAPH_SENTENCES:
            arguments = {"count": len(sentences), "limit": MAX_PARAGRAPH_SENTENCES, "start": paragraph.strip()[:40]}
            findings.append((Severity.WARNING, "long-paragraph", {"language": language, **arguments}))
        for sentence in sentences:
            words = len(_WORD.findall(_LINK_TARGET.sub("]", sentence) if "](" in sentence else sentence))
            if words > MAX_SENTENCE_WORDS:
                arguments = {"count": words, "limit": MAX_SENTENCE_WORDS, "start": sentence.strip()[:40]}
                findings.append((Severity.WARNING, "long-sentence", {"language": language, **arguments}))
    return findings
