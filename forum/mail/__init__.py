"""Outgoing mail: an outbox table filled in the caller's transaction, sent after commit.

Mail sits below the feature packages (like extensions): auth and later features
import it, and it imports none of them.
"""

from flask import Flask

from forum import InsecureConfiguration, effects
from forum.mail.cli import mail_cli
from forum.mail.service import queue_mail, send_pending


def init_app(app: Flask) -> None:
    """Send the outbox after commits (the "mail" effect) and add `flask mail`.

    :raises InsecureConfiguration: outside debug and tests, when mail is sent but links
        in it would be built from the request's Host header (a forged Host would put an
        attacker's address in front of a reset token).
    """
    config = app.config
    host_pinned = config.get("SERVER_NAME") or config.get("TRUSTED_HOSTS")
    if config.get("MAIL_SERVER") and not host_pinned and not (app.debug or app.testing):
        raise InsecureConfiguration(
            "MAIL_SERVER is set but SERVER_NAME is not. Links in mail (password resets)"
            " must name this site, not whatever Host a request claims: export"
            " SERVER_NAME=forum.example.org (the host name people use to reach it)."
        )
    effects.register("mail", send_pending)
    app.cli.add_command(mail_cli)


__all__ = ["init_app", "queue_mail", "send_pending"]
