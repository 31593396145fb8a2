"""What the notification-email tests share: wiring, notifications made directly, mail read."""

from __future__ import annotations

import re
from datetime import datetime

from flask import Flask
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mail import service as mail
from forum.mail.models import OutgoingMail
from forum.notifications import email, email_views
from forum.notifications.email_cli import notifications_cli
from forum.notifications.models import Notification
from forum.threads.models import Post

UNSUBSCRIBE = re.compile(r"<(https?://[^>]+/unsubscribe/[^>]+)>")


def wire(app: Flask) -> None:
    """Register notification email on `app` as forum/notifications/__init__.py does
    (idempotent, so it keeps working once that init_app registers it itself)."""
    if "notification_email" not in app.blueprints:
        app.register_blueprint(email_views.bp)
    if "notifications" not in app.cli.commands:
        app.cli.add_command(notifications_cli)
    email.register()


def notify(
    user, kind: str, post: Post, actor=None, *, created_at: datetime | None = None, **fields
) -> Notification:
    """A notification as the fan-out writes it (committed)."""
    notification = Notification(
        user_id=user.id,
        kind=kind,
        thread_id=post.thread_id,
        post_id=post.id,
        actor_id=actor.id if actor is not None else None,
        created_at=created_at or utcnow(),
        **fields,
    )
    db.session.add(notification)
    db.session.commit()
    return notification


def outbox() -> list[OutgoingMail]:
    """The outbox as the database has it now (the drains write through their own sessions)."""
    db.session.expire_all()
    return list(db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id)))


def emailed_at(notification: Notification):
    db.session.expire_all()
    return db.session.get(Notification, notification.id).emailed_at


def deliver():
    """Send what the outbox holds, as the "mail" effect does."""
    return mail.send_pending()


def unsubscribe_url(message) -> str:
    match = UNSUBSCRIBE.fullmatch(message["List-Unsubscribe"])
    assert match, message["List-Unsubscribe"]
    return match.group(1)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()
