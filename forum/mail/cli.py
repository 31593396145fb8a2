"""flask --app forum mail send | status"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from forum.mail import service

mail_cli = AppGroup("mail", help="The outgoing mail outbox.")


@mail_cli.command("send")
def send_command():
    """Send the mail that is due now (a running server does this by itself)."""
    outcome = service.send_pending()
    click.echo(
        f"Sent {outcome.sent}; {outcome.retrying} will be retried; {outcome.given_up} given up."
    )


@mail_cli.command("status")
def status_command():
    """Mail waiting, retrying, sent (last 7 days) and given up, and where it goes."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        tls = ", STARTTLS" if config["MAIL_USE_TLS"] else ""
        click.echo(f"Server: {config['MAIL_SERVER']}:{config['MAIL_PORT']}{tls}")
    else:
        click.echo("Server: none (MAIL_SERVER is not set; mail is written to the log)")
    state = service.status()
    oldest = f" (oldest queued {state.oldest_waiting:%Y-%m-%d %H:%M} UTC)" if state.waiting else ""
    click.echo(f"Waiting: {state.waiting}{oldest}")
    upcoming = f" (next try {state.next_retry:%Y-%m-%d %H:%M} UTC)" if state.retrying else ""
    click.echo(f"Retrying: {state.retrying}{upcoming}")
    click.echo(f"Sent: {state.sent}")
    click.echo(f"Given up: {state.given_up}")
    if state.last_error:
        click.echo(f"Last error: {state.last_error}")
