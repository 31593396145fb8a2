"""The redact page: /posts/<id>/redact (GET shows the form, POST with CSRF redacts).

The thread page's "Redact" button posts here with no fields: that opens the form too.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Invalid
from forum.permissions import can_redact_post, require
from forum.redaction import queries, service
from forum.redaction.forms import RedactForm
from forum.threads import service as threads

bp = Blueprint("redaction", __name__)


def _done(count: int) -> str:
    spans = "1 occurrence" if count == 1 else f"{count} occurrences"
    return (
        f"Redacted {spans}. The post, its earlier versions, search and unsent mail no "
        "longer hold that text."
    )


@bp.route("/posts/<id:post_id>/redact", methods=["GET", "POST"])
@login_required
def redact(post_id: int):
    post = threads.get_post(current_user, post_id)
    require(can_redact_post(current_user, post), "Only this thread's moderators can redact it.")
    form = RedactForm()
    if "text" in request.form and form.validate_on_submit():
        try:
            done = service.redact_post(current_user, post, form.text.data, form.reason.data)
        except Invalid as error:
            form_support.attach(form, error)
            post = threads.get_post(current_user, post_id)  # the refusal rolled back
        else:
            flash(_done(done.spans), "success")
            return redirect(url_for("threads.post", post_id=post.id))
    page = queries.redact_page(post)
    return render_template("redaction/redact.html", page=page, post=post, form=form)
