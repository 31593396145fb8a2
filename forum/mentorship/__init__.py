"""Mentorship: mentor profiles and applications, the directory, members' goals and
explained matching, requests, the compact, a private space per mentorship, goals and
check-ins, tele-mentoring sessions, reminders, and reports of private messages.

Who may do each of these is decided in forum/permissions.py; who may see a
mentorship (its two members, nobody else) in forum/visibility.py. Each module holds
one part: profiles (applications, the directory), goals (matching), requests (the
mentorship's life), compacts, checkins, sessions, reminders and reports.
"""

from __future__ import annotations

from flask import Flask

from forum.mentorship import models


def init_app(app: Flask) -> None:
    """Register mentorship's blueprints, page sections, effects and CLI."""
    from forum.mentorship import access, goal_views, mentorship_views, profile_views, work_views
    from forum.mentorship.views import register

    register(app)
    for part in (profile_views, goal_views, mentorship_views, work_views):
        part.setup(app)
    app.jinja_env.filters["in_zone"] = access.in_zone


__all__ = ["init_app", "models"]
