"""Watching threads, specialties and topics; in-app and email notifications."""

from __future__ import annotations

from flask import Flask

from forum.notifications import models
from forum.notifications.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint (and, as the feature grows, its hooks, listeners and effects)."""
    app.register_blueprint(bp)


__all__ = ["bp", "init_app", "models"]
