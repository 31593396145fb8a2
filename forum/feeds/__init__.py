"""Atom feeds of the latest threads, a specialty, a research topic and a thread."""

from __future__ import annotations

from flask import Flask

from forum.feeds.links import feed_links
from forum.feeds.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint and base.html's `feed_links()` (the <link rel="alternate">s)."""
    app.register_blueprint(bp)
    app.jinja_env.globals["feed_links"] = feed_links


__all__ = ["bp", "init_app"]
