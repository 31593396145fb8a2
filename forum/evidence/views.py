"""The one action of evidence: mark an accepted answer "reviewed, still current".

A POST from the button under the accepted answer's box (its CSRF token checked by
CSRFProtect for every POST) that calls one service function and goes back to the
notice. A post the viewer may not see answers 404 (get_post), an action they may not
take 403 (the service's NotAllowed).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from forum.evidence import service
from forum.evidence.thread_page import ANCHOR
from forum.threads.service import get_post

bp = Blueprint("evidence", __name__)


@bp.route("/posts/<id:post_id>/still-current", methods=["POST"])
@login_required
def review(post_id: int):
    post = get_post(current_user, post_id)
    thread_id = post.thread_id  # before the commit expires the post
    if service.review_answer_currency(current_user, post) is None:
        flash("This answer was reviewed recently: nothing changed.", "info")
    else:
        flash("Thank you: the answer is marked as reviewed and still current.", "success")
    return redirect(url_for("threads.show", thread_id=thread_id, _anchor=ANCHOR))
