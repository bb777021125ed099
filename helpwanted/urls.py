"""url_for for the templates, remembered: every page links the same few pages with the same values.

Building a URL through Werkzeug's map costs more than the rest of a link's rendering; a page has a
dozen (stylesheets, the quick exit, home, the language switch …). A URL inside a request depends
only on the endpoint, its values, the request's blueprint (for '.name') and the script root, so
those are the key. External URLs, anchors, methods and values other than text and numbers are
built every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, has_request_context, request

MAX_REMEMBERED = 1024  # links with changing values (question numbers) stay few; past this, start afresh


def remembered(build: Callable[..., str]) -> Callable[..., str]:
    """A url_for that answers a URL it built before from memory."""
    built: dict[tuple[Any, ...], str] = {}

    def url_for(endpoint: str, /, **values: Any) -> str:
        if not has_request_context() or any(name[:1] == "_" for name in values):
            return build(endpoint, **values)
        if not all(type(value) in (str, int) for value in values.values()):
            return build(endpoint, **values)
        key = (request.script_root, request.blueprint if endpoint[:1] == "." else None, endpoint, *values.items())
        url = built.get(key)
        if url is None:
            if len(built) >= MAX_REMEMBERED:
                built.clear()
            url = built[key] = build(endpoint, **values)
        return url

    return url_for


def init_app(app: Flask) -> None:
    """The templates' url_for remembers (Python code keeps Flask's own)."""
    app.jinja_env.globals["url_for"] = remembered(app.url_for)
