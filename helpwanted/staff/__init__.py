"""The staff area: sign-in, sign-out and the pages every role shares."""

from flask import Blueprint

bp = Blueprint("staff", __name__, url_prefix="/staff", template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
