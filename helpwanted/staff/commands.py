"""`flask users …`: staff accounts (there is no default account)."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from ..accounts import ROLES, AccountError, create_user, set_password

users = AppGroup("users", help="Manage staff accounts (there is no default account).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(email: str, role: str, password_stdin: bool) -> None:
    """Create a staff account."""
    password = _read_password(password_stdin)
    try:
        create_user(email, password, role)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
    click.echo(f"Created {role} {email}.")


@users.command("set-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(email: str, password_stdin: bool) -> None:
    """Change a staff password; every session of the account is signed out."""
    try:
        set_password(email, _read_password(password_stdin))
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    except SQLAlchemyError as error:
        raise click.ClickException(f"database error: {type(error).__name__}; did you run `init`?") from None
    click.echo(f"Changed the password of {email}; its sessions have ended.")
