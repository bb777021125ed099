"""The app as the benchmarks serve it, plus a bare page rendered by the same server for the baseline."""

from __future__ import annotations

from flask import render_template_string

from helpwanted import create_app

app = create_app()

BARE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1><p>{{ text }}</p></main></body></html>"""


@app.get("/bench/bare")
def bare() -> str:
    """A plain Jinja page: the cost every other page is compared with."""
    return render_template_string(BARE, title="Bare page", text="Nothing else happens here.")
