"""The staff page that checks every link in the live questionnaires and the help channels."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..auth import role_required
from ..contacts import channels
from ..trees import catalog
from .guards import Routes
from .guards import valid_post as _valid_post
from .links import check_all, collect

routes = Routes()


@routes.get("/links")
@role_required("editor")
def links() -> ResponseReturnValue:
    """What will be checked, and the button to check it."""
    return render_template("editor/links.html", links=collect(catalog().trees.values(), channels()), results=None)


@routes.post("/links")
@role_required("editor")
def check_links() -> ResponseReturnValue:
    """Check every link now (concurrently, each with a timeout) and show the broken ones first."""
    _valid_post()
    found = collect(catalog().trees.values(), channels())
    return render_template("editor/links.html", links=found, results=check_all(found, timeout=8.0))
