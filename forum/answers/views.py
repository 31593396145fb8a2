"""The one-click actions of answers: accept, unaccept, mark and unmark helpful.

Each is a POST from a button on the thread page (its CSRF token checked by
CSRFProtect for every POST) that calls one service function and goes back to the
post's permalink. A post the viewer may not see answers 404 (get_post), an action
they may not take 403 (the service's NotAllowed).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from forum.answers import service
from forum.threads.service import get_post

bp = Blueprint("answers", __name__)


def _back_to(post_id: int):
    return redirect(url_for("threads.post", post_id=post_id))


@bp.route("/posts/<id:post_id>/accept", methods=["POST"])
@login_required
def accept(post_id: int):
    service.accept_answer(current_user, get_post(current_user, post_id))
    flash("Answer accepted: the question shows as solved.", "success")
    return _back_to(post_id)


@bp.route("/posts/<id:post_id>/unaccept", methods=["POST"])
@login_required
def unaccept(post_id: int):
    post = get_post(current_user, post_id)
    if service.unaccept_answer(current_user, post.thread, post=post) is None:
        flash("That reply is not the accepted answer (any more): nothing changed.", "info")
    else:
        flash("The accepted answer was withdrawn: the question is unsolved again.", "info")
    return _back_to(post_id)


@bp.route("/posts/<id:post_id>/helpful", methods=["POST"])
@login_required
def helpful(post_id: int):
    service.mark_helpful(current_user, get_post(current_user, post_id))
    return _back_to(post_id)


@bp.route("/posts/<id:post_id>/unhelpful", methods=["POST"])
@login_required
def unhelpful(post_id: int):
    service.unmark_helpful(current_user, get_post(current_user, post_id))
    return _back_to(post_id)
