"""redaction (issue 12: clinical trust): privacy-first moderation.

A "patient privacy concern" flag hides its post at once (forum/moderation/flags.py);
this package takes the hidden text out of the search index's files and of stored mail
(purge.py), and lets a post's moderators redact a span of it, in every version
(service.py, /posts/<id>/redact).
"""

from __future__ import annotations

from flask import Flask

from forum import events
from forum.moderation import audit
from forum.redaction import models, purge, service, thread_page
from forum.redaction.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint, the thread page's Redact button, the audit actions and the
    receivers that purge a post hidden over a privacy concern and keep its history for
    staff."""
    app.register_blueprint(bp)
    thread_page.register()
    audit.register_actions(service.AUDIT_ACTIONS)
    events.post_removed.connect(purge.on_post_removed, weak=False)
    events.post_edited.connect(purge.on_post_edited, weak=False)


__all__ = ["bp", "init_app", "models"]
