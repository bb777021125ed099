"""The public site: topics, one question per page, advice, quick exit."""

from flask import Blueprint

bp = Blueprint("visitor", __name__, template_folder="templates")

from . import views  # noqa: E402,F401  (registers the routes on bp)
