"""Views of two-person publishing: ask for review, review with the word diff, approve or send back."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ..auth import role_required
from ..database import db
from . import review, reviewing
from .guards import Routes
from .guards import known as _known
from .guards import valid_post as _valid_post

routes = Routes()


@routes.get("/reviews")
@role_required("editor")
def reviews() -> ResponseReturnValue:
    """Every change waiting for a second editor."""
    return render_template("editor/reviews.html", requests=review.waiting())


@routes.post("/<tree_id>/ask-review")
@role_required("editor")
def ask_review(tree_id: str) -> ResponseReturnValue:
    """Ask another editor to check the saved draft and publish it."""
    _known(tree_id)
    _valid_post()
    try:
        revision = int(request.form.get("revision", ""))
        note, acknowledged = request.form.get("note", ""), "acknowledge" in request.form
        reviewing.ask(tree_id, revision, current_user.email, note, acknowledged)
    except ValueError:
        raise BadRequest() from None
    except review.ReviewError as error:
        flash(str(error))
        return redirect(url_for(".text_form", tree_id=tree_id), 303)
    flash(_("Review asked. Another editor can now approve and publish it."))
    return redirect(url_for(".detail", tree_id=tree_id), 303)


@routes.get("/<tree_id>/review/<int:request_id>")
@role_required("editor")
def review_page(tree_id: str, request_id: int) -> ResponseReturnValue:
    """The change word by word, with approve and send back."""
    page = reviewing.review_page(_known(tree_id), request_id)
    if page is None:
        abort(404)
    return render_template("editor/review.html", page=page)


@routes.post("/<tree_id>/review/<int:request_id>")
@role_required("editor")
def decide(tree_id: str, request_id: int) -> ResponseReturnValue:
    """Approve and publish, or send back with a note."""
    _known(tree_id)
    _valid_post()
    note, approve = request.form.get("note", ""), request.form.get("decision") == "approve"
    try:
        reviewing.decide(tree_id, request_id, current_user.email, note, approve)
    except review.ReviewError as error:
        db().rollback()
        flash(str(error))
        return redirect(url_for(".review_page", tree_id=tree_id, request_id=request_id), 303)
    flash(_("Approved and published. New visitors get this version now.") if approve else _("Sent back."))
    return redirect(url_for(".detail", tree_id=tree_id), 303)


@routes.post("/<tree_id>/emergency")
@role_required("admin")
def emergency(tree_id: str) -> ResponseReturnValue:
    """An admin publishes the draft without review; the audit log says so."""
    _known(tree_id)
    _valid_post()
    try:
        reviewing.emergency(tree_id, current_user.email, current_user.role, request.form.get("reason", ""))
    except review.ReviewError as error:
        db().rollback()
        flash(str(error))
        return redirect(url_for(".text_form", tree_id=tree_id), 303)
    flash(_("Published without review. This is recorded in the audit log."))
    return redirect(url_for(".detail", tree_id=tree_id), 303)

