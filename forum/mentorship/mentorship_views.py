"""A mentorship's life: the request, "My mentorships", the mentorship's page (the hub),
the mentor's answer, the compact, withdrawing, ending and the thank-you.

- /mentors/<username>/request: ask a mentor (GET the form, POST it);
- /mentorships: the viewer's mentorships, asked, received, being agreed, active, ended;
- /mentorships/<id>: the hub, with the actions the viewer may take; /accept, /decline,
  /withdraw, /compact (GET, POST), /compact/accept, /end (GET, POST), /thanks (GET,
  POST) and /thanks/show.

Every page and action of a mentorship loads it through access.get_mentorship (in the
queries or the services), so anyone but its two members, staff included, gets 404.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.exceptions import Conflict, Invalid, NeedsConfirmation
from forum.mentorship import compacts, ending, mentorship_queries, requests, space_page
from forum.mentorship.mentorship_forms import (
    AcceptCompactForm,
    ButtonForm,
    CompactForm,
    EndForm,
    RequestForm,
    ResponseForm,
    ShowThanksForm,
    ThanksForm,
)
from forum.mentorship.models import MEETING_FREQUENCIES, MODES
from forum.permissions import can_edit_compact, can_end_mentorship, can_thank_mentor, require
from forum.threads import editor

# The request's fields the privacy guard reads (forum/threads/editor.py).
CHECKED = ("message",)

bp = Blueprint("mentorships", __name__)

# The other engineers' pages of an active mentorship, linked from the hub when present.
WORK_PAGES = (
    ("mentorship_work.checkins", "Goals and check-ins"),
    ("mentorship_work.sessions", "Sessions"),
)


def setup(app: Flask) -> None:
    """What this part registers at start-up besides its blueprint (hooks, effects, CLI)."""
    space_page.register()


def _hub_url(mentorship_id: int) -> str:
    return url_for("mentorships.show", mentorship_id=mentorship_id)


@bp.route("/mentors/<username>/request", methods=["GET", "POST"])
@login_required
def request(username: str):
    page = mentorship_queries.request_page(current_user, username)
    form = RequestForm(data={"message": page.goals_text or ""})
    # A redaction button of the privacy guard rewrites the message; nothing is sent.
    reviewed = editor.rewritten(form, CHECKED)
    if not reviewed and form.validate_on_submit():
        try:
            mentorship, created = requests.request_mentorship(
                current_user,
                username,
                form.message.data,
                submission_key=form.submission.data,
                confirmed="privacy" in editor.confirmed(),
            )
        except Invalid as error:
            form_support.attach(form, error)
            reviewed = isinstance(error, NeedsConfirmation)
        else:
            if created:
                flash(f"Your request is on its way to {page.mentor.display_name}.", "success")
            return redirect(_hub_url(mentorship.id))
        page = mentorship_queries.request_page(current_user, username)  # after the rollback
    return render_template(
        "mentorship/request.html",
        page=page,
        form=form,
        **editor.parts(form, CHECKED, reviewed),
    )


@bp.route("/mentorships")
@login_required
def index():
    found = mentorship_queries.my_mentorships(current_user)
    return render_template("mentorship/mentorships.html", found=found)


def _hub_page(mentorship_id: int, **forms):
    hub = mentorship_queries.hub(current_user, mentorship_id)
    forms.setdefault("response", ResponseForm(formdata=None))
    work = [(name, label) for name, label in WORK_PAGES if name in current_app.view_functions]
    return render_template(
        "mentorship/show.html",
        hub=hub,
        forms=forms,
        button=ButtonForm(formdata=None),
        accept_form=AcceptCompactForm(formdata=None),
        work_pages=work,
        frequencies=MEETING_FREQUENCIES,
        mode_labels=MODES,
        version=compacts.version(hub.mentorship.compact) if hub.mentorship.compact else None,
    )


@bp.route("/mentorships/<id:mentorship_id>")
@login_required
def show(mentorship_id: int):
    return _hub_page(mentorship_id)


def _act(mentorship_id: int, run, done: str):
    """Run a one-click action: on a state that changed meanwhile, say so on the hub."""
    try:
        run()
    except Conflict as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(_hub_url(mentorship_id))


def _answer(mentorship_id: int, service, done: str):
    form = ResponseForm()
    if form.validate_on_submit():
        try:
            service(current_user, mentorship_id, form.message.data)
        except Invalid as error:
            form_support.attach(form, error)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(_hub_url(mentorship_id))
        else:
            flash(done, "success")
            return redirect(_hub_url(mentorship_id))
    return _hub_page(mentorship_id, response=form)


@bp.route("/mentorships/<id:mentorship_id>/accept", methods=["POST"])
@login_required
def accept(mentorship_id: int):
    return _answer(
        mentorship_id,
        requests.accept_request,
        "You accepted. Now agree on the compact together: edit it, then accept it.",
    )


@bp.route("/mentorships/<id:mentorship_id>/decline", methods=["POST"])
@login_required
def decline(mentorship_id: int):
    return _answer(mentorship_id, requests.decline_request, "You declined the request.")


@bp.route("/mentorships/<id:mentorship_id>/withdraw", methods=["POST"])
@login_required
def withdraw(mentorship_id: int):
    if not ButtonForm().validate_on_submit():
        return _hub_page(mentorship_id), 400
    return _act(
        mentorship_id,
        lambda: requests.withdraw_request(current_user, mentorship_id),
        "You withdrew. The other side was told.",
    )


def _compact_fields(form: CompactForm) -> dict:
    return {
        "goals": form.goals.data,
        "meeting_frequency": form.meeting_frequency.data,
        "modes": form.modes.data,
        "mentee_commitments": form.mentee_commitments.data,
        "mentor_commitments": form.mentor_commitments.data,
        "review_on": form.review_on.data,
    }


def _draft(compact) -> dict:
    return {
        "goals": compact.goals,
        "meeting_frequency": compact.meeting_frequency,
        "modes": list(compact.modes),
        "mentee_commitments": compact.mentee_commitments,
        "mentor_commitments": compact.mentor_commitments,
        "review_on": compact.review_on,
    }


# The POST handlers below call their service before reading the page: the service loads
# the mentorship locked, fresh, and answers 404 to non-members itself.


@bp.route("/mentorships/<id:mentorship_id>/compact", methods=["GET", "POST"])
@login_required
def compact(mentorship_id: int):
    form = CompactForm()
    if form.validate_on_submit():
        try:
            compacts.edit_compact(current_user, mentorship_id, **_compact_fields(form))
        except Invalid as error:
            form_support.attach(form, error)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(_hub_url(mentorship_id))
        else:
            flash("The compact is saved. Accept it on the mentorship's page when ready.", "success")
            return redirect(_hub_url(mentorship_id))
    hub = mentorship_queries.hub(current_user, mentorship_id)
    require(
        can_edit_compact(current_user, hub.mentorship),
        "The compact changes only while the two of you are agreeing on it.",
    )
    if not form.is_submitted():
        form = CompactForm(formdata=None, data=_draft(hub.mentorship.compact))
    return render_template("mentorship/compact.html", hub=hub, form=form)


@bp.route("/mentorships/<id:mentorship_id>/compact/accept", methods=["POST"])
@login_required
def accept_compact(mentorship_id: int):
    form = AcceptCompactForm()
    if not form.validate_on_submit():
        return _hub_page(mentorship_id), 400
    return _act(
        mentorship_id,
        lambda: compacts.accept_compact(current_user, mentorship_id, form.seen.data),
        "You accepted the compact.",
    )


@bp.route("/mentorships/<id:mentorship_id>/end", methods=["GET", "POST"])
@login_required
def end(mentorship_id: int):
    form = EndForm()
    if form.validate_on_submit():
        try:
            ending.end_mentorship(current_user, mentorship_id, form.note.data)
        except Invalid as error:
            form_support.attach(form, error)
        except Conflict as error:
            flash(error.message, "error")
            return redirect(_hub_url(mentorship_id))
        else:
            flash("The mentorship has ended. Your conversation stays, read-only.", "success")
            return redirect(_hub_url(mentorship_id))
    hub = mentorship_queries.hub(current_user, mentorship_id)
    if hub.mentorship.status == "ended":
        flash("This mentorship has already ended.", "info")
        return redirect(_hub_url(mentorship_id))
    require(can_end_mentorship(current_user, hub.mentorship), "Only an active mentorship ends.")
    return render_template("mentorship/end.html", hub=hub, form=form)


@bp.route("/mentorships/<id:mentorship_id>/thanks", methods=["GET", "POST"])
@login_required
def thanks(mentorship_id: int):
    form = ThanksForm()
    if form.validate_on_submit():
        try:
            ending.thank_mentor(current_user, mentorship_id, form.text.data)
        except Invalid as error:
            form_support.attach(form, error)
        except Conflict as error:
            flash(error.message, "info")
            return redirect(_hub_url(mentorship_id))
        else:
            flash("Thank you: your mentor was told.", "success")
            return redirect(_hub_url(mentorship_id))
    hub = mentorship_queries.hub(current_user, mentorship_id)
    if hub.mentorship.thanks is not None and not hub.is_mentor:
        flash(ending.ALREADY_THANKED, "info")
        return redirect(_hub_url(mentorship_id))
    require(
        can_thank_mentor(current_user, hub.mentorship),
        "The mentee thanks the mentor, once the mentorship ended.",
    )
    return render_template("mentorship/thanks.html", hub=hub, form=form)


@bp.route("/mentorships/<id:mentorship_id>/thanks/show", methods=["POST"])
@login_required
def show_thanks(mentorship_id: int):
    form = ShowThanksForm()
    if not form.validate_on_submit():
        return _hub_page(mentorship_id), 400
    shown = form.show.data == "1"
    ending.show_thanks(current_user, mentorship_id, shown)
    flash(
        "The thank-you shows on your profile." if shown else "The thank-you is hidden.",
        "success",
    )
    return redirect(_hub_url(mentorship_id))
