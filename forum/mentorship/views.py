"""Mentorship's blueprints, each in the module of the part it serves."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)


def _blueprints():
    # Imported here, not at the top: the views import the services, which import the
    # mentorship models and the features below (notifications, moderation's audit log).
    from forum.mentorship import goal_views, mentorship_views, profile_views, work_views

    return (profile_views.bp, goal_views.bp, mentorship_views.bp, work_views.bp)
