"""The Flask class of the app: Flask, without costs per request that buy nothing here.

The first two were paid on every request of every page, the empty one too (issue 13's fixed cost):

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

The last two on every answer, a POST that redirects (issue 13's answer cycle; measured A/B,
docs/benchmarks.md: the redirect 2–6 % of a POST + GET, the form read about 2 %):

- **Redirects without a body.** Werkzeug's redirect carries a short HTML note with a link, which
  no browser shows (each follows the Location). A sync worker sends a body in a write of its own
  after the headers: a second packet for the client to take in. Django's redirects carry none either.
- **A urlencoded form read in one step.** Werkzeug reads a form's body through a stream wrapper
  and a parser object made per request; the body of a form with a Content-Length is read here in
  one call and parsed by the same function (`parse_qsl`, its own error handler), within the same
  limits. Anything else (multipart, no length, a body read before as data, debug mode) goes
  through Werkzeug as before.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl

from flask import Flask, Request, current_app
from flask.templating import Environment
from jinja2 import Template
from jinja2.runtime import Context, new_context
from werkzeug.exceptions import ClientDisconnected, RequestEntityTooLarge
from werkzeug.wrappers import Response as BaseResponse

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


class HelpwantedRequest(Request):
    """Flask's request, with a urlencoded form read from the body it announces in one step."""

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        body = self._urlencoded_body()
        if body is None:
            super()._load_form_data()
            return
        try:
            items = parse_qsl(body.decode(), keep_blank_values=True, errors="werkzeug.url_quote")
        except ValueError:  # not UTF-8: an empty form, as Werkzeug's (silent) parser gives
            items = []
        # As Werkzeug leaves them: the stream read to its end, the form, no files.
        self.__dict__.update(
            stream=BytesIO(), form=self.parameter_storage_class(items), files=self.parameter_storage_class()
        )

    def _urlencoded_body(self) -> bytes | None:
        """The body of a urlencoded form with a Content-Length (413 past MAX_CONTENT_LENGTH), else None."""
        if self.mimetype != "application/x-www-form-urlencoded" or self.content_length is None:
            return None  # Werkzeug's way: multipart, a chunked body (no length), or no form at all
        if self.shallow or "stream" in self.__dict__ or getattr(self, "_cached_data", None) is not None:
            return None  # the body was (or may not be) read another way: Werkzeug knows where it is
        length = self.content_length
        limit = self.max_content_length
        if limit is not None and length > limit:
            raise RequestEntityTooLarge()
        if current_app and current_app.debug:
            return None  # Flask's debug aid for a form's files comes with Werkzeug's way
        source, parts, missing = self.environ["wsgi.input"], [], length
        while missing > 0:  # a WSGI input may return less than asked (PEP 3333), as a socket does
            part = source.read(missing)
            if not part:
                raise ClientDisconnected()  # as Werkzeug's limited stream says of a body cut short
            parts.append(part)
            missing -= len(part)
        return b"".join(parts)


class HelpwantedFlask(Flask):
    """Flask with the Jinja environment above, ensure_sync kept per function, the request above and
    redirects without a body."""

    jinja_environment = HelpwantedEnvironment
    request_class = HelpwantedRequest

    def redirect(self, location: str, code: int = 302) -> BaseResponse:
        """A redirect to location with an empty body (flask.redirect calls this: see the module's docstring)."""
        response = self.response_class(status=code)
        response.headers["Location"] = location
        return response

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
