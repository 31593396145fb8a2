"""flask --app forum mentorship remind"""

from __future__ import annotations

import click
from flask.cli import AppGroup

from forum.mentorship import reminders

mentorship_cli = AppGroup("mentorship", help="Mentorship: reminders.")


@mentorship_cli.command("remind")
def remind_command():
    """Send the session and review-date reminders that are due (a running server does
    this by itself on its interval pass; run this from cron where none runs)."""
    outcome = reminders.send_due_reminders()
    click.echo(f"Reminded {outcome.sessions} session(s) and {outcome.reviews} review date(s).")
