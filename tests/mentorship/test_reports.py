"""Reporting one message of a mentorship's private space: the other side's message,
once; the staff page shows that one message's copy (not its neighbours, not a link
into the space, which stays 404 to them); dismissing or acting writes the audit log
and tells the reporter without quoting the message."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.mentorship import report_page, reports
from forum.mentorship.models import MessageReport
from forum.moderation.models import AuditEntry
from forum.notifications.models import Notification
from forum.threads import service as threads
from forum.threads.models import Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship

BEFORE = "An earlier message about the weekend plans."
REPORTED = "The reported message: send me the patient list with names."
AFTER = "A later message about the conference."


@pytest.fixture
def scene(app):
    mentor = make_mentor("mentor_rep")
    mentee = factories.make_user(username="mentee_rep")
    mentorship = make_mentorship(mentor, mentee, status="active")
    thread = db.session.get(Thread, mentorship.thread_id)
    threads.reply_to_thread(mentee, thread, BEFORE)
    post = threads.reply_to_thread(mentor, thread, REPORTED)
    threads.reply_to_thread(mentee, thread, AFTER)
    db.session.commit()
    return mentor, mentee, mentorship, post


def _url(mentorship, post_id):
    return f"/mentorships/{mentorship.id}/messages/{post_id}/report"


def _reports() -> int:
    return db.session.scalar(select(func.count()).select_from(MessageReport))


def test_the_other_side_reports_a_message_and_staff_see_only_that_message(client, as_user, scene):
    mentor, mentee, mentorship, post = scene
    as_user(mentee)
    thread_page = client.get(f"/threads/{mentorship.thread_id}").get_data(as_text=True)
    assert _url(mentorship, post.id) in thread_page  # the Report button
    response = client.submit(_url(mentorship, post.id), {"sent": "1", "reason": "privacy"})
    assert response.status_code == 302
    report = db.session.scalar(select(MessageReport))
    assert report.author_id == mentor.id and REPORTED in report.message_html

    moderator = factories.make_user("moderator")
    as_user(moderator)
    page = client.get("/moderation/private-reports").get_data(as_text=True)
    assert REPORTED in page
    assert BEFORE not in page and AFTER not in page
    assert f"/threads/{mentorship.thread_id}" not in page and f"/posts/{post.id}" not in page
    assert f"/mentorships/{mentorship.id}" not in page
    assert f"/moderation/users/{mentor.username}" in page
    assert client.get(f"/threads/{mentorship.thread_id}").status_code == 404
    assert client.get(f"/posts/{post.id}").status_code == 404


def test_dismissing_writes_the_audit_log_and_tells_the_reporter_without_quoting(
    client, as_user, scene
):
    _mentor, mentee, mentorship, post = scene
    report = reports.report_message(mentee, mentorship.id, post.id, "unprofessional")
    admin = factories.make_user("admin")
    as_user(admin)
    response = client.submit(
        f"/moderation/private-reports/{report.id}/dismiss",
        {f"dismiss-{report.id}-note": "Within the rules."},
        form_url="/moderation/private-reports",
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MessageReport, report.id).status == "dismissed"
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.action, entry.target_type, entry.target_id, entry.target_label) == (
        "message_report.dismiss",
        "message_report",
        report.id,
        f"report {report.id}",
    )
    notice = db.session.scalar(select(Notification).where(Notification.user_id == mentee.id))
    assert notice.kind == "mentorship" and "Within the rules." in notice.message
    assert "patient list" not in notice.message
    # Resolving again is a clear message, not a second entry.
    again = client.submit(
        f"/moderation/private-reports/{report.id}/action", form_url="/moderation/private-reports",
        follow_redirects=True,
    )  # fmt: skip
    assert "already resolved" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_acting_on_a_report_is_audited_as_an_action(client, as_user, scene):
    _mentor, mentee, mentorship, post = scene
    report = reports.report_message(mentee, mentorship.id, post.id, "other", "Asked for names.")
    reports.action_report(factories.make_user("moderator"), report.id, "Warned the author.")
    entry = db.session.scalar(select(AuditEntry))
    assert entry.action == "message_report.action" and entry.target_label == f"report {report.id}"
    assert REPORTED not in (entry.reason or "") + str(entry.after)


def test_a_message_is_reported_once_per_member(client, as_user, scene):
    _mentor, mentee, mentorship, post = scene
    reports.report_message(mentee, mentorship.id, post.id, "spam")
    with pytest.raises(reports.AlreadyReported):
        reports.report_message(mentee, mentorship.id, post.id, "spam")
    as_user(mentee)
    page = client.get(_url(mentorship, post.id)).get_data(as_text=True)
    assert "You reported this message" in page
    assert _reports() == 1


def test_reporting_your_own_message_is_refused_and_shows_no_button(client, as_user, scene):
    mentor, _mentee, mentorship, post = scene
    as_user(mentor)
    assert _url(mentorship, post.id) not in client.get(f"/threads/{mentorship.thread_id}").get_data(
        as_text=True
    )
    assert client.get(_url(mentorship, post.id)).status_code == 403
    assert _reports() == 0


def test_another_mentorships_post_and_outsiders_are_404(client, as_user, scene):
    _mentor, mentee, mentorship, _post = scene
    other = make_mentorship(make_mentor(), factories.make_user(), status="active")
    other_thread = db.session.get(Thread, other.thread_id)
    as_user(mentee)
    assert client.get(_url(mentorship, other_thread.first_post_id)).status_code == 404
    public = factories.make_thread()
    assert client.get(_url(mentorship, public.first_post_id)).status_code == 404
    for role in ("member", "moderator", "admin"):
        as_user(factories.make_user(role))
        assert client.get(_url(mentorship, _post.id)).status_code == 404


def test_other_without_words_and_an_unknown_reason_are_field_errors(client, as_user, scene):
    _mentor, mentee, mentorship, post = scene
    as_user(mentee)
    page = client.submit(_url(mentorship, post.id), {"sent": "1", "reason": "other"}).get_data(
        as_text=True
    )
    assert 'id="text-error"' in page
    page = client.submit(_url(mentorship, post.id), {"sent": "1", "reason": "bogus"}).get_data(
        as_text=True
    )
    assert 'id="reason-error"' in page
    assert _reports() == 0


def test_the_thread_button_just_opens_the_form(client, as_user, scene):
    _mentor, mentee, mentorship, post = scene
    as_user(mentee)
    response = client.submit(
        _url(mentorship, post.id), {}, form_url=f"/threads/{mentorship.thread_id}"
    )
    assert response.status_code == 200 and 'name="reason"' in response.get_data(as_text=True)
    assert _reports() == 0


def test_the_staff_page_is_for_site_wide_staff_only(client, as_user, scene):
    _mentor, mentee, mentorship, post = scene
    report = reports.report_message(mentee, mentorship.id, post.id, "spam")
    cardiology = factories.make_specialty()
    for user in (mentee, factories.make_user("mentor"),
                 factories.make_user(moderates=[cardiology])):  # fmt: skip
        as_user(user)
        assert client.get("/moderation/private-reports").status_code == 403
        token = client.csrf_token("/")
        response = client.post(
            f"/moderation/private-reports/{report.id}/dismiss", data={"csrf_token": token}
        )
        assert response.status_code == 403
    assert db.session.get(MessageReport, report.id).status == "open"


def test_the_report_button_costs_public_threads_no_query(app, scene, count_queries):
    mentor, mentee, _mentorship, _post = scene
    public = factories.make_thread()
    with app.test_request_context(), count_queries() as statements:
        assert report_page.post_parts(public, mentee, []) == {}
    assert statements == []
