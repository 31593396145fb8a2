"""Atom feeds of the latest threads, a specialty, a research topic and a thread."""

from __future__ import annotations

from flask import Flask

from forum.feeds.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint (and, as the feature grows, its hooks, listeners and effects)."""
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
