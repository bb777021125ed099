"""Problems found in a questionnaire, reported as `file:line:column: severity: message [code]`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .limits import MAX_PROBLEMS, Deadline
from .messages import code_of, render_message
from .yamlsource import Position


class Severity(str, Enum):
    """An error keeps a tree from going live; a warning is for --strict and for review."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at one place in one file.

    `message` is English; `message_id` (a key of messages.MESSAGES) and `args` let the app show
    it in another language (see messages.render_message). `code` is the documented check code.
    """

    source: str
    line: int
    column: int
    severity: Severity
    message: str
    code: str
    message_id: str = ""
    args: tuple[tuple[str, str], ...] = ()

    @property
    def arguments(self) -> dict[str, str]:
        """The message's arguments by name."""
        return dict(self.args)

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.severity.value}: {self.message} [{self.code}]"


class ProblemList(list[Problem]):
    """Collects problems for one source file, within a time budget and a maximum count."""

    def __init__(self, source: str, deadline: Deadline | None = None) -> None:
        super().__init__()
        self.source = source
        self.deadline = deadline or Deadline(None)
        self.dropped = self.dropped_errors = 0  # problems beyond MAX_PROBLEMS, not kept
        self.here = Position(1, 1)  # where checking is; a timeout is reported there

    def add(self, severity: Severity, position: Position, message_id: str, **args: object) -> None:
        """Record a problem; message_id is a key of messages.MESSAGES. Past MAX_PROBLEMS, only count it."""
        if len(self) >= MAX_PROBLEMS:
            self.dropped += 1
            self.dropped_errors += severity is Severity.ERROR
            return
        self.record(severity, position, message_id, **args)

    def record(self, severity: Severity, position: Position, message_id: str, **args: object) -> None:
        """Record a problem whatever the count."""
        values = {name: str(value) for name, value in args.items()}
        message = render_message(message_id, values)
        line, column = position
        code = code_of(message_id)
        self.append(Problem(self.source, line, column, severity, message, code, message_id, tuple(values.items())))

    def error(self, position: Position, message_id: str, **args: object) -> None:
        """Record an error at position."""
        self.add(Severity.ERROR, position, message_id, **args)

    def warning(self, position: Position, message_id: str, **args: object) -> None:
        """Record a warning at position."""
        self.add(Severity.WARNING, position, message_id, **args)

    def tick(self, position: Position | None = None) -> None:
        """Note where checking is, and stop (CheckTimeout) when the time budget is spent."""
        if position is not None:
            self.here = position
        self.deadline.check()

    @property
    def has_errors(self) -> bool:
        """Whether any problem is an error."""
        return any(problem.severity is Severity.ERROR for problem in self)
