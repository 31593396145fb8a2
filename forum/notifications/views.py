"""Notifications page, marking them read, the watch control's target and the settings page."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from forum.exceptions import Invalid
from forum.notifications import notice_links, queries, service
from forum.notifications.forms import ReadForm, SettingsForm, WatchForm
from forum.pagination import page_arg
from forum.redirects import redirect_next

bp = Blueprint("notifications", __name__)

WATCH_CONFIRMATIONS = {
    "watching": "You are watching this {kind}: every new post will notify you.",
    "tracking": "You are tracking this {kind}.",
    "normal": "Notifications for this {kind} are back to normal.",
    "muted": "You muted this {kind}: it will not notify you.",
    queries.MENTOR_DEFAULT: "You are told about new questions in this {kind} again.",
}


@bp.app_context_processor
def unread_in_header() -> dict:
    """The header's unread count, for signed-in members only: one query a request, kept
    with the request (a second template rendered in it asks nothing), none for guests.

    Kept in the request's environ rather than on `g`: an app context can outlive one
    request (the tests' does), and a count must never be carried into the next.
    """
    if not has_request_context() or not current_user.is_authenticated:
        return {}
    cached = request.environ.get(_UNREAD_KEY)
    if cached is None:
        cached = request.environ[_UNREAD_KEY] = queries.unread_count(current_user.id)
    return {"unread_notifications": cached}


_UNREAD_KEY = "rounds.unread_notifications"


@bp.route("/notifications")
@login_required
def index():
    page = queries.notifications_page(current_user, page_arg())
    return render_template("notifications/index.html", page=page, form=ReadForm())


def _checked_form() -> ReadForm:
    form = ReadForm()
    if not form.validate_on_submit():
        abort(400)
    return form


def _back_to_page(form: ReadForm, anchor: str | None = None):
    return redirect(url_for("notifications.index", page=form.page.data, _anchor=anchor))


# A POST, not a link: opening a notification marks it read, and a GET never writes.
@bp.route("/notifications/<id:notification_id>/open", methods=["POST"])
@login_required
def follow(notification_id: int):
    form = _checked_form()
    opened = service.open_notification(current_user, notification_id)
    if opened.post_id is not None:
        return redirect(url_for("threads.post", post_id=opened.post_id))
    target = notice_links.local_url(opened.link)
    if target is None:  # a notice without a (working) link: it is read, back to the list
        return _back_to_page(form, anchor=f"notification-{notification_id}")
    return redirect(target)


@bp.route("/notifications/<id:notification_id>/read", methods=["POST"])
@login_required
def read(notification_id: int):
    form = _checked_form()
    service.mark_read(current_user, notification_id)
    return _back_to_page(form, anchor=f"notification-{notification_id}")


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_all():
    form = _checked_form()
    service.mark_all_read(current_user, form.through.data)
    flash("Every notification is marked as read.", "success")
    return _back_to_page(form)


@bp.route("/watch", methods=["POST"])
@login_required
def watch():
    form = WatchForm()
    if form.validate_on_submit():
        try:
            level = service.set_watch(
                current_user, form.target_kind.data, form.target_id.data, form.level.data
            )
        except Invalid as error:
            flash(error.message, "error")
        else:
            flash(WATCH_CONFIRMATIONS[level].format(kind=form.target_kind.data), "success")
    else:
        flash("Choose how this should notify you from the list.", "error")
    return redirect_next("notifications.index")


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def settings():
    saved = {"watch_on_post": queries.watch_on_post(current_user)}
    form = SettingsForm(data=saved if request.method == "GET" else None)
    if form.validate_on_submit():
        service.update_settings(current_user, watch_on_post=form.watch_on_post.data)
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)
