"""helpwanted: the online advice module of a youth helpline about online sexual abuse."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the engine in helpwanted.questionnaire must import without Flask
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults < instance/config.py < HELPWANTED_* environment < test_config.

    No database is touched here: the questionnaires are read on first use (trees.py),
    the schema is made by `flask init`. The imports are local so that importing the
    engine (helpwanted.questionnaire) never pulls in Flask. Flask's command line running
    `questionnaires check` gets the checker's app instead (commandline.py).
    """
    from .commandline import wants_checker_app

    if wants_checker_app():
        return create_checker_app(test_config)
    from . import (
        auth,
        branding,
        cli,
        config,
        contacts,
        counting,
        database,
        errors,
        flaskapp,
        fragments,
        i18n,
        operations,
        security,
        trees,
        urls,
        usage,
    )
    from .coordinator.views import bp as coordinator_bp
    from .editor.views import bp as editor_bp
    from .staff.views import bp as staff_bp
    from .visitor.views import bp as visitor_bp

    app = flaskapp.HelpwantedFlask(__name__, instance_relative_config=True)
    modules = (operations, security, i18n, urls, fragments, branding, database, contacts, trees, usage, counting, auth)
    try:
        config.configure(app, test_config)
        for module in (*modules, errors, cli):
            module.init_app(app)
    except _configuration_errors() as error:
        _refuse_configuration(error)
    for blueprint in (visitor_bp, staff_bp, coordinator_bp, editor_bp):
        app.register_blueprint(blueprint)
    return app


def create_checker_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The app of `flask questionnaires check`: configuration, help channels, the engine; no web.

    The same configuration, refused for the same reasons as the web app's (`_configuration_errors`:
    keys, branding, help channels and their hours), so `check` stops where every other command
    stops. No blueprint, database, sign-in or limiter: it imports about 60 % of the web app's modules.
    """
    from flask import Flask

    from . import branding, config, contacts
    from .editor.commands import questionnaires
    from .sessions import check_keys

    app = Flask(__name__, instance_relative_config=True)
    try:
        config.configure(app, test_config)
        check_keys(app)
        branding.init_app(app)
        contacts.init_app(app)
    except _configuration_errors() as error:
        _refuse_configuration(error)
    app.cli.add_command(questionnaires)
    return app


def _configuration_errors() -> tuple[type[Exception], ...]:
    """The errors that mean "the configuration is refused" (each names the setting and the reason)."""
    from .branding import BrandingError
    from .config import ConfigError
    from .contacts import ChannelError
    from .opening_hours import HoursError
    from .sessions import SessionKeyError

    return (BrandingError, ConfigError, ChannelError, HoursError, SessionKeyError)


def _refuse_configuration(error: Exception) -> None:
    """Under a `flask` command: the reason on one line and exit 1 (attack F12: a traceback before it);
    anywhere else (gunicorn, tests) the error itself.

    The exit is a SystemExit, not a ClickException: Flask's command listing (`flask --help`, or a
    mistyped command) catches every Exception while it builds the app and prints its traceback.
    """
    import click

    if click.get_current_context(silent=True) is None:
        raise error
    click.ClickException(f"the configuration is refused: {error}").show()
    raise SystemExit(1)
