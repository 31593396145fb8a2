"""Moderation: reports and their review, hiding posts, thread surgery (merge, split,
move), suspensions, staff notes, the moderators' dashboard and the audit log.

Who may do each of these is decided in forum/permissions.py; every action writes its
audit entry (forum/moderation/audit.py) in its own unit of work.
"""

from __future__ import annotations

from flask import Flask

from forum.moderation import models


def init_app(app: Flask) -> None:
    """Register moderation's blueprints, hooks and event receivers."""
    from forum.moderation.views import register

    register(app)
    from forum.moderation import (
        audit_listeners,
        flag_page,
        new_accounts,
        people,
        thread_page,
    )

    thread_page.register()
    flag_page.register()
    people.register()
    new_accounts.register()
    audit_listeners.register()


__all__ = ["init_app", "models"]
