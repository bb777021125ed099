"""Sign-in and sign-out for staff."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_limiter import RouteLimit
from flask_login import current_user
from werkzeug.exceptions import BadRequest
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from .. import signin_limits as limits
from ..accounts import authenticate
from ..auth import limiter, role_required, sign_in, sign_out
from ..forms import Form

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")


class LoginForm(Form):
    """E-mail and password; password managers and paste are welcome (WCAG 3.3.8)."""

    email = EmailField(_l("E-mail address"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[InputRequired(), Length(max=1024)])


class LogoutForm(Form):
    """Sign out (a POST, so no other site can sign a user out)."""


def _limit(value: Callable[[], str], key: Callable[[], str], exempt: Callable[[], bool]) -> RouteLimit:
    return limiter.limit(value, key_func=key, exempt_when=exempt, deduct_when=limits.failed, methods=["POST"])


@bp.route("/login", methods=["GET", "POST"])
@_limit(limits.address_limit, limits.client_address, limits.is_trusted)
@_limit(limits.account_limit, limits.account_key, limits.is_trusted)
@_limit(limits.device_limit, limits.device_key, limits.is_untrusted)
def login() -> ResponseReturnValue:
    """Sign in; a wrong e-mail or password gets one message for both."""
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            sign_in(user)
            response = redirect(url_for(".index"), 303)
            limits.remember_device(response, user.email)
            return response
        failed = True
    status = 401 if failed else 400 if form.errors else 200
    return render_template("staff/login.html", form=form, failed=failed), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out and forget the session."""
    if not LogoutForm().validate_on_submit():
        raise BadRequest()
    sign_out()
    return redirect(url_for(".login"), 303)


@bp.get("/")
@role_required("editor", "coordinator")
def index() -> ResponseReturnValue:
    """Send each role to its own start page."""
    if current_user.role == "editor":
        return redirect(url_for("editor.index"))
    return redirect(url_for("coordinator.dashboard"))
