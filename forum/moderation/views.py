"""Moderation's blueprints, each in the module of the feature it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)


def _blueprints():
    # Imported here, not at the top: the views import the services, which import
    # moderation's models (and curation's views import the taxonomy package).
    from forum.moderation import (
        dashboard_views,
        flag_views,
        log_views,
        people_views,
        thread_views,
    )
    from forum.taxonomy import curation_views

    return (
        people_views.bp,
        flag_views.bp,
        log_views.bp,
        dashboard_views.bp,
        thread_views.bp,
        curation_views.bp,
    )
