"""Types of the compiled builder (cbuilder.pyx), for mypy."""

from collections.abc import Callable
from typing import Any

class Mark:
    """A place in the text, lines and columns from 0; in a mapping, also the place of the value's key."""

    line: int
    column: int
    key_line: int
    key_column: int

def build(
    text: str,
    tick: Callable[[Any], None],
    kinds: tuple[type, type, type, type, type],
    rules: tuple[dict[str, Any], Any, tuple[str | None, ...]],
    limits: tuple[int, int, int],
) -> tuple[Any, list[Any]]: ...
