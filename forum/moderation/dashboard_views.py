"""The moderators' dashboard (GET /moderation) and, with it, the header's counts."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from forum.moderation import dashboard_queries, header
from forum.permissions import can_review_flags, require

bp = Blueprint("moderation", __name__)
# Registered with the dashboard, so the header links to it exactly when it exists.
bp.app_context_processor(header.moderation_in_header)


@bp.route("/moderation")
@login_required
def index():
    require(can_review_flags(current_user), "The dashboard is for moderators.")
    board = dashboard_queries.dashboard(current_user, header.staff_counts())
    return render_template("moderation/dashboard.html", board=board)
