"""Pages of the queue feature."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("queue", __name__)


@bp.route("/queue")
def show():
    """Placeholder until the queue lands: the mentors' queue page."""
    from flask import abort

    abort(404)
