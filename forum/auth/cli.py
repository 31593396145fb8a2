"""flask --app forum create-user NAME [--role ROLE ...] [--moderates SLUG ...] ·
set-roles NAME ROLE [ROLE ...] · set-scopes NAME [SLUG ...]

Changes of roles and scopes made here are in the audit log, by "system".
"""

import click
from flask.cli import with_appcontext

from forum.auth import service
from forum.auth.forms import PASSWORD_MIN
from forum.auth.models import PROFESSIONS, ROLES
from forum.exceptions import Invalid, NotFound


def _roles_label(user) -> str:
    return " and ".join(sorted(user.roles)) or "member"


def _scopes_label(user) -> str:
    slugs = service.scope_slugs(user)
    return ", ".join(slugs) if slugs else "no specialty"


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
@click.option(
    "--moderates",
    "moderates",
    metavar="SLUG",
    multiple=True,
    help="A specialty (by slug) the user moderates without being a site-wide moderator. "
    "Repeat for several.",
)
@click.option("--display-name", help="Defaults to the username.")
@click.option("--profession", type=click.Choice(list(PROFESSIONS)), default="other")
@click.password_option(help="Prompted for when not given (at least 10 characters).")
@with_appcontext
def create_user_command(username, email, roles, moderates, display_name, profession, password):
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
            moderates=moderates,
        )
    except Invalid as error:
        raise click.ClickException(f"{error.field}: {error.message}") from None
    scopes = f", moderating {_scopes_label(user)}" if moderates else ""
    click.echo(f"Created {_roles_label(user)} {user.username}{scopes}.")


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


@click.command("set-scopes")
@click.argument("username")
@click.argument("slugs", nargs=-1, metavar="[SLUG]...")
@with_appcontext
def set_scopes_command(username, slugs):
    """Make USERNAME moderate exactly the specialties SLUG... (none: take every scope away).

    A scoped moderator moderates those specialties' threads only; the `moderator` role
    (set-roles) moderates every specialty.
    """
    try:
        user = service.set_scopes(username, slugs)
    except (Invalid, NotFound) as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{user.username} now moderates {_scopes_label(user)}.")
