"""evidence (issue 12: clinical trust): DOI and PMID references link to their sources
(forum/content.py), and accepted answers show when they were accepted and, once old,
ask for a review by their author or a mentor of their specialty."""

from __future__ import annotations

from flask import Flask

from forum.evidence import models, thread_page
from forum.evidence.views import bp


def init_app(app: Flask) -> None:
    """Register the blueprint and what evidence adds to thread pages."""
    app.register_blueprint(bp)
    thread_page.register()


__all__ = ["bp", "init_app", "models"]
