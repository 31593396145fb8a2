"""flask --app forum create-user NAME [--role ROLE ...] · set-roles NAME ROLE [ROLE ...]"""

import click
from flask.cli import with_appcontext

from forum.auth import service
from forum.auth.forms import PASSWORD_MIN
from forum.auth.models import PROFESSIONS, ROLES
from forum.exceptions import Invalid, NotFound


def _roles_label(user) -> str:
    return " and ".join(sorted(user.roles)) or "member"


@click.command("create-user")
@click.argument("username")
@click.option("--email", help="Defaults to USERNAME@rounds.invalid.")
@click.option(
    "--role",
    "roles",
    type=click.Choice(ROLES),
    multiple=True,
    help="Repeat for several (a mentor who also moderates). Default: member.",
)
@click.option("--display-name", help="Defaults to the username.")
@click.option("--profession", type=click.Choice(list(PROFESSIONS)), default="other")
@click.password_option(help="Prompted for when not given (at least 10 characters).")
@with_appcontext
def create_user_command(username, email, roles, display_name, profession, password):
    """Create a user account; prompts for the password."""
    if len(password) < PASSWORD_MIN:
        raise click.BadParameter(f"use at least {PASSWORD_MIN} characters", param_hint="password")
    try:
        user = service.register_user(
            username=username,
            email=email or f"{username}@rounds.invalid",
            password=password,
            display_name=display_name or username,
            profession=profession,
            roles=roles,
        )
    except Invalid as error:
        raise click.ClickException(f"{error.field}: {error.message}") from None
    click.echo(f"Created {_roles_label(user)} {user.username}.")


@click.command("set-roles")
@click.argument("username")
@click.argument("roles", nargs=-1, required=True, type=click.Choice(ROLES))
@with_appcontext
def set_roles_command(username, roles):
    """Give USERNAME exactly ROLES (`member` alone takes every other role away)."""
    try:
        user = service.set_roles(username, roles)
    except (Invalid, NotFound) as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username} is now {_roles_label(user)}.")
