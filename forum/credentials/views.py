"""Credentials' pages.

- /credentials: the member's own credentials (with their numbers) and the form that
  adds one (GET, POST); /credentials/<id>/edit (GET, POST); /credentials/<id>/withdraw
  (POST). Another member's credential answers 404.
- /moderation/credentials: the review queue, oldest pending first, with each number
  (moderators of any scope and admins; others 403, as moderation's queues);
  /moderation/credentials/<id>/verify and /reject (POST).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.auth.service import suspension_refusal
from forum.credentials import queries, service
from forum.credentials.forms import CredentialForm, review_form
from forum.exceptions import Conflict, Invalid
from forum.pagination import page_arg
from forum.permissions import (
    can_add_credential,
    can_edit_credential,
    can_verify_credentials,
    require,
)

bp = Blueprint("credentials", __name__)

ADDED = "Your credential is saved: a moderator will check it, and you will be told."
SAVED = "Your credential is saved."
SENT_BACK = "Your credential is changed: it shows as unverified until a moderator checks it again."
WITHDRAWN = "Your credential is withdrawn, with its number."
DECIDED = {
    "verify": "“{label}” is verified, and its member was told.",
    "reject": "“{label}” is rejected, and its member was told why.",
}
REFUSED = "Members' credentials are reviewed by moderators and admins."


# ---- the member's side -------------------------------------------------------------


def _own_page(form: CredentialForm):
    return render_template(
        "credentials/index.html",
        credentials=queries.own_credentials(current_user.id),
        form=form,
    )


@bp.route("/credentials", methods=["GET", "POST"])
@login_required
def index():
    form = CredentialForm()
    if form.is_submitted():
        require(
            can_add_credential(current_user), suspension_refusal(current_user, "add credentials")
        )
    if form.validate_on_submit():
        try:
            service.add_credential(current_user, **form.credential_data())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(ADDED, "success")
            return redirect(url_for("credentials.index"))
    return _own_page(form)


@bp.route("/credentials/<id:credential_id>/edit", methods=["GET", "POST"])
@login_required
def edit(credential_id: int):
    credential = service.own_credential(current_user, credential_id)
    was = credential.status
    form = CredentialForm(obj=credential)
    if form.is_submitted():
        require(
            can_edit_credential(current_user, credential),
            suspension_refusal(current_user, "change your credentials"),
        )
    if form.validate_on_submit():
        try:
            saved = service.edit_credential(current_user, credential_id, **form.credential_data())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(SENT_BACK if was != "pending" and saved.status == "pending" else SAVED, "success")
            return redirect(url_for("credentials.index"))
    return render_template("credentials/edit.html", credential=credential, form=form)


@bp.route("/credentials/<id:credential_id>/withdraw", methods=["POST"])
@login_required
def withdraw(credential_id: int):
    try:
        service.withdraw_credential(current_user, credential_id)
    except Conflict as error:
        flash(error.message, "info")
    else:
        flash(WITHDRAWN, "success")
    return redirect(url_for("credentials.index"))


# ---- the reviewers' side -----------------------------------------------------------


def _queue_page(bound: dict | None = None):
    page = queries.review_queue(page_arg())
    forms = {
        credential.id: {
            action: review_form(action, credential.id, formdata=None)
            for action in ("verify", "reject")
        }
        for credential in page.items
    }
    for (credential_id, action), form in (bound or {}).items():
        forms.setdefault(credential_id, {})[action] = form
    return render_template("credentials/queue.html", page=page, forms=forms)


@bp.route("/moderation/credentials")
@login_required
def queue():
    require(can_verify_credentials(current_user), REFUSED)
    return _queue_page()


def _decide(credential_id: int, action: str, run):
    require(can_verify_credentials(current_user), REFUSED)
    form = review_form(action, credential_id)
    if form.validate_on_submit():
        try:
            credential = run(credential_id, form.note.data)
        except service.AlreadyDecided as error:
            flash(error.message, "info")
            return redirect(url_for("credentials.queue"))
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(DECIDED[action].format(label=credential.label), "success")
            return redirect(url_for("credentials.queue"))
    return _queue_page({(credential_id, action): form})


@bp.route("/moderation/credentials/<id:credential_id>/verify", methods=["POST"])
@login_required
def verify(credential_id: int):
    return _decide(
        credential_id,
        "verify",
        lambda cid, note: service.verify_credential(current_user, cid, note),
    )


@bp.route("/moderation/credentials/<id:credential_id>/reject", methods=["POST"])
@login_required
def reject(credential_id: int):
    return _decide(
        credential_id,
        "reject",
        lambda cid, note: service.reject_credential(current_user, cid, note),
    )
