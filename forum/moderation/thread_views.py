"""The moderators' thread and post tools: /moderation/threads/<id>/… and /moderation/posts/<id>/….

Every page is a form (GET shows it, POST with CSRF acts); the services check who may
act (forum/moderation/thread_actions.py, posts.py), and these views check it first
only to answer a GET with 403 or 404 as the POST would.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Invalid
from forum.moderation import posts as post_actions
from forum.moderation import thread_actions as actions
from forum.moderation import thread_queries as queries
from forum.moderation import thread_surgery as surgery
from forum.moderation.thread_forms import (
    DeleteThreadForm,
    HideForm,
    MergeForm,
    MoveForm,
    RenameForm,
    RestoreThreadForm,
    SplitForm,
    TopicsForm,
    UnhideForm,
)
from forum.pagination import page_arg
from forum.permissions import can_hide_post, can_manage_thread, can_unhide_post, require
from forum.threads import service as threads

bp = Blueprint("moderation_threads", __name__, url_prefix="/moderation")

TEMPLATES = "moderation/threads/"


def _thread(thread_id: int):
    """The thread, if the viewer may see it (404) and manage it (403)."""
    thread = threads.get_thread(current_user, thread_id)
    require(can_manage_thread(current_user, thread), actions.NOT_MODERATOR)
    return thread


def _to_thread(thread_id: int):
    return redirect(url_for("threads.show", thread_id=thread_id))


def _act(form, act: Callable[[], Any], message: str) -> Any:
    """For a valid submission, run the service call `act`: its result when it succeeded
    (`message` flashed), else None, with the service's Invalid shown beside its field."""
    if not form.validate_on_submit():
        return None
    try:
        done = act()
    except Invalid as error:
        form_support.attach(form, error)
        return None
    flash(message, "success")
    return done


@bp.route("/threads/<id:thread_id>/rename", methods=["GET", "POST"])
@login_required
def rename(thread_id: int):
    thread = _thread(thread_id)
    form = RenameForm(data={"title": thread.title} if request.method == "GET" else None)
    act = partial(actions.rename_thread, current_user, thread, form.title.data, form.reason.data)
    if _act(form, act, "The thread was renamed."):
        return _to_thread(thread.id)
    return render_template(TEMPLATES + "rename.html", thread=thread, form=form)


@bp.route("/threads/<id:thread_id>/move", methods=["GET", "POST"])
@login_required
def move(thread_id: int):
    thread = _thread(thread_id)
    form = MoveForm(data={"specialty": thread.specialty_id} if request.method == "GET" else None)
    form.specialty.choices = form_support.choices(
        [("", "Choose a specialty…"), *queries.specialty_choices(current_user, thread.specialty_id)]
    )
    act = partial(actions.move_thread, current_user, thread, form.specialty.data, form.reason.data)
    if _act(form, act, "The thread was moved."):
        return _to_thread(thread.id)
    return render_template(TEMPLATES + "move.html", thread=thread, form=form)


@bp.route("/threads/<id:thread_id>/topics", methods=["GET", "POST"])
@login_required
def topics(thread_id: int):
    thread = _thread(thread_id)
    current = queries.current_topic_ids(thread)
    form = TopicsForm(data={"topics": sorted(current)} if request.method == "GET" else None)
    form.topics.choices = form_support.choices(queries.topic_choices(current))
    act = partial(actions.retag_thread, current_user, thread, form.topics.data, form.reason.data)
    if _act(form, act, "The thread's research topics were changed."):
        return _to_thread(thread.id)
    return render_template(TEMPLATES + "topics.html", thread=thread, form=form)


@bp.route("/threads/<id:thread_id>/merge", methods=["GET", "POST"])
@login_required
def merge(thread_id: int):
    thread = _thread(thread_id)
    form, target = MergeForm(), None
    if form.validate_on_submit():
        try:
            target = surgery.merge_target(current_user, thread, form.target.data)
            if form.merge.data and form.confirmed.data == str(target.id):
                surgery.merge_thread(current_user, thread, target, form.reason.data)
                flash(f"“{thread.title}” was merged into this thread.", "success")
                return _to_thread(target.id)
        except Invalid as error:
            form_support.attach(form, error)
            target = None
        form.confirmed.data = str(target.id) if target else ""
    shown = queries.summary(target) if target else None
    return render_template(TEMPLATES + "merge.html", thread=thread, form=form, target=shown)


