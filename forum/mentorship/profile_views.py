"""Mentor profiles: applying to mentor, the mentor's own profile, the directory and the
staff's review of applications.

- /mentors: the directory (anyone), filtered by GET arguments (a shareable address).
- /mentors/apply: the application form (GET, POST), or its state once sent.
- /mentors/profile: the member's own mentor profile or waiting application (GET, POST);
  /mentors/profile/accepting (POST): pause or resume taking mentees.
- /moderation/mentor-applications: the review queue (site-wide staff; others 403, as
  moderation's queues); /moderation/mentor-applications/<username>/approve and
  /decline (POST).

setup() registers mentorship's parts of the profile page (a mentor's activity) and
of the specialty page (top mentors this month).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from forum import form_support
from forum.auth.service import get_user_by_username, suspension_refusal
from forum.browse import hooks as specialty_hooks
from forum.credentials.service import has_verified_credential
from forum.exceptions import Conflict, Invalid
from forum.mentorship import directory_queries, recognition
from forum.mentorship import profiles as service
from forum.mentorship.access import DEFAULT_ZONE, zone_of
from forum.mentorship.models import LANGUAGES, MODES
from forum.mentorship.profile_forms import (
    AcceptingForm,
    DirectoryFilterForm,
    MentorProfileForm,
    review_form,
)
from forum.pagination import page_arg
from forum.permissions import (
    active,
    can_apply_as_mentor,
    can_edit_mentor_profile,
    can_review_mentor_applications,
    has_role,
    require,
    signed_in,
)
from forum.profiles import hooks as profile_hooks
from forum.taxonomy.service import specialty_choices, topic_choices

bp = Blueprint("mentors", __name__)

# The request form's endpoint (forum/mentorship/mentorship_views.py), linked when present.
REQUEST_ENDPOINT = "mentorships.request"
APPLIED = "Thank you: your application is with the moderators, and you will be told the outcome."
SAVED = "Your mentor profile is saved."
DECIDED = {
    "approve": "{name} is now a mentor, and was told.",
    "decline": "The application of {name} is declined, and they were told why.",
}


def setup(app: Flask) -> None:
    """Register mentorship's parts of the profile and specialty pages."""
    profile_hooks.register_page_extra("mentorship", recognition.profile_extra)
    profile_hooks.register_template(
        "below_header",
        "mentorship/recognition_profile.html",
        when=lambda extras: extras.get("mentorship") is not None,
    )
    specialty_hooks.register_page_extra("top_mentors", recognition.specialty_extra)
    specialty_hooks.register_template(
        "below_header",
        "mentorship/recognition_specialty.html",
        when=lambda extras: bool(extras.get("top_mentors")),
    )


def request_link(username: str) -> str | None:
    """The request form's address for a mentor, or None until that page exists."""
    if REQUEST_ENDPOINT in current_app.view_functions:
        return url_for(REQUEST_ENDPOINT, username=username)
    return None


# ---- the directory -----------------------------------------------------------------


@bp.route("/mentors")
def directory():
    form = DirectoryFilterForm(formdata=request.args)
    form.specialty.choices = form_support.choices(specialty_choices(blank="Any specialty"))
    form.topic.choices = form_support.choices([("", "Any research topic"), *topic_choices()])
    form.validate()
    zone = zone_of(current_user.id) if signed_in(current_user) else DEFAULT_ZONE
    form.within.description = f"Your time zone: {zone.replace('_', ' ')}."
    page = directory_queries.directory_page(form.filters(), zone, page_arg())
    return render_template(
        "mentorship/directory.html", form=form, page=page, zone=zone, request_link=request_link
    )


# ---- the member's side -------------------------------------------------------------


def _area_choices(form: MentorProfileForm, profile) -> None:
    """Open specialties and topics; a profile that names a retired one keeps it."""
    kept = {s.id for s in profile.specialties} if profile else set()
    open_ids = {key for key, _name in specialty_choices(blank=None, open_only=True)}
    form.specialties.choices = form_support.choices(
        (key, name) for key, name in specialty_choices(blank=None) if key in open_ids | kept
    )
    kept_topics = [t.id for t in profile.topics] if profile else []
    form.topics.choices = form_support.choices(topic_choices(open_only=True, keep=kept_topics))


def _prefill(profile) -> dict:
    if profile is None:
        return {"time_zone": zone_of(current_user.id)}
    return {
        "specialties": [s.id for s in profile.specialties],
        "topics": [t.id for t in profile.topics],
        "years_in_practice": profile.years_in_practice,
        "statement": profile.statement,
        "modes": list(profile.modes),
        "languages": list(profile.languages),
        "time_zone": profile.time_zone,
        "accepting": profile.accepting,
        "capacity": profile.capacity,
    }


def _profile_form(profile) -> MentorProfileForm:
    form = MentorProfileForm(data=_prefill(profile))
    _area_choices(form, profile)
    return form


