"""A member's mentoring goals and the mentors suggested for them.

- /mentorship/goals: the goals form (any active member; a suspended one reads why not).
- /mentorship/suggestions: suggested mentors, best first, each with the reason it is
  suggested (matching.py); with no goals yet, an invitation to state them.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from forum import form_support
from forum.dbtypes import utcnow
from forum.exceptions import Invalid
from forum.mentorship import goal_queries
from forum.mentorship import goals as service
from forum.mentorship.access import DEFAULT_ZONE, zone_of
from forum.mentorship.goal_forms import GoalsForm
from forum.permissions import can_set_goals, require
from forum.taxonomy.service import specialty_choices, topic_choices

bp = Blueprint("matching", __name__)

SAVED = "Your goals are saved. These are the mentors who match them best."
# The endpoint of the request form (forum/mentorship/mentorship_views.py), when present.
REQUEST_ENDPOINT = "mentorships.request"


def setup(app: Flask) -> None:
    """What this part registers at start-up besides its blueprint (hooks, effects, CLI)."""


def _prefill(row) -> dict | None:
    if row is None:
        return {"time_zone": zone_of(current_user.id)}
    return {
        "text": row.text,
        "specialties": [s.id for s in row.specialties],
        "topics": [t.id for t in row.topics],
        "modes": list(row.modes),
        "languages": list(row.languages),
        "time_zone": row.time_zone,
    }


def _area_choices(form: GoalsForm, row) -> None:
    """Open specialties and topics; goals that name a retired one keep it (labelled)."""
    kept = {s.id for s in row.specialties} if row else set()
    open_ids = {key for key, _name in specialty_choices(blank=None, open_only=True)}
    form.specialties.choices = form_support.choices(
        (key, name) for key, name in specialty_choices(blank=None) if key in open_ids | kept
    )
    kept_topics = [t.id for t in row.topics] if row else []
    form.topics.choices = form_support.choices(topic_choices(open_only=True, keep=kept_topics))


@bp.route("/mentorship/goals", methods=["GET", "POST"])
@login_required
def goals():
    # A suspended member reads the refusal, not a form that would refuse on save.
    require(can_set_goals(current_user), service.refusal(current_user))
    row = goal_queries.goals_row(current_user.id)
    form = GoalsForm(data=_prefill(row))
    _area_choices(form, row)
    if form.validate_on_submit():
        try:
            service.set_goals(current_user, **form.goals_data())
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(SAVED, "success")
            return redirect(url_for("matching.suggestions"))
    # A first visit with nothing known: the browser may fill in its own zone.
    guess_zone = row is None and not form.is_submitted() and form.time_zone.data == DEFAULT_ZONE
    return render_template("mentorship/goals.html", form=form, guess_zone=guess_zone)


def request_link(username: str) -> str:
    """Where "Request mentorship" leads: the request form, or the mentor's profile
    until that form exists."""
    if REQUEST_ENDPOINT in current_app.view_functions:
        return url_for(REQUEST_ENDPOINT, username=username)
    return url_for("profiles.show", username=username)


@bp.route("/mentorship/suggestions")
@login_required
def suggestions():
    page = goal_queries.suggestions_page(current_user, utcnow())
    return render_template("mentorship/suggestions.html", page=page, request_link=request_link)
