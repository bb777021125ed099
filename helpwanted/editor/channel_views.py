"""Views of the help-channels page: edit in a form, ask for review, approve, publish. Thin."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ..auth import role_required
from ..database import db
from . import channelpage, review
from .guards import Routes
from .guards import valid_post as _valid_post

routes = Routes()


@routes.get("/channels")
@role_required("editor")
def channels() -> ResponseReturnValue:
    """Every help channel in a form, with its problems, the draft's changes, review and history."""
    return render_template("editor/channels.html", page=channelpage.page())


@routes.post("/channels")
@role_required("editor")
def save_channels() -> ResponseReturnValue:
    """Save the form as the channels draft (with an added or removed channel); a refused change shows at its field."""
    _valid_post()
    try:
        done = channelpage.submit(request.form, current_user.email)
    except ValueError:
        raise BadRequest() from None
    if done.refused is not None:
        return render_template("editor/channels.html", page=channelpage.page(done.refused)), 422
    flash(done.message)
    return redirect(url_for(".channels", _anchor=done.anchor), 303)


@routes.post("/channels/publish")
@role_required("editor")
def publish_channels() -> ResponseReturnValue:
    """Ask for review, approve or send back, or publish directly (review off, or an admin's emergency)."""
    _valid_post()
    action, note = request.form.get("action", ""), request.form.get("note", "")
    try:
        if action == "ask":
            channelpage.ask(int(request.form.get("revision", "")), current_user.email, note)
        elif action in ("approve", "send-back"):
            channelpage.decide(int(request.form.get("request", "")), current_user.email, note, action == "approve")
        elif action == "publish":
            channelpage.publish_now(current_user.email, current_user.role, note)
        else:
            raise BadRequest()
    except ValueError:
        raise BadRequest() from None
    except review.ReviewError as error:
        db().rollback()
        flash(str(error))
    else:
        flash(DONE[action]())
    return redirect(url_for(".channels"), 303)


DONE = {
    "ask": lambda: _("Review asked. Another editor can now approve and publish it."),
    "approve": lambda: _("Approved and published. New visitors get this version now."),
    "send-back": lambda: _("Sent back."),
    "publish": lambda: _("Published. New visitors get this version now."),
}
