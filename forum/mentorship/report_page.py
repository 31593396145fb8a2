"""What mentorship adds to a thread page, through forum/threads/hooks.py: a "Report"
button on each message of a mentorship's private thread that the viewer may report
(permissions.can_report_message: the other side's live messages).

A public thread (space_id None) costs nothing: the loader returns before any query.
A private thread costs one query, for the mentorship whose conversation it is. The
button posts only the page's CSRF token to the report address, which answers with
the report form (or with the viewer's report, if they made one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import url_for
from sqlalchemy import select

from forum.extensions import db
from forum.mentorship.models import Mentorship
from forum.permissions import active, can_report_message
from forum.threads import hooks
from forum.threads.hooks import PostButton, PostParts


def post_parts(thread, viewer, posts: Sequence[Any]) -> dict[int, PostParts]:
    """A Report button for each message of the mentorship's thread `viewer` may report."""
    if thread.space_id is None or not active(viewer):
        return {}
    mentorship = db.session.scalar(select(Mentorship).where(Mentorship.thread_id == thread.id))
    if mentorship is None:
        return {}
    return {
        post.id: PostParts(
            buttons=(
                PostButton(
                    "Report",
                    url_for("mentorship_work.report", mentorship_id=mentorship.id, post_id=post.id),
                    css="flag-button",
                    title="Report this message to the moderators",
                ),
            )
        )
        for post in posts
        if can_report_message(viewer, mentorship, post)
    }


def register() -> None:
    """Plug the Report button into thread pages (idempotent)."""
    hooks.register_post_parts("mentorship_reports", post_parts)
