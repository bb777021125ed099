"""Small helpers shared by the editor's view modules: 404 for unknown questionnaires, CSRF, route lists.

The view modules collect their routes in a `Routes` list; `views.py` (which owns the
blueprint) registers them, so no view module imports the blueprint back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort
from werkzeug.exceptions import BadRequest

from ..forms import Form
from . import publishing

View = Callable[..., Any]


def known(tree_id: str) -> str:
    """The id, or 404 when no such questionnaire exists."""
    if tree_id not in publishing.questionnaire_ids():
        abort(404)
    return tree_id


def valid_post() -> None:
    """CSRF (and nothing else) for the hand-written forms of these pages; 400 when it fails."""
    if not Form().validate_on_submit():
        raise BadRequest()


class Routes(list[tuple[str, View, list[str]]]):
    """The routes of one view module, registered on the editor blueprint by views.py."""

    def get(self, rule: str) -> Callable[[View], View]:
        """Collect a GET route."""
        return self.route(rule, ["GET"])

    def post(self, rule: str) -> Callable[[View], View]:
        """Collect a POST route."""
        return self.route(rule, ["POST"])

    def route(self, rule: str, methods: list[str]) -> Callable[[View], View]:
        """Collect a route with these methods."""

        def collect(view: View) -> View:
            self.append((rule, view, methods))
            return view

        return collect

    def register(self, blueprint: Blueprint) -> None:
        """Add every collected route to the blueprint (endpoint = the function's name)."""
        for rule, view, methods in self:
            blueprint.add_url_rule(rule, view_func=view, methods=methods)
