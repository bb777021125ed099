"""Views of "publish again": see what putting an earlier version back changes, then ask for review. Thin."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ..auth import role_required
from ..database import db
from . import restoring, review
from .guards import Routes
from .guards import known as _known
from .guards import valid_post as _valid_post

routes = Routes()


@routes.get("/<tree_id>/rollback/<int:version_id>")
@role_required("editor")
def restore_page(tree_id: str, version_id: int) -> ResponseReturnValue:
    """What goes back, word by word, whether it still passes the checks, and the button that asks for review."""
    try:
        page = restoring.restore_page(_known(tree_id), version_id)
    except LookupError:
        abort(404)
    return render_template("editor/restore.html", page=page)


@routes.post("/<tree_id>/rollback/<int:version_id>")
@role_required("editor")
def rollback(tree_id: str, version_id: int) -> ResponseReturnValue:
    """Ask for review of the earlier version, or publish it (review off, or an admin's emergency)."""
    _known(tree_id)
    _valid_post()
    note, emergency = request.form.get("note", "")[:500], request.form.get("action") == "emergency"
    try:
        flash(restoring.restore(tree_id, version_id, current_user.email, current_user.role, note, emergency))
    except LookupError:
        abort(404)
    except review.ReviewError as error:
        db().rollback()
        flash(str(error))
        return redirect(url_for(".restore_page", tree_id=tree_id, version_id=version_id), 303)
    return redirect(url_for(".detail", tree_id=tree_id), 303)
