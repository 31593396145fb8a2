"""Thread pages and the forms that write threads and posts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Conflict, Invalid, NotFound, RateLimited
from forum.pagination import page_arg
from forum.permissions import (
    can_delete_post,
    can_edit_post,
    can_moderate,
    can_reply,
    can_see_deleted_body,
    require,
)
from forum.taxonomy.service import get_specialty, specialty_choices, topic_choices
from forum.threads import queries, service
from forum.threads.forms import ActionForm, EditForm, ReplyForm, ThreadForm

bp = Blueprint("threads", __name__)

STATE_ACTIONS = {
    "pin": ({"pinned": True}, "Thread pinned."),
    "unpin": ({"pinned": False}, "Thread unpinned."),
    "lock": ({"locked": True}, "Thread locked."),
    "unlock": ({"locked": False}, "Thread unlocked."),
}


def permalink(post) -> str:
    """URL of the page that shows `post`, anchored at it."""
    return url_for(
        "threads.show",
        thread_id=post.thread_id,
        page=queries.page_of_number(post.number),
        _anchor=f"post-{post.id}",
    )


def _wants_preview(form) -> str | None:
    return service.preview(form.body.data) if form.preview.data and form.body.data else None


@bp.route("/threads/new", methods=["GET", "POST"])
@login_required
def new():
    form = ThreadForm()
    form.specialty.choices = form_support.choices(
        [("", "Choose a specialty…"), *specialty_choices(blank=None)]
    )
    form.topics.choices = form_support.choices(topic_choices())
    if request.method == "GET" and request.args.get("specialty"):
        try:
            form.specialty.data = get_specialty(request.args["specialty"]).id
        except NotFound:  # an unknown slug just leaves the choice open
            pass
    preview_html = None
    if form.is_submitted() and form.similar.data:
        # "Check for similar threads" without JavaScript: show the list, keep the draft.
        return render_template("threads/new.html", form=form, similar_for=form.title.data)
    if form.validate_on_submit():
        preview_html = _wants_preview(form)
        if preview_html is None:
            try:
                thread = service.start_thread(
                    current_user,
                    title=form.title.data,
                    specialty_id=form.specialty.data,
                    topic_ids=form.topics.data,
                    kind=form.kind.data,
                    body=form.body.data,
                )
            except Invalid as error:
                form_support.attach(form, error)
            except RateLimited as error:
                form_support.attach(form, Invalid("body", error.message))
                headers = {"Retry-After": str(error.retry_after)}
                return render_template("threads/new.html", form=form), 429, headers
            else:
                flash("Your thread is live.", "success")
                return redirect(url_for("threads.show", thread_id=thread.id))
    return render_template("threads/new.html", form=form, preview_html=preview_html)


@bp.route("/threads/<id:thread_id>")
def show(thread_id: int):
    thread, page = queries.thread_page(thread_id, page_arg())
    # Forms (and so a CSRF token and a session cookie) only for those who can use them:
    # anonymous readers get a page with no Set-Cookie that any cache may keep.
    form = ReplyForm() if can_reply(current_user, thread) else None
    action_form = ActionForm() if can_moderate(current_user, thread) else None
    return render_template(
        "threads/show.html", thread=thread, page=page, form=form, action_form=action_form
    )


@bp.route("/threads/<id:thread_id>/reply", methods=["GET", "POST"])
@login_required
def reply(thread_id: int):
    thread = service.get_thread(thread_id)
    form = ReplyForm()
    preview_html = None
    status, headers = 200, {}
    if form.validate_on_submit():
        preview_html = _wants_preview(form)
        if preview_html is None:
            try:
                post = service.reply_to_thread(current_user, thread, form.body.data)
            except Conflict as error:
                form_support.attach(form, Invalid("body", error.message))
                status = 409
            except RateLimited as error:
                form_support.attach(form, Invalid("body", error.message))
                status, headers = 429, {"Retry-After": str(error.retry_after)}
            else:
                return redirect(permalink(post))
    elif thread.is_locked and not request.method == "POST":
        flash(service.LOCKED_MESSAGE, "error")
    return render_template(
        "threads/reply.html", thread=thread, form=form, preview_html=preview_html
    ), status, headers


@bp.route("/posts/<id:post_id>")
def post(post_id: int):
    thread_id, page = queries.post_location(post_id)
    return redirect(
        url_for("threads.show", thread_id=thread_id, page=page, _anchor=f"post-{post_id}")
    )


@bp.route("/posts/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = service.get_post(post_id)
    require(can_edit_post(current_user, post), "You can only edit your own posts.")
    data = {"body": post.body_md, "title": post.thread.title}
    form = EditForm(data=data if request.method == "GET" else None)
    # Only the opening post carries the thread's title; a submission without the field
    # (an older form) leaves the title as it is.
    if post.number != 1 or (request.method == "POST" and "title" not in request.form):
        del form.title
    preview_html = None
    if form.validate_on_submit():
        preview_html = _wants_preview(form)
        if preview_html is None:
            try:
                title = form.title.data if form.title is not None else None
                service.edit_post(current_user, post, form.body.data, title=title)
            except Invalid as error:
                form_support.attach(form, error)
            else:
                flash("Your changes are saved.", "success")
                return redirect(permalink(post))
    return render_template("threads/edit.html", post=post, form=form, preview_html=preview_html)


@bp.route("/posts/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post = service.get_post(post_id)
    require(can_delete_post(current_user, post), "You can only delete your own posts.")
    form = ActionForm()
    if form.validate_on_submit():
        service.delete_post(current_user, post)
        flash("The post was deleted.", "info")
        return redirect(permalink(post))
    return render_template("threads/delete.html", post=post, form=form)


@bp.route("/posts/<id:post_id>/history")
def history(post_id: int):
    post, revisions = queries.post_history(post_id)
    if post.is_deleted and not can_see_deleted_body(current_user, post):
        abort(404)
    return render_template("threads/history.html", post=post, revisions=revisions)


@bp.route("/threads/<id:thread_id>/state", methods=["POST"])
@login_required
def state(thread_id: int):
    thread = service.get_thread(thread_id)
    form = ActionForm()
    action = STATE_ACTIONS.get(request.form.get("action", ""))
    if not form.validate_on_submit() or action is None:
        abort(400)
    changes, message = action
    service.set_thread_state(current_user, thread, **changes)
    flash(message, "success")
    return redirect(url_for("threads.show", thread_id=thread.id))
