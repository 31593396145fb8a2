"""The moderators' page on a member (/moderation/users/<username>): suspensions, staff
notes, warnings and flags; admins' roles page; and the banner a suspended member sees.

Who may open the page: moderators of any scope and admins. Members' profiles are
public, so the page's existence is no secret: other members get 403, guests are sent
to log in, and an unknown username is a 404 for those who may open the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import (
    Blueprint,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from forum import form_support
from forum.auth import service as accounts
from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.exceptions import Conflict, Invalid
from forum.moderation import people
from forum.moderation import people_queries as queries
from forum.moderation.people_forms import LiftForm, NoteForm, RolesForm, SuspendForm
from forum.permissions import can_manage_roles, can_read_user_notes, is_suspended, require

bp = Blueprint("people", __name__, url_prefix="/moderation/users")

ONLY_MODERATORS = "Only moderators open members' moderation pages."


def _page(username: str, *, suspend_form=None, lift_form=None, note_form=None):
    page = queries.member_page(current_user, username)
    return render_template(
        "moderation/people/show.html",
        page=page,
        periods=people.SUSPENSION_PERIODS,
        suspend_form=suspend_form or SuspendForm(formdata=None),
        lift_form=lift_form or LiftForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None),
    )


def _back(user):
    return redirect(url_for("people.show", username=user.username))


@bp.route("/<username>")
@login_required
def show(username: str):
    require(can_read_user_notes(current_user), ONLY_MODERATORS)
    return _page(username)


@bp.route("/<username>/suspend", methods=["POST"])
@login_required
def suspend(username: str):
    require(can_read_user_notes(current_user), ONLY_MODERATORS)
    target, _scopes = queries.member(username)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            people.suspend_user(current_user, target, form.period.data, form.reason.data)
        except Invalid as error:
            form_support.attach(form, error)
        else:
            until = accounts.suspension_end_text(target.suspended_until)
            flash(f"{target.username} is suspended {until}.", "success")
            return _back(target)
    return _page(username, suspend_form=form)


@bp.route("/<username>/unsuspend", methods=["POST"])
@login_required
def unsuspend(username: str):
    require(can_read_user_notes(current_user), ONLY_MODERATORS)
    target, _scopes = queries.member(username)
    form = LiftForm()
    if form.validate_on_submit():
        try:
            people.lift_suspension(current_user, target, form.lift_reason.data)
        except Conflict as error:  # lifted by someone else meanwhile, or it ended
            flash(error.message, "info")
            return _back(target)
        except Invalid as error:
            form_support.attach(form, Invalid("lift_reason", error.message))
        else:
            flash(f"{target.username}'s suspension is lifted.", "success")
            return _back(target)
    return _page(username, lift_form=form)


@bp.route("/<username>/notes", methods=["POST"])
@login_required
def add_note(username: str):
    require(can_read_user_notes(current_user), ONLY_MODERATORS)
    target, _scopes = queries.member(username)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            people.add_note(current_user, target, form.body.data)
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash("Note added.", "success")
            return _back(target)
    return _page(username, note_form=form)


def _roles_refusal(target) -> str:
    if target.id == current_user.id:
        return "You cannot change your own roles."
    return "An admin's roles are changed from the command line (flask set-roles), not here."


@bp.route("/<username>/roles", methods=["GET", "POST"])
@login_required
def roles(username: str):
    require(can_manage_roles(current_user), "Only admins change members' roles.")
    target, scopes = queries.member(username)
    require(can_manage_roles(current_user, target), _roles_refusal(target))
    current = {
        "mentor": target.has_role("mentor"),
        "moderator": target.has_role("moderator"),
        "specialties": sorted(target.moderated_specialty_ids),
    }
    form = RolesForm(data=current if request.method == "GET" else None)
    form.specialties.choices = form_support.choices(queries.specialty_options())
    if form.validate_on_submit():
        try:
            changed = people.change_roles(
                current_user,
                target,
                roles=form.roles(),
                specialty_ids=form.specialties.data or [],
                reason=form.reason.data,
            )
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash("Roles saved." if changed else "Nothing changed.", "success")
            return _back(target)
    return render_template("moderation/people/roles.html", form=form, user=target, scopes=scopes)


# ---- the banner a suspended member sees on every page --------------------------------


@dataclass(frozen=True)
class Banner:
    until: str  # "until 3 May 2025, 14:00 UTC" or "until a moderator lifts it"
    ends_at: datetime | None  # None: until lifted
    reason: str | None


@bp.app_context_processor
def suspension_banner() -> dict:
    """`suspension_banner` for templates (moderation/people/_suspension_banner.html): set
    only for a signed-in member suspended now. Others cost no query; they, one a request."""
    if not has_request_context() or not is_suspended(current_user):
        return {}
    if "rounds_suspension_banner" not in g:
        suspension = queries.in_force(current_user.id)
        until = current_user.suspended_until
        g.rounds_suspension_banner = Banner(
            until=accounts.suspension_end_text(until),
            ends_at=until if until < SUSPENDED_INDEFINITELY else None,
            reason=suspension.reason if suspension is not None else None,
        )
    return {"suspension_banner": g.rounds_suspension_banner}