@bp.route("/threads/<id:thread_id>/split", methods=["GET", "POST"])
@login_required
def split(thread_id: int):
    thread = _thread(thread_id)
    shown = queries.split_page(thread, page_arg())
    current = queries.current_topic_ids(thread)
    defaults = {"kind": thread.kind, "specialty": thread.specialty_id, "topics": sorted(current)}
    form = SplitForm(data=defaults if request.method == "GET" else None)
    form.posts.choices = [(post.id, str(post.id)) for post in shown.items if not post.is_opening]
    form.specialty.choices = form_support.choices(
        [("", "Choose a specialty…"), *queries.specialty_choices(current_user, None)]
    )
    form.topics.choices = form_support.choices(queries.topic_choices(set()))
    act = partial(
        surgery.split_thread,
        current_user,
        thread,
        form.posts.data,
        title=form.title.data,
        kind=form.kind.data,
        specialty_id=form.specialty.data,
        topic_ids=form.topics.data,
        reason=form.reason.data,
    )
    new = _act(form, act, "The posts were moved into this new thread.")
    if new is not None:
        return _to_thread(new.id)
    return render_template(TEMPLATES + "split.html", thread=thread, form=form, page=shown)


@bp.route("/threads/<id:thread_id>/delete", methods=["GET", "POST"])
@login_required
def delete(thread_id: int):
    thread = _thread(thread_id)
    form = DeleteThreadForm()
    act = partial(actions.delete_thread, current_user, thread, form.reason.data)
    if not thread.is_deleted and _act(form, act, "The thread was deleted."):
        return _to_thread(thread.id)  # its moderators still see it, marked deleted
    return render_template(TEMPLATES + "delete.html", thread=thread, form=form)


@bp.route("/threads/<id:thread_id>/restore", methods=["GET", "POST"])
@login_required
def restore(thread_id: int):
    thread = _thread(thread_id)
    form = RestoreThreadForm()
    act = partial(actions.restore_thread, current_user, thread, form.reason.data)
    if thread.is_deleted and _act(form, act, "The thread was restored."):
        return _to_thread(thread.id)
    return render_template(TEMPLATES + "restore.html", thread=thread, form=form)


@bp.route("/posts/<id:post_id>/hide", methods=["GET", "POST"])
@login_required
def hide(post_id: int):
    post = threads.get_post(current_user, post_id)
    require(can_hide_post(current_user, post), _hide_refusal(post))
    thread = post.thread  # a refused hide rolls back, which unloads post.thread
    form = HideForm()
    # The thread page's "Hide" button posts here with no reason: that opens the form.
    act = partial(post_actions.hide_post, current_user, post, form.reason.data)
    hidden = "The post was hidden. Its author sees your reason."
    if "reason" in request.form and _act(form, act, hidden):
        return redirect(url_for("threads.post", post_id=post.id))
    return render_template(TEMPLATES + "hide.html", post=post, thread=thread, form=form)


@bp.route("/posts/<id:post_id>/unhide", methods=["POST"])
@login_required
def unhide(post_id: int):
    post = threads.get_post(current_user, post_id)
    require(can_unhide_post(current_user, post), "Only this thread's moderators can restore it.")
    form = UnhideForm()
    act = partial(post_actions.unhide_post, current_user, post, form.reason.data)
    if _act(form, act, "The post was restored: everyone can read it again.") is None:
        flash(" ".join(form.reason.errors) or "The post was not restored.", "error")
    return redirect(url_for("threads.post", post_id=post.id))


def _hide_refusal(post) -> str:
    if post.is_hidden:
        return "This post is hidden already."
    if post.is_deleted:
        return "This post is deleted."
    return "Only this thread's moderators can hide its posts."
