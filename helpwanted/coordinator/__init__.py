"""The coordinator's anonymous usage dashboard and CSV export."""

from flask import Blueprint

bp = Blueprint("coordinator", __name__, url_prefix="/staff/usage", template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
