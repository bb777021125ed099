"""The baseline of bench/visitor_wrk.py and bench/profile_visitor.py: a bare Flask page, nothing else.

One route, a Jinja page that extends a base template, served in its own process. No secret key, no
session, no extension: what a user would compare the product with (issue 13). Until session 9 the
bare page was served by bench/bare_app.py, beside its Flask-WTF form: with a secret key set, Flask
opened a session on every request, the bare page's too. That made it about a fifth dearer than this
one, and every ratio against it too low.
"""

from __future__ import annotations

from flask import Flask, render_template

app = Flask(__name__, template_folder="bare_templates", static_folder=None)


@app.get("/")
def page() -> str:
    """A bare page."""
    return render_template("page.html", title="Bare page", text="Nothing else happens here.")
