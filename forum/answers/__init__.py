"""Accepted answers and helpful marks on question threads."""

from __future__ import annotations

from flask import Flask

from forum.answers import models, service, thread_page
from forum.answers.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint, what answers add to thread pages, and the event receivers."""
    app.register_blueprint(bp)
    thread_page.register()
    service.listen()


__all__ = ["bp", "init_app", "models"]
