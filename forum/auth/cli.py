"""flask --app forum create-user NAME --role ROLE"""

import click
from flask.cli import with_appcontext

from forum.auth import service
from forum.auth.forms import PASSWORD_MIN
from forum.auth.models import PROFESSIONS, ROLES
from forum.exceptions import Invalid


@click.command("create-user")
@click.argument("username")
@click.option("--email", help="Defaults to USERNAME@rounds.invalid.")
@click.option("--role", type=click.Choice(ROLES), default="member", show_default=True)
@click.option("--display-name", help="Defaults to the username.")
@click.option("--profession", type=click.Choice(list(PROFESSIONS)), default="other")
@click.password_option(help="Prompted for when not given (at least 10 characters).")
@with_appcontext
def create_user_command(username, email, role, display_name, profession, password):
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
            role=role,
        )
    except Invalid as error:
        raise click.ClickException(f"{error.field}: {error.message}") from None
    click.echo(f"Created {user.role} {user.username}.")
