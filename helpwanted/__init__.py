"""helpwanted: the online advice module of a youth helpline about online sexual abuse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine in helpwanted.questionnaire must import without Flask
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults < instance/config.py < HELPWANTED_* environment < test_config."""
    from flask import Flask

    app = Flask(__name__, instance_relative_config=True)
    from . import config

    config.configure(app, test_config)

    from . import cli, contacts, database, errors, i18n, security, trees, usage
    from .staff import auth

    for module in (security, i18n, database, contacts, trees, usage, auth, errors, cli):
        module.init_app(app)

    from .coordinator import bp as coordinator_bp
    from .editor import bp as editor_bp
    from .staff import bp as staff_bp
    from .visitor import bp as visitor_bp

    for blueprint in (visitor_bp, staff_bp, coordinator_bp, editor_bp):
        app.register_blueprint(blueprint)
    return app
