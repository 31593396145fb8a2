"""The mentors' queue: questions waiting for an answer in the viewer's areas."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from forum.pagination import page_arg
from forum.permissions import can_use_queue, require
from forum.queue import queries

bp = Blueprint("queue", __name__)


@bp.route("/queue")
@login_required
def show():
    require(can_use_queue(current_user), "The queue is for mentors and moderators.")
    wanted = request.args.get("show", "all")
    wanted = wanted if wanted in queries.FILTERS else "all"
    queue = queries.queue_page(current_user, wanted, page_arg())
    return render_template("queue/show.html", queue=queue, show=wanted, filters=queries.FILTERS)
