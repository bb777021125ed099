"""Parse a whole questionnaire file, reporting every syntax error in one run.

After a syntax error the top-level item around it (a top-level key, a node, a scenario…) is
blanked out and the rest parsed again, so an editor sees all of a file's mistakes at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .yamlsource import Position, YamlIssue, YamlSyntaxError, parse_yaml

MAX_SYNTAX_ERRORS = 20
"""How often a file is parsed again after a syntax error, to find the next one."""


@dataclass
class Parsed:
    """A whole file's parse: the document, every YAML problem, and what had to be left out."""

    document: Any
    issues: list[YamlIssue]
    blanked: set[int] = field(default_factory=set)  # 1-based lines left out after syntax errors

    @property
    def complete(self) -> bool:
        """Whether the document is the whole file (no syntax error forced a part out)."""
        return not self.blanked


def _item_indent(lines: list[str]) -> int:
    """The indentation of the outermost list items ('  - id: …' under 'nodes:')."""
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.lstrip(" ").startswith("- ")]
    return min(indents, default=0)


def _is_boundary(line: str, indent: int) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and not stripped.startswith(("#", "\t")) and len(line) - len(stripped) <= indent


def _chunk(lines: list[str], index: int) -> range:
    """The top-level item (a top-level key, a node, a scenario…) around line index (0-based)."""
    indent = _item_indent(lines)
    index = max(0, min(index, len(lines) - 1))
    start = next((i for i in range(index, -1, -1) if _is_boundary(lines[i], indent)), 0)
    if start == index and start > 0:  # parsers often notice a problem only on the next item
        start = next((i for i in range(start - 1, -1, -1) if _is_boundary(lines[i], indent)), 0)
    end = next((i for i in range(index + 1, len(lines)) if _is_boundary(lines[i], indent)), len(lines))
    return range(start, end)


def parse_all(text: str, tick: Callable[[Position], None] = lambda _: None) -> Parsed:
    """Parse text, reporting every syntax error: after each, leave its item out and parse again."""
    lines = text.split("\n")
    issues: list[YamlIssue] = []
    if "\t" in text:  # (most files have none: no need to look at every line)
        issues = [
            YamlIssue(Position(number, len(line) - len(line.lstrip(" ")) + 1), "yaml.tab")
            for number, line in enumerate(lines, 1)
            if line.lstrip(" ").startswith("\t")
        ]
    tab_lines = {issue.position.line for issue in issues}
    blanked: set[int] = set()
    for _ in range(MAX_SYNTAX_ERRORS):
        tick(Position(1, 1))
        try:
            document, found = parse_yaml("\n".join(lines) if blanked else text, tick)
        except YamlSyntaxError as error:
            if error.issue.position.line not in tab_lines:
                issues.append(error.issue)
            if error.issue.message_id != "yaml":
                break  # a limit, not a local mistake: parsing again would only hit it again
            chunk = [i for i in _chunk(lines, error.issue.position.line - 1) if i + 1 not in blanked]
            if not chunk:
                break
            for i in chunk:
                lines[i] = ""
                blanked.add(i + 1)
            continue
        issues.extend(issue for issue in found if issue.position.line not in blanked)
        return Parsed(document, issues, blanked)
    return Parsed(None, issues, blanked or {0})
