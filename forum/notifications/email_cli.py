"""flask --app forum notifications digest [--all]"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from forum.notifications import email

notifications_cli = AppGroup("notifications", help="Notifications and their email.")


@notifications_cli.command("digest")
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Send every waiting digest now, due or not (for a daily cron job).",
)
def digest_command(everyone: bool):
    """Queue the email digests that are due (a running server does this by itself)."""
    if not current_app.config.get("MAIL_SERVER"):
        click.echo("MAIL_SERVER is not set: no notification email is sent.")
        return
    queued = email.send_due_digests(everyone=everyone)
    click.echo(f"Queued {queued} digest{'' if queued == 1 else 's'}.")
