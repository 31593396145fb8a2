"""The header's "Moderation" link and its counts, for moderators of any scope.

Guests and members get nothing and cost no query: whether someone moderates is read
from the signed-in user, whose roles and scopes are already loaded. A moderator's
counts are one query a request, kept with the request, so a second template rendered
in it (an error page, a partial) asks nothing more.
"""

from __future__ import annotations

from flask import has_request_context, request
from flask_login import current_user

from forum.moderation import dashboard_queries
from forum.permissions import can_review_flags

# Kept in the request's environ rather than on `g`: an app context can outlive one
# request (the tests' does), and a count must never be carried into the next.
_KEY = "rounds.moderation_counts"


def staff_counts() -> dashboard_queries.Counts | None:
    """This request's counts for the signed-in moderator; None for everyone else."""
    if not has_request_context() or not can_review_flags(current_user):
        return None
    counts = request.environ.get(_KEY)
    if counts is None:
        counts = request.environ[_KEY] = dashboard_queries.counts(current_user)
    return counts


def moderation_in_header() -> dict:
    """Context processor: `moderation_counts` for _partials/nav.html, moderators only."""
    counts = staff_counts()
    return {"moderation_counts": counts} if counts is not None else {}