def _guess_zone(form: MentorProfileForm, profile) -> bool:
    """A first application with nothing known: the browser may fill in its own zone."""
    return profile is None and not form.is_submitted() and form.time_zone.data == DEFAULT_ZONE


@bp.route("/mentors/apply", methods=["GET", "POST"])
@login_required
def apply():
    profile = directory_queries.own_profile(current_user.id)
    if (profile is not None and profile.status != "declined") or has_role(current_user, "mentor"):
        # Waiting, approved or a mentor already: their own profile page says which.
        return redirect(url_for("mentors.edit"))
    require(can_apply_as_mentor(current_user, profile), service.refusal(current_user, profile))
    form = _profile_form(profile)
    credential_error = None  # shown with the link to add credentials, above the form
    if form.validate_on_submit():
        try:
            service.apply_as_mentor(current_user, **form.profile_data())
        except service.AlreadyApplied as error:
            flash(error.message, "info")
            return redirect(url_for("mentors.edit"))
        except Invalid as error:
            if error.field == "credentials":
                credential_error = error.message
            else:
                form_support.attach(form, error)
        else:
            flash(APPLIED, "success")
            return redirect(url_for("mentors.edit"))
    return render_template(
        "mentorship/mentor_apply.html",
        form=form,
        profile=profile,
        guess_zone=_guess_zone(form, profile),
        verified_credential=credential_error is None and has_verified_credential(current_user.id),
        credential_error=credential_error,
    )


@bp.route("/mentors/profile", methods=["GET", "POST"])
@login_required
def edit():
    profile = directory_queries.own_profile(current_user.id)
    first_of_mentor = profile is None and has_role(current_user, "mentor")
    if (profile is None and not first_of_mentor) or (profile and profile.status == "declined"):
        return redirect(url_for("mentors.apply"))
    editable = (
        active(current_user) if first_of_mentor else can_edit_mentor_profile(current_user, profile)
    )
    form = _profile_form(profile)
    if editable and form.validate_on_submit():
        try:
            service.edit_mentor_profile(current_user, **form.profile_data())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(SAVED, "success")
            return redirect(url_for("mentors.edit"))
    elif form.is_submitted() and not editable:
        require(False, suspension_refusal(current_user, "change your mentor profile"))
    return render_template(
        "mentorship/mentor_profile.html",
        form=form,
        profile=profile,
        editable=editable,
        accepting_form=AcceptingForm(formdata=None),
    )


@bp.route("/mentors/profile/accepting", methods=["POST"])
@login_required
def accepting():
    form = AcceptingForm()
    if not form.validate_on_submit():
        flash("That did not work: please try again.", "error")
        return redirect(url_for("mentors.edit"))
    try:
        profile = service.set_accepting(current_user, form.accepting.data == "1")
    except Conflict as error:
        flash(error.message, "info")
    else:
        flash(
            "You are taking new mentees again."
            if profile.accepting
            else "Paused: members can no longer ask you for mentorship. Current mentorships go on.",
            "success",
        )
    return redirect(url_for("mentors.edit"))


# ---- the reviewers' side -----------------------------------------------------------


REFUSED = "The applications to mentor are reviewed by site-wide moderators and admins."


def _queue_page(bound: dict | None = None):
    page = directory_queries.pending_applications(page_arg())
    forms = {
        profile.user_id: {
            action: review_form(action, profile.user_id, formdata=None)
            for action in ("approve", "decline")
        }
        for profile in page.items
    }
    for (user_id, action), form in (bound or {}).items():
        forms.setdefault(user_id, {})[action] = form
    return render_template(
        "mentorship/applications.html", page=page, forms=forms, modes=MODES, languages=LANGUAGES
    )


@bp.route("/moderation/mentor-applications")
@login_required
def applications():
    require(can_review_mentor_applications(current_user), REFUSED)
    return _queue_page()


def _decide(username: str, action: str, run):
    require(can_review_mentor_applications(current_user), REFUSED)
    applicant = get_user_by_username(username)
    form = review_form(action, applicant.id)
    if form.validate_on_submit():
        try:
            run(applicant.id, form.reason.data)
        except service.AlreadyDecided as error:
            flash(error.message, "info")
            return redirect(url_for("mentors.applications"))
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(DECIDED[action].format(name=applicant.display_name), "success")
            return redirect(url_for("mentors.applications"))
    return _queue_page({(applicant.id, action): form})


@bp.route("/moderation/mentor-applications/<username>/approve", methods=["POST"])
@login_required
def approve(username: str):
    return _decide(
        username,
        "approve",
        lambda user_id, reason: service.approve_application(current_user, user_id, reason),
    )


@bp.route("/moderation/mentor-applications/<username>/decline", methods=["POST"])
@login_required
def decline(username: str):
    return _decide(
        username,
        "decline",
        lambda user_id, reason: service.decline_application(current_user, user_id, reason),
    )
