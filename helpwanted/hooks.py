"""Which request hooks an extension adds, and keeping staff-only hooks off the visitor's pages.

Extensions register their hooks for the whole app. Some only ever matter in the staff area
(Flask-Login's remember-me cookie, Flask-Limiter's sign-in limits): there they stay, but a
visitor's page no longer runs them (each was a few per cent of a minimal page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from flask import Flask


@dataclass
class Added:
    """The app-wide hooks registered inside one `added_hooks` block."""

    before_request: list[Callable[..., Any]] = field(default_factory=list)
    after_request: list[Callable[..., Any]] = field(default_factory=list)
    teardown_request: list[Callable[..., Any]] = field(default_factory=list)
    context_processor: list[Callable[..., Any]] = field(default_factory=list)


_LISTS = {
    "before_request": "before_request_funcs",
    "after_request": "after_request_funcs",
    "teardown_request": "teardown_request_funcs",
    "context_processor": "template_context_processors",
}


@contextmanager
def added_hooks(app: Flask) -> Iterator[Added]:
    """Collect the app-wide hooks registered inside the block (filled in when it ends)."""
    before = {kind: list(getattr(app, attribute).get(None, ())) for kind, attribute in _LISTS.items()}
    added = Added()
    yield added
    for kind, attribute in _LISTS.items():
        now = getattr(app, attribute).get(None, [])
        getattr(added, kind).extend(hook for hook in now if hook not in before[kind])


@contextmanager
def only_for(app: Flask, blueprints: Iterable[str]) -> Iterator[None]:
    """Hooks registered app-wide inside the block run only for requests of these blueprints.

    Flask runs a blueprint's after-request and teardown hooks before the app's, and its
    before-request hooks after the app's, each list in its own order: moved together, the hooks
    of the block keep their order among themselves.
    """
    names = tuple(blueprints)
    with added_hooks(app) as added:
        yield
    for kind, attribute in _LISTS.items():
        registry = getattr(app, attribute)
        for hook in getattr(added, kind):
            registry[None].remove(hook)
            for name in names:
                registry.setdefault(name, []).append(hook)
