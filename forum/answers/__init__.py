"""Accepted answers and helpful marks on question threads."""

from __future__ import annotations

from flask import Flask

from forum.answers import models
from forum.answers.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint (and, as the feature grows, its hooks, listeners and effects)."""
    app.register_blueprint(bp)


__all__ = ["bp", "init_app", "models"]
