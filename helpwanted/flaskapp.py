"""The Flask class of the app: Flask, without two costs per request that never change between requests.

Both were paid on every request of every page, the empty one too (issue 13's fixed cost):

- **Template globals flattened in C.** Jinja keeps a template's globals as a `ChainMap` over the
  environment's (so a template's own globals never leak into the environment's) and copies them
  into each render's context with `dict(chain_map)`: a Python-level `__getitem__` per name. The
  app has some 34 globals (url_for, gettext, help_block …), so that copy was ~40 µs of every
  render — a fifth of a minimal page. The same dict is now built with `dict.update` per layer, in
  the same order of precedence, so a render sees exactly what it saw before; the ChainMap itself
  (and its protection of the environment's globals) is unchanged.
- **`ensure_sync` decided once per function.** Flask asks `inspect.iscoroutinefunction` of every
  view, request hook and context processor on every request (~14 per page); whether a function
  is a coroutine function never changes, so the answer is kept per function.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from flask.templating import Environment
from jinja2 import Template
from jinja2.runtime import Context, new_context

MAX_KNOWN_FUNCTIONS = 1024  # views, hooks and context processors: a few dozen in this app


class FlatGlobalsTemplate(Template):
    """A template whose render context gets its globals copied per layer (dict.update), not per name."""

    def new_context(
        self, vars: dict[str, Any] | None = None, shared: bool = False, locals: Mapping[str, Any] | None = None
    ) -> Context:
        """As Template.new_context; the globals of an unshared context handed over as one dict."""
        globals = self.globals if shared else _flat(self.globals)  # a shared context copies none
        return new_context(self.environment, self.name, self.blocks, vars, shared, globals, locals)


def _flat(globals: Any) -> Any:
    """globals as a plain dict with the ChainMap's precedence (its first mapping wins), else as given."""
    if type(globals) is not ChainMap:
        return globals
    flat: dict[str, Any] = {}
    for layer in reversed(globals.maps):
        flat.update(layer)
    return flat


class HelpwantedEnvironment(Environment):
    """Flask's Jinja environment, with FlatGlobalsTemplate as its template class."""

    template_class = FlatGlobalsTemplate


class HelpwantedFlask(Flask):
    """Flask with the Jinja environment above and ensure_sync kept per function."""

    jinja_environment = HelpwantedEnvironment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synchronous: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Flask's answer for func (itself, or a wrapper for a coroutine function), worked out once."""
        try:
            return self._synchronous[func]
        except KeyError:
            pass
        except TypeError:  # an unhashable callable: ask Flask every time
            return super().ensure_sync(func)
        if len(self._synchronous) >= MAX_KNOWN_FUNCTIONS:  # functions made per request: start afresh
            self._synchronous.clear()
        answer = self._synchronous[func] = super().ensure_sync(func)
        return answer
