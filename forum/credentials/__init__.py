"""credentials (issue 12: clinical trust): members' professional credentials, their
review by moderators, and the badges beside every post and on profiles."""

from __future__ import annotations

from flask import Flask

from forum.credentials import models, profile_page, service, thread_page
from forum.credentials.views import bp
from forum.moderation import audit


def init_app(app: Flask) -> None:
    """Register the blueprint, the thread and profile page parts, and the audit actions."""
    app.register_blueprint(bp)
    thread_page.register()
    profile_page.register()
    audit.register_actions(service.AUDIT_ACTIONS)


__all__ = ["bp", "init_app", "models"]
