"""Case presentations: a structured, de-identified "case" kind of question (after
Project ECHO), checked by the privacy guard field by field and shown as a case card."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the case form and the case card on thread pages."""
    from forum.cases import service
    from forum.cases.views import bp
    from forum.threads import hooks

    app.register_blueprint(bp)
    hooks.register_page_extra("case", service.case_facts)
    hooks.register_template(
        "thread_header", "cases/_card.html", when=lambda extras: extras.get("case") is not None
    )


__all__ = ["init_app"]
