"""Flagging a post, the moderators' review queue and its resolutions, and a member's
warnings.

- /posts/<id>/flag: the report form (GET, or the thread page's "Flag" button, which
  posts only its CSRF token); a member who flagged the post already sees their report
  and what became of it instead.
- /moderation/flags: the review queue; /moderation/posts/<id>/flags: one post's
  review, with the inline edit; /moderation/posts/<id>/flags/<action>: hide, dismiss,
  warn or edit, each resolving every open flag of the post.
- /account/warnings: the warnings addressed to the signed-in member.

A post the viewer may not see answers 404 (get_post); a queue or a resolution they
may not use 403.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Invalid, RateLimited
from forum.moderation import flag_queries, flags, warnings
from forum.moderation.flag_forms import FlagForm, WarningReadForm, resolution_form
from forum.pagination import page_arg
from forum.permissions import can_flag, can_moderate_post, can_review_flags, require
from forum.threads.service import get_post

bp = Blueprint("flags", __name__)

FLAGGED = "Thank you: the moderators will review your report, and you will be told the outcome."
RESOLVED = {
    "hide": "The post is hidden and its flags are resolved; those who flagged it were told.",
    "dismiss": "The flags are dismissed and the post stays; those who flagged it were told.",
    "warn": "The author was warned and the flags are resolved; those who flagged it were told.",
    "edit": "The post is saved and its flags are resolved; those who flagged it were told.",
}
# The forms each review shows, in order (the edit form only on a post's own review page).
QUEUE_ACTIONS = ("hide", "dismiss", "warn")


def _too_fast(form, field: str, error: RateLimited) -> tuple[int, dict]:
    form_support.attach(form, Invalid(field, error.message))
    return 429, {"Retry-After": str(error.retry_after)}


@bp.route("/posts/<id:post_id>/flag", methods=["GET", "POST"])
@login_required
def flag(post_id: int):
    post = flag_queries.flag_target(current_user, post_id)
    mine = flag_queries.flag_of(current_user, post_id)
    if mine is not None:
        return render_template("moderation/flags/flagged.html", post=post, flag=mine)
    require(can_flag(current_user, post), flags.flag_refusal(current_user, post))
    form = FlagForm()
    status, headers = 200, {}
    if form.was_sent and form.validate():
        try:
            flags.flag_post(current_user, post, form.reason.data, form.text.data)
        except flags.AlreadyFlagged as error:
            flash(error.message, "info")
            return redirect(url_for("flags.flag", post_id=post_id))
        except Invalid as error:
            form_support.attach(form, error)
        except RateLimited as error:
            status, headers = _too_fast(form, "reason", error)
        else:
            flash(FLAGGED, "success")
            return redirect(url_for("threads.post", post_id=post_id))
        post = flag_queries.flag_target(current_user, post_id)  # the rollback expired it
    page = render_template("moderation/flags/flag.html", post=post, form=form)
    return page, status, headers


@bp.route("/moderation/flags")
@login_required
def queue():
    require(can_review_flags(current_user), "The review queue is for moderators.")
    page = flag_queries.review_queue(current_user, page_arg())
    forms = {item.post.id: _forms(item.post.id) for item in page.items}
    return render_template("moderation/flags/queue.html", page=page, forms=forms)


def _forms(post_id: int, actions=QUEUE_ACTIONS, **data) -> dict:
    """Empty resolution forms for one post (never bound to this request's data)."""
    return {
        action: resolution_form(action, post_id, formdata=None, data=data.get(action))
        for action in actions
    }


def _moderated_post(post_id: int):
    """:raises NotFound: a post the viewer may not see. :raises NotAllowed: not theirs."""
    post = get_post(current_user, post_id)
    require(
        can_moderate_post(current_user, post), "Only this thread's moderators can review its flags."
    )
    return post


def _review_page(post_id: int, bound: dict | None = None):
    post = _moderated_post(post_id)
    item = flag_queries.review_item(post)
    forms = _forms(post.id, (*QUEUE_ACTIONS, "edit"), edit={"body": post.body_md})
    forms.update(bound or {})
    return render_template("moderation/flags/review.html", post=post, item=item, forms=forms)


@bp.route("/moderation/posts/<id:post_id>/flags")
@login_required
def review(post_id: int):
    return _review_page(post_id)


def _resolve(post_id: int, action: str, run):
    """Resolve the post's flags with `run(post, form)` once the form is valid; on a bad
    field, the post's review page with the message beside it."""
    post = _moderated_post(post_id)
    form = resolution_form(action, post_id)
    status, headers = 200, {}
    if form.validate_on_submit():
        try:
            run(post, form)
        except flags.NothingToResolve as error:
            flash(error.message, "info")
            return redirect(url_for("flags.queue"))
        except Invalid as error:
            form_support.attach(form, error)
        except RateLimited as error:  # a posting check on the edited text
            status, headers = _too_fast(form, "body", error)
        else:
            flash(RESOLVED[action], "success")
            return redirect(url_for("flags.queue"))
    return _review_page(post_id, {action: form}), status, headers


@bp.route("/moderation/posts/<id:post_id>/flags/hide", methods=["POST"])
@login_required
def hide(post_id: int):
    return _resolve(
        post_id,
        "hide",
        lambda post, form: flags.hide_flagged_post(
            current_user, post, form.reason.data, note=form.note.data
        ),
    )


@bp.route("/moderation/posts/<id:post_id>/flags/dismiss", methods=["POST"])
@login_required
def dismiss(post_id: int):
    return _resolve(
        post_id,
        "dismiss",
        lambda post, form: flags.dismiss_flags(current_user, post, note=form.note.data),
    )


@bp.route("/moderation/posts/<id:post_id>/flags/warn", methods=["POST"])
@login_required
def warn(post_id: int):
    return _resolve(
        post_id,
        "warn",
        lambda post, form: flags.warn_flagged_author(
            current_user,
            post,
            form.message.data,
            hide_reason=form.reason.data if form.hide.data else None,
            note=form.note.data,
        ),
    )


@bp.route("/moderation/posts/<id:post_id>/flags/edit", methods=["POST"])
@login_required
def edit(post_id: int):
    return _resolve(
        post_id,
        "edit",
        lambda post, form: flags.edit_flagged_post(
            current_user, post, form.body.data, note=form.note.data
        ),
    )


@bp.route("/account/warnings")
@login_required
def warnings_page():
    page = flag_queries.member_warnings(current_user, page_arg())
    return render_template("moderation/flags/warnings.html", page=page, form=WarningReadForm())


@bp.route("/account/warnings/<id:warning_id>/read", methods=["POST"])
@login_required
def warning_read(warning_id: int):
    if not WarningReadForm().validate_on_submit():
        abort(400)
    warnings.mark_warning_read(current_user, warning_id)
    return redirect(url_for("flags.warnings_page"))
