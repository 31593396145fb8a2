"""The mentors' queue: questions waiting for an answer in the viewer's areas."""

from __future__ import annotations

from flask import Flask

from forum.queue.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint (and, as the feature grows, its hooks, listeners and effects)."""
    app.register_blueprint(bp)


__all__ = ["bp", "init_app"]
