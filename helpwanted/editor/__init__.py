"""The content staff area: list, graph, preview, edit, publish, history."""

from flask import Blueprint

bp = Blueprint("editor", __name__, url_prefix="/staff/questionnaires", template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
