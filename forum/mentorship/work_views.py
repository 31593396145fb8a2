"""Inside a mentorship: check-ins, tele-mentoring sessions and their calendar files, and
reporting one message; and the staff's page of reported private messages.

- /mentorships/<id>/checkins: the goals, the check-ins and the check-in form.
- /mentorships/<id>/sessions: sessions in the viewer's zone and the propose form;
  …/sessions/<sid>/accept|decline|cancel|counter answer one; …/sessions/<sid>.ics is an
  accepted session's calendar file.
- /mentorships/<id>/messages/<post_id>/report: the report form (or the report made).
- /moderation/private-reports: open reports, each showing its one message's copy;
  …/<report_id>/dismiss|action resolve one.

Everything under /mentorships/<id> answers 404 to all but the two members
(access.get_mentorship); an ended mentorship reads, and refuses changes with 403.
The reports page is site-wide staff's (403 for the others).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from forum import effects, form_support
from forum.exceptions import Invalid
from forum.mentorship import (
    access,
    calendar_files,
    checkins,
    reminders,
    report_page,
    reports,
    sessions,
    work_queries,
)
from forum.mentorship.cli import mentorship_cli
from forum.mentorship.work_forms import (
    ButtonForm,
    CheckInForm,
    ReportForm,
    SessionForm,
    resolve_form,
)
from forum.moderation.models import FLAG_REASONS
from forum.pagination import page_arg
from forum.permissions import (
    can_report_message,
    can_review_message_reports,
    can_work_in_mentorship,
    require,
)

bp = Blueprint("mentorship_work", __name__)

CHECKED_IN = "Your check-in is added, and the goal's status updated."
PROPOSED = "Your proposal is sent: you will be told when it is answered."
FOLD = (
    " That time happens twice in {zone} (the clocks go back then): it is the first one, "
    "before the change."
)
ANSWERED = {
    "accept": "The session is accepted. Add it to your calendar with its .ics file.",
    "decline": "The proposal is declined.",
    "cancel": "The session is cancelled.",
}
REPORTED = "Thank you: the moderators will review the message, and you will be told the outcome."
RESOLVED = {
    "dismiss": "The report is dismissed; the member who reported it was told.",
    "action": "The report is marked as acted on; the member who reported it was told.",
}


def setup(app: Flask) -> None:
    """What this part registers at start-up besides its blueprint (hooks, effects, CLI)."""
    report_page.register()
    effects.register(reminders.EFFECT, reminders.send_due_reminders)
    app.cli.add_command(mentorship_cli)


def _site_hosts() -> frozenset[str]:
    """Host names a pasted thread address may carry: this request's and SERVER_NAME's."""
    names = {request.host, current_app.config.get("SERVER_NAME") or ""}
    return frozenset(name.rsplit(":", 1)[0].lower() for name in names if name)


# ---- check-ins ---------------------------------------------------------------------


def _checkins_context(mentorship_id: int):
    mentorship = access.get_mentorship(current_user, mentorship_id)
    return work_queries.checkins_page(current_user, mentorship, page_arg())


@bp.route("/mentorships/<id:mentorship_id>/checkins", methods=["GET", "POST"], endpoint="checkins")
@login_required
def checkins_view(mentorship_id: int):
    shown = _checkins_context(mentorship_id)
    form = CheckInForm(goals=work_queries.goal_choices(shown.goals), sessions=shown.session_choices)
    if request.method == "POST":
        require(shown.can_add, checkins.READ_ONLY)
        if form.validate_on_submit():
            try:
                checkins.add_checkin(
                    current_user,
                    mentorship_id,
                    goal_id=form.goal_id.data,
                    status=form.status.data,
                    note=form.note.data,
                    evidence=form.evidence.data,
                    session_id=form.session_id.data,
                    submission_key=form.submission.data,
                    site_hosts=_site_hosts(),
                )
            except Invalid as error:
                form_support.attach(form, error)
                shown = _checkins_context(mentorship_id)  # the rollback expired it
            else:
                flash(CHECKED_IN, "success")
                return redirect(url_for("mentorship_work.checkins", mentorship_id=mentorship_id))
    return render_template("mentorship/checkins.html", shown=shown, form=form)


# ---- sessions ----------------------------------------------------------------------


def _sessions_page(mentorship_id: int, *, form=None, counter=None, status: int = 200):
    mentorship = access.get_mentorship(current_user, mentorship_id)
    shown = work_queries.sessions_page(current_user, mentorship)
    counters = {
        row.id: SessionForm(prefix=f"counter-{row.id}", formdata=None)
        for row in shown.upcoming
        if row.can_respond
    }
    if counter is not None:
        counters[counter[0]] = counter[1]
    page = render_template(
        "mentorship/sessions.html",
        shown=shown,
        form=form or SessionForm(formdata=None),
        counters=counters,
        button=ButtonForm(formdata=None),
    )
    return page, status


def _propose(mentorship_id: int, form: SessionForm, replaces_id: int | None = None) -> bool:
    """Send the proposal in `form`; False (with the message beside its field) if refused."""
    try:
        _session, local = sessions.propose_session(
            current_user,
            mentorship_id,
            day=form.day.data,
            clock=form.clock.data,
            minutes=form.minutes.data,
            mode=form.mode.data,
            agenda=form.agenda.data,
            submission_key=form.submission.data,
            replaces_id=replaces_id,
        )
    except Invalid as error:
        form_support.attach(form, error)
        return False
    except sessions.SessionChanged as error:
        flash(error.message, "info")
        return True
    message = PROPOSED
    if local.ambiguous:
        message += FOLD.format(zone=access.zone_of(current_user.id))
    flash(message, "success")
    return True


# Named apart from the services it calls (checkins, sessions): the endpoints keep the nouns.
@bp.route("/mentorships/<id:mentorship_id>/sessions", methods=["GET", "POST"], endpoint="sessions")
@login_required
def sessions_view(mentorship_id: int):
    form = SessionForm()
    if request.method == "POST":
        mentorship = access.get_mentorship(current_user, mentorship_id)
        require(can_work_in_mentorship(current_user, mentorship), sessions.work_refusal(mentorship))
        if form.validate_on_submit() and _propose(mentorship_id, form):
            return redirect(url_for("mentorship_work.sessions", mentorship_id=mentorship_id))
    return _sessions_page(mentorship_id, form=form)


@bp.route("/mentorships/<id:mentorship_id>/sessions/<id:session_id>/counter", methods=["POST"])
@login_required
def counter_session(mentorship_id: int, session_id: int):
    form = SessionForm(prefix=f"counter-{session_id}")
    access.get_mentorship(current_user, mentorship_id)  # 404 before reading the form
    if form.validate_on_submit() and _propose(mentorship_id, form, replaces_id=session_id):
        return redirect(url_for("mentorship_work.sessions", mentorship_id=mentorship_id))
    return _sessions_page(mentorship_id, counter=(session_id, form))


def _answer(mentorship_id: int, session_id: int, action: str, run):
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        run(current_user, mentorship_id, session_id)
    except sessions.SessionChanged as error:
        flash(error.message, "info")
    except Invalid as error:
        flash(error.message, "error")
    else:
        flash(ANSWERED[action], "success")
    return redirect(url_for("mentorship_work.sessions", mentorship_id=mentorship_id))


@bp.route("/mentorships/<id:mentorship_id>/sessions/<id:session_id>/accept", methods=["POST"])
@login_required
def accept_session(mentorship_id: int, session_id: int):
    return _answer(mentorship_id, session_id, "accept", sessions.accept_session)


@bp.route("/mentorships/<id:mentorship_id>/sessions/<id:session_id>/decline", methods=["POST"])
@login_required
def decline_session(mentorship_id: int, session_id: int):
    return _answer(mentorship_id, session_id, "decline", sessions.decline_session)


@bp.route("/mentorships/<id:mentorship_id>/sessions/<id:session_id>/cancel", methods=["POST"])
@login_required
def cancel_session(mentorship_id: int, session_id: int):
    return _answer(mentorship_id, session_id, "cancel", sessions.cancel_session)


@bp.route("/mentorships/<id:mentorship_id>/sessions/<id:session_id>.ics")
@login_required
def session_calendar(mentorship_id: int, session_id: int):
    mentorship, session = sessions.accepted_session(current_user, mentorship_id, session_id)
    host = (current_app.config.get("SERVER_NAME") or request.host).rsplit(":", 1)[0]
    body = calendar_files.session_calendar(
        mentorship,
        session,
        host=host,
        url=url_for("mentorship_work.sessions", mentorship_id=mentorship_id, _external=True),
    )
    response = make_response(body)
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="rounds-session-{session.id}.ics"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# ---- reporting one message -----------------------------------------------------------


@bp.route("/mentorships/<id:mentorship_id>/messages/<id:post_id>/report", methods=["GET", "POST"])
@login_required
def report(mentorship_id: int, post_id: int):
    mentorship, post = reports.message_of(current_user, mentorship_id, post_id)
    mine = reports.report_of(current_user, post.id)
    if mine is not None:
        return render_template(
            "mentorship/report_sent.html",
            mentorship=mentorship,
            post=post,
            report=mine,
            reason=FLAG_REASONS.get(mine.reason, mine.reason),
        )
    require(
        can_report_message(current_user, mentorship, post),
        reports.refusal(current_user, mentorship, post),
    )
    form = ReportForm()
    if form.was_sent and form.validate():
        try:
            reports.report_message(
                current_user, mentorship_id, post_id, form.reason.data, form.text.data
            )
        except reports.AlreadyReported as error:
            flash(error.message, "info")
            return redirect(request.path)
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(REPORTED, "success")
            return redirect(url_for("threads.post", post_id=post_id))
        mentorship, post = reports.message_of(current_user, mentorship_id, post_id)
    return render_template("mentorship/report.html", mentorship=mentorship, post=post, form=form)


# ---- the staff's page ------------------------------------------------------------------


def _reports_page(bound: dict | None = None, status: int = 200):
    page = work_queries.private_reports(page_arg())
    forms = {
        item.id: {
            action: resolve_form(action, item.id, formdata=None) for action in ("dismiss", "action")
        }
        for item in page.items
    }
    for (report_id, action), form in (bound or {}).items():
        if report_id in forms:
            forms[report_id][action] = form
    return render_template("mentorship/private_reports.html", page=page, forms=forms), status


@bp.route("/moderation/private-reports")
@login_required
def private_reports():
    require(can_review_message_reports(current_user), reports.ONLY_STAFF)
    return _reports_page()


def _resolve(report_id: int, action: str, run):
    require(can_review_message_reports(current_user), reports.ONLY_STAFF)
    form = resolve_form(action, report_id)
    if form.validate_on_submit():
        try:
            run(current_user, report_id, form.note.data)
        except reports.NothingToResolve as error:
            flash(error.message, "info")
            return redirect(url_for("mentorship_work.private_reports"))
        except Invalid as error:
            form_support.attach(form, error)
        else:
            flash(RESOLVED[action], "success")
            return redirect(url_for("mentorship_work.private_reports"))
    return _reports_page({(report_id, action): form})


@bp.route("/moderation/private-reports/<id:report_id>/dismiss", methods=["POST"])
@login_required
def dismiss_report(report_id: int):
    return _resolve(report_id, "dismiss", reports.dismiss_report)


@bp.route("/moderation/private-reports/<id:report_id>/action", methods=["POST"])
@login_required
def action_report(report_id: int):
    return _resolve(report_id, "action", reports.action_report)
