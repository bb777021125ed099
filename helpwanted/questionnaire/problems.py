"""Problems found in a questionnaire, reported as `file:line:column: severity: message [code]`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .yamlsource import Position


class Severity(str, Enum):
    """An error keeps a tree from going live; a warning is for --strict and for review."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at one place in one file."""

    source: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.severity.value}: {self.message} [{self.code}]"


class ProblemList(list[Problem]):
    """Collects problems for one source file."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def error(self, position: Position, code: str, message: str) -> None:
        """Record an error at position."""
        self.append(Problem(self.source, position.line, position.column, Severity.ERROR, message, code))

    def warning(self, position: Position, code: str, message: str) -> None:
        """Record a warning at position."""
        self.append(Problem(self.source, position.line, position.column, Severity.WARNING, message, code))

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.severity is Severity.ERROR for problem in self)
