"""Patient privacy: the guard that checks every post, reply, edit, title and preview
for patient identifiers (HIPAA Safe Harbor) before anything is saved.

`check(text)` is the one entry point of the detector (forum/privacy/detector.py);
forum/privacy/guard.py runs it as a confirmable posting check (forum/threads/hooks.py),
shows its findings beside the editor and records posts confirmed over a warning.
"""

from __future__ import annotations

from flask import Flask

from forum.privacy.detector import check
from forum.privacy.findings import KINDS, Finding


def init_app(app: Flask) -> None:
    """Register the guard's posting check, editor part, pages and history notes."""
    from forum.privacy import guard, queries
    from forum.privacy.views import bp
    from forum.threads import hooks

    guard.register()
    hooks.register_history_notes(guard.CHECK, queries.history_notes)
    app.register_blueprint(bp)
    app.jinja_env.globals["privacy_confirm_label"] = guard.CONFIRM_LABEL


__all__ = ["KINDS", "Finding", "check", "init_app"]
