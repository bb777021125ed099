"""Which app a `flask` command line needs: the whole web app, or only the checker's (issue 11).

Flask's command line builds the app (`create_app()`, no arguments) before it can look a command
up, so every `flask` command paid for importing the whole web app: every blueprint's views,
SQLAlchemy, Flask-Login, the limiter, the report code — about a second before `questionnaires
check` read its first file. Checking files needs none of that: only the configuration, the help
channels and the engine. This module reads the command line that Flask is resolving and says when
that is all the command needs; `create_app` then builds the checker's app (`create_checker_app`).

Only an exact, unambiguous `questionnaires check` command line qualifies; anything else, and every
app built outside Flask's command line (gunicorn, tests, scripts), is the whole web app.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

# The commands that run on the checker's app: they read files, never the database or a request.
CHECKER_COMMANDS = frozenset({("questionnaires", "check")})


def wants_checker_app() -> bool:
    """True when Flask's command line is building the app to run one of CHECKER_COMMANDS.

    Flask loads the app for its own group's context while it resolves the command name (for
    `run`, `shell`, `routes` and plugins' commands it loads it later, inside that command), and
    that group parsed `sys.argv` (Flask's `main()` passes no other arguments).
    """
    context = click.get_current_context(silent=True)
    if context is None or context.parent is not None or context.invoked_subcommand is not None:
        return False
    from flask.cli import FlaskGroup  # already imported wherever a click context exists

    if not isinstance(context.command, FlaskGroup):
        return False
    return command_words(sys.argv[1:], context.command.params)[:2] in CHECKER_COMMANDS


def command_words(arguments: Sequence[str], options: Sequence[click.Parameter]) -> tuple[str, ...]:
    """The command and subcommand names of a command line, skipping the group's options.

    `options` are the group's own parameters (Flask's --app, --env-file, --debug …): an option
    that takes a value given as a separate word takes that word along. The names end at the
    first word after the command name that is an option (e.g. `questionnaires --help check`).
    """
    takes_value = {
        name
        for option in options
        if isinstance(option, click.Option) and not option.is_flag and not option.count
        for name in option.opts
    }
    words: list[str] = []
    remaining = iter(arguments)
    for word in remaining:
        if word == "--":  # rare enough to leave to the whole app
            return ()
        if word.startswith("-"):
            if words:
                break
            if word in takes_value:
                next(remaining, None)
            continue
        words.append(word)
        if len(words) == 2:
            break
    return tuple(words)
