"""Watching threads, specialties and topics; in-app and email notifications."""

from __future__ import annotations

from flask import Flask

from forum import effects
from forum.notifications import email, email_views, fanout, listeners, models, queries
from forum.notifications.email_cli import notifications_cli
from forum.notifications.views import bp
from forum.threads import hooks


def init_app(app: Flask) -> None:
    """The pages, the event receivers, the fan-out effect, the thread page's watch control,
    and notification email (its pages, effects and `flask notifications`)."""
    app.register_blueprint(bp)
    listeners.connect()
    effects.register("notifications", fanout.drain)
    hooks.register_page_extra("watch", queries.thread_watch)
    hooks.register_template(
        "thread_header",
        "notifications/_thread_watch.html",
        when=lambda extras: extras.get("watch") is not None,  # guests have no control
    )
    app.register_blueprint(email_views.bp)
    app.cli.add_command(notifications_cli)
    email.register()


__all__ = ["bp", "init_app", "models"]
