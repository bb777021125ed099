"""Views of the form editor, new questionnaires and the home-page listing. Thin: parse, call, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ..auth import role_required
from . import editing, lifecycle, publishing
from .guards import Routes
from .guards import known as _known
from .guards import valid_post as _valid_post
from .roundtrip import NotEditable

routes = Routes()


@routes.get("/<tree_id>/form")
@role_required("editor")
def text_form(tree_id: str) -> ResponseReturnValue:
    """Every text in nl and en side by side, options and routes, each problem at its field."""
    page = editing.edit_page(_known(tree_id))
    return render_template("editor/form.html", page=page)


@routes.post("/<tree_id>/form")
@role_required("editor")
def save_text_form(tree_id: str) -> ResponseReturnValue:
    """Save the form into the draft; an operation (add, remove, move an option) comes with it."""
    _known(tree_id)
    _valid_post()
    operation = request.form.get("op", "")
    try:
        revision = int(request.form.get("revision", ""))
        editing.save_form(tree_id, request.form, operation, revision, current_user.email)
    except ValueError:
        raise BadRequest() from None
    except publishing.Conflict:
        flash(_("Someone else saved this draft in the meantime. Your change was not saved; reload and apply it again."))
        return redirect(url_for(".text_form", tree_id=tree_id), 303)
    except NotEditable as error:
        flash(_("This change cannot be made in the form: %(reason)s", reason=str(error)))
        return redirect(url_for(".text_form", tree_id=tree_id), 303)
    flash(_("Draft saved and checked."))
    return redirect(url_for(".text_form", tree_id=tree_id, _anchor=editing.anchor_after(request.form)), 303)


@routes.route("/new", ["GET", "POST"])
@role_required("editor")
def new() -> ResponseReturnValue:
    """Start a questionnaire from the template (with the safety question and required blocks)."""
    if request.method == "GET":
        return render_template("editor/new.html", error="", values={})
    _valid_post()
    values = {key: request.form.get(key, "").strip() for key in ("id", "title_nl", "title_en")}
    try:
        lifecycle.create(values["id"], values["title_nl"], values["title_en"], current_user.email)
    except lifecycle.LifecycleError as error:
        return render_template("editor/new.html", error=str(error), values=values), 422
    flash(_("Questionnaire started as a draft. Change its texts here; it goes live after review."))
    return redirect(url_for(".text_form", tree_id=values["id"]), 303)


@routes.post("/<tree_id>/listing")
@role_required("editor")
def listing(tree_id: str) -> ResponseReturnValue:
    """Take a questionnaire off the home page, or put it back."""
    _known(tree_id)
    _valid_post()
    listed = request.form.get("listed") == "1"
    lifecycle.set_listed(tree_id, listed, current_user.email, request.form.get("note", "")[:500])
    flash(_("It is on the home page again.") if listed else _("It is no longer on the home page."))
    return redirect(url_for(".detail", tree_id=tree_id), 303)
