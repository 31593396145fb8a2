"""Thread pages and the forms that write threads and posts."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support, visibility
from forum.auth.service import suspension_refusal
from forum.exceptions import Invalid, NeedsConfirmation, NotAllowed, NotFound, RateLimited
from forum.pagination import page_arg
from forum.permissions import (
    can_delete_post,
    can_edit_post,
    can_edit_thread,
    can_reply,
    can_set_thread_state,
    is_suspended,
    require,
)
from forum.taxonomy.service import get_specialty, specialty_choices, topic_choices
from forum.threads import editor, hooks, queries, quoting, service
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
    thread_id, page = queries.post_location(current_user, post.id)
    return url_for("threads.show", thread_id=thread_id, page=page, _anchor=f"post-{post.id}")


def _refused(form, error: NotAllowed | RateLimited):
    """Show a refusal next to the body, keeping the text: (status, headers)."""
    form_support.attach(form, Invalid("body", error.message))
    if isinstance(error, RateLimited):
        return 429, {"Retry-After": str(error.retry_after)}
    return 403, {}


def _topic_fields(form, thread=None) -> None:
    """Open specialties and topics to choose from; an edited thread keeps its own even
    when a moderator has since retired them (labelled so)."""
    form.specialty.choices = form_support.choices(
        [
            ("", "Choose a specialty…"),
            *specialty_choices(
                blank=None, open_only=True, keep=thread.specialty_id if thread else None
            ),
        ]
    )
    kept = [topic.id for topic in thread.topics] if thread else ()
    form.topics.choices = form_support.choices(topic_choices(open_only=True, keep=kept))


def _wants_preview(form) -> str | None:
    return service.preview(form.body.data) if form.preview.data and form.body.data else None


# The fields of a thread's forms that posting checks read (forum/threads/editor.py).
CHECKED = ("title", "body")


def _editor(form, reviewed: bool) -> dict:
    return editor.parts(form, CHECKED, reviewed)


@bp.route("/threads/new", methods=["GET", "POST"])
@login_required
def new():
    # A suspended member reads the refusal, not a form that would refuse on submit.
    require(not is_suspended(current_user), suspension_refusal(current_user, "start threads"))
    form = ThreadForm()
    _topic_fields(form)
    if request.method == "GET" and request.args.get("specialty"):
        try:
            form.specialty.data = get_specialty(request.args["specialty"]).id
        except NotFound:  # an unknown slug just leaves the choice open
            pass
    preview_html = None
    if form.is_submitted() and form.similar.data:
        # "Check for similar threads" without JavaScript: show the list, keep the draft.
        similar = hooks.similar_threads(current_user, form.title.data or "")
        return render_template(
            "threads/new.html", form=form, similar_for=form.title.data, similar=similar
        )
    status, headers = 200, {}
    reviewed = editor.rewritten(form, CHECKED)
    if not reviewed and form.validate_on_submit():
        preview_html = _wants_preview(form)
        reviewed = preview_html is not None
        if preview_html is None:
            try:
                thread = service.start_thread(
                    current_user,
                    title=form.title.data,
                    specialty_id=form.specialty.data,
                    topic_ids=form.topics.data,
                    kind=form.kind.data,
                    body=form.body.data,
                    submission_key=form.submission.data,
                    confirmed=editor.confirmed(),
                )
            except Invalid as error:
                form_support.attach(form, error)
                reviewed = isinstance(error, NeedsConfirmation)
            except (NotAllowed, RateLimited) as error:
                status, headers = _refused(form, error)
            else:
                flash("Your thread is live.", "success")
                return redirect(url_for("threads.show", thread_id=thread.id))
    page = render_template(
        "threads/new.html", form=form, preview_html=preview_html, **_editor(form, reviewed)
    )
    return page, status, headers


@bp.route("/threads/<id:thread_id>")
def show(thread_id: int):
    orders = hooks.post_orders()
    order = request.args.get("order")
    order = order if order in orders else None
    try:
        shown = queries.thread_page(current_user, thread_id, page_arg(), order=order)
    except NotFound:
        # A thread merged into another: its address moves for good. Any page of it leads
        # to the first page of the other (its page numbers no longer mean the same posts).
        moved_to = hooks.moved_thread(thread_id)
        if moved_to is None:
            raise
        return redirect(url_for("threads.show", thread_id=moved_to), 301)
    thread = shown.thread
    # Forms (and so a CSRF token and a session cookie) only for those who can use them:
    # anonymous readers get a page with no Set-Cookie that any cache may keep.
    form = ReplyForm() if can_reply(current_user, thread) else None
    action_form = ActionForm() if can_set_thread_state(current_user, thread) else None
    return render_template(
        "threads/show.html",
        thread=thread,
        page=shown.page,
        extras=shown.extras,
        post_parts=shown.post_parts,
        thread_parts=hooks.templates(shown.extras),
        orders=({"": "Oldest first"} | orders) if orders else {},
        order=order or "",
        form=form,
        action_form=action_form,
        **(_editor(form, False) if form else {}),
    )


@bp.route("/threads/<id:thread_id>/reply", methods=["GET", "POST"])
@login_required
def reply(thread_id: int):
    thread = service.get_thread(current_user, thread_id)
    form = ReplyForm()
    preview_html = None
    status, headers = 200, {}
    reviewed = editor.rewritten(form, CHECKED)
    if not reviewed and form.validate_on_submit():
        preview_html = _wants_preview(form)
        reviewed = preview_html is not None
        if preview_html is None:
            try:
                post = service.reply_to_thread(
                    current_user,
                    thread,
                    form.body.data,
                    submission_key=form.submission.data,
                    confirmed=editor.confirmed(),
                )
            except Invalid as error:  # a posting check (forum/threads/hooks.py)
                form_support.attach(form, error)
                reviewed = isinstance(error, NeedsConfirmation)
            except (NotAllowed, RateLimited) as error:
                status, headers = _refused(form, error)
            else:
                return redirect(permalink(post))
    elif request.method == "GET" and not can_reply(current_user, thread):
        flash(service.reply_refusal(current_user, thread), "error")
    if request.method == "GET" and "quote" in request.args:
        # The "Quote" link without JavaScript: the reply starts with that post, quoted.
        quoted = request.args.get("quote", type=int)
        form.body.data = quoting.quote_for_reply(current_user, thread, quoted)
    page = render_template(
        "threads/reply.html",
        thread=thread,
        form=form,
        preview_html=preview_html,
        **_editor(form, reviewed),
    )
    return page, status, headers


@bp.route("/posts/<id:post_id>")
def post(post_id: int):
    thread_id, page = queries.post_location(current_user, post_id)
    return redirect(
        url_for("threads.show", thread_id=thread_id, page=page, _anchor=f"post-{post_id}")
    )


@bp.route("/posts/<id:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit(post_id: int):
    post = service.get_post(current_user, post_id)
    require(can_edit_post(current_user, post), service.edit_refusal(current_user))
    thread = post.thread
    form = EditForm(data=_edit_data(post) if request.method == "GET" else None)
    # Only the opening post carries the thread's title, specialty and topics; a
    # submission without them (an older form) leaves the thread as it is.
    offered = post.is_opening and can_edit_thread(current_user, thread)
    for name in EditForm.THREAD_FIELDS:
        # The topics picker sends nothing when emptied, so it counts as sent with the specialty.
        sent = name if name != "topics" else "specialty"
        if not offered or (request.method == "POST" and sent not in request.form):
            delattr(form, name)
    if form.specialty is not None:
        _topic_fields(form, thread)
    preview_html, status, headers = None, 200, {}
    reviewed = editor.rewritten(form, CHECKED)
    if not reviewed and form.validate_on_submit():
        preview_html = _wants_preview(form)
        reviewed = preview_html is not None
        if preview_html is None:
            try:
                service.edit_post(
                    current_user,
                    post,
                    form.body.data,
                    confirmed=editor.confirmed(),
                    **_thread_changes(form),
                )
            except Invalid as error:
                form_support.attach(form, error)
                reviewed = isinstance(error, NeedsConfirmation)
            except RateLimited as error:  # a posting check (forum/threads/hooks.py)
                status, headers = _refused(form, error)
            else:
                flash("Your changes are saved.", "success")
                return redirect(permalink(post))
            # The refusal rolled back and expired the post and its thread: read them again.
            post = service.get_post(current_user, post_id)
    page = render_template(
        "threads/edit.html",
        post=post,
        form=form,
        preview_html=preview_html,
        **_editor(form, reviewed),
    )
    return page, status, headers


def _edit_data(post) -> dict:
    data = {"body": post.body_md}
    if post.is_opening:
        thread = service.with_topics(post.thread)
        data |= {
            "title": thread.title,
            "specialty": thread.specialty_id,
            "topics": [topic.id for topic in thread.topics],
        }
    return data


def _thread_changes(form) -> dict:
    """The thread fields this form carries (only the opening post's form has any)."""
    fields = {"title": "title", "specialty": "specialty_id", "topics": "topic_ids"}
    return {
        argument: getattr(form, name).data
        for name, argument in fields.items()
        if getattr(form, name, None) is not None
    }


@bp.route("/posts/<id:post_id>/delete", methods=["GET", "POST"])
@login_required
def delete(post_id: int):
    post = service.get_post(current_user, post_id)
    require(can_delete_post(current_user, post), service.deletion_refusal(current_user, post))
    form = ActionForm()
    if form.validate_on_submit():
        opening, thread_id = post.is_opening, post.thread_id
        service.delete_post(current_user, post)
        if opening:  # the whole thread went with it: its moderators can still open it
            flash("The thread was deleted.", "info")
            try:
                service.get_thread(current_user, thread_id)
            except NotFound:
                return redirect(url_for("browse.home"))
            return redirect(url_for("threads.show", thread_id=thread_id))
        flash("The post was deleted.", "info")
        return redirect(permalink(post))
    return render_template("threads/delete.html", post=post, form=form)


@bp.route("/posts/<id:post_id>/history")
def history(post_id: int):
    post, versions = queries.post_history(post_id, current_user)
    if not visibility.can_read_post(current_user, post):
        abort(404)
    notes = hooks.history_notes(post)
    return render_template("threads/history.html", post=post, versions=versions, notes=notes)


@bp.route("/threads/<id:thread_id>/state", methods=["POST"])
@login_required
def state(thread_id: int):
    thread = service.get_thread(current_user, thread_id)
    form = ActionForm()
    action = STATE_ACTIONS.get(request.form.get("action", ""))
    if not form.validate_on_submit() or action is None:
        abort(400)
    changes, message = action
    service.set_thread_state(current_user, thread, **changes)
    flash(message, "success")
    return redirect(url_for("threads.show", thread_id=thread.id))
