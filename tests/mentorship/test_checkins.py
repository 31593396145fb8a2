"""Check-ins: a note on a goal (Markdown, sanitised), the goal's new status, public
threads as evidence (shown only while the viewer may see them), the session it
follows; a double submit adds one; an ended mentorship reads only; hostile input is
refused beside its field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import checkins
from forum.mentorship.models import CheckIn, MentoringSession, MentorshipGoal, checkin_threads
from forum.threads.models import Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals


@pytest.fixture
def pair(app):
    mentor = make_mentor("mentor_ana", time_zone="Europe/London")
    mentee = factories.make_user(username="mentee_bo")
    set_goals(mentee, time_zone="Europe/Lisbon")
    mentorship = make_mentorship(mentor, mentee, status="active")
    return mentor, mentee, mentorship


def _goal(mentorship):
    return db.session.scalars(
        select(MentorshipGoal)
        .where(MentorshipGoal.mentorship_id == mentorship.id)
        .order_by(MentorshipGoal.position)
    ).first()


def _url(mentorship):
    return f"/mentorships/{mentorship.id}/checkins"


def _count(model=CheckIn) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_checkin_renders_its_note_sanitised_and_sets_the_goal_status(client, as_user, pair):
    mentor, mentee, mentorship = pair
    goal = _goal(mentorship)
    public = factories.make_thread(title="Stepped-wedge designs explained")
    as_user(mentee)
    response = client.submit(
        _url(mentorship),
        {
            "goal_id": goal.id,
            "status": "at_risk",
            "note": "Drafted **aims**. <script>alert(1)</script>",
            "evidence": f"https://rounds.test/threads/{public.id}",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentorshipGoal, goal.id).status == "at_risk"
    page = client.get(_url(mentorship)).get_data(as_text=True)
    assert "<strong>aims</strong>" in page
    assert "<script>alert(1)" not in page
    assert "Stepped-wedge designs explained" in page and "Needs attention" in page
    # The other side reads it too.
    as_user(mentor)
    assert "<strong>aims</strong>" in client.get(_url(mentorship)).get_data(as_text=True)


def test_the_same_form_sent_twice_adds_one_checkin(client, as_user, pair):
    _mentor, mentee, mentorship = pair
    as_user(mentee)
    token = client.csrf_token(_url(mentorship))
    data = {"goal_id": _goal(mentorship).id, "status": "on_track", "note": "Progress.",
            "submission": "k" * 24, "csrf_token": token}  # fmt: skip
    assert client.post(_url(mentorship), data=data).status_code == 302
    assert client.post(_url(mentorship), data=data).status_code == 302
    assert _count() == 1


@pytest.mark.parametrize(
    "line",
    [
        "javascript:alert(1)",
        "https://evil.example/threads/1",
        "/posts/1",
        "99999999999999",
        "not a thread",
    ],
)
def test_evidence_that_names_no_public_thread_is_refused_beside_the_field(
    client, as_user, pair, line
):
    _mentor, mentee, mentorship = pair
    as_user(mentee)
    response = client.submit(
        _url(mentorship),
        {
            "goal_id": _goal(mentorship).id,
            "status": "on_track",
            "note": "Kept note",
            "evidence": line,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="evidence-error"' in page and "Kept note" in page
    assert "javascript:alert" not in page.split('id="evidence-error"')[1][:300]
    assert _count() == 0


def test_a_private_threads_url_is_not_evidence(client, as_user, pair, app):
    _mentor, mentee, mentorship = pair
    as_user(mentee)
    response = client.submit(
        _url(mentorship),
        {"goal_id": _goal(mentorship).id, "status": "on_track", "note": "x",
         "evidence": f"/threads/{mentorship.thread_id}"},
    )  # fmt: skip
    assert "not a public thread" in response.get_data(as_text=True)
    assert _count() == 0


def test_evidence_that_later_becomes_invisible_is_no_longer_shown(client, as_user, pair):
    _mentor, mentee, mentorship = pair
    public = factories.make_thread(title="Registry trial pitfalls")
    checkins.add_checkin(
        mentee, mentorship.id, goal_id=_goal(mentorship).id, status="on_track", note="n",
        evidence=str(public.id),
    )  # fmt: skip
    as_user(mentee)
    assert "Registry trial pitfalls" in client.get(_url(mentorship)).get_data(as_text=True)
    thread = db.session.get(Thread, public.id)
    thread.deleted_at = utcnow()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(checkin_threads)) == 1
    assert "Registry trial pitfalls" not in client.get(_url(mentorship)).get_data(as_text=True)


def test_another_mentorships_goal_or_a_proposed_session_is_refused(pair):
    mentor, mentee, mentorship = pair
    other = make_mentorship(make_mentor(), factories.make_user(), status="active")
    with pytest.raises(Invalid) as error:
        checkins.add_checkin(
            mentee, mentorship.id, goal_id=_goal(other).id, status="done", note="x"
        )
    assert error.value.field == "goal_id"
    proposed = MentoringSession(
        mentorship_id=mentorship.id, proposed_by_id=mentor.id, minutes=30, mode="video",
        agenda="a", starts_at=utcnow() + timedelta(days=2),
    )  # fmt: skip
    db.session.add(proposed)
    db.session.commit()
    with pytest.raises(Invalid) as error:
        checkins.add_checkin(
            mentee, mentorship.id, goal_id=_goal(mentorship).id, status="done", note="x",
            session_id=proposed.id,
        )  # fmt: skip
    assert error.value.field == "session_id"
    proposed.status = "accepted"
    db.session.commit()
    made = checkins.add_checkin(
        mentee, mentorship.id, goal_id=_goal(mentorship).id, status="done", note="After it",
        session_id=proposed.id,
    )  # fmt: skip
    assert made.session_id == proposed.id


def test_unknown_status_and_goal_are_field_errors_not_500s(client, as_user, pair):
    _mentor, mentee, mentorship = pair
    as_user(mentee)
    response = client.submit(
        _url(mentorship), {"goal_id": "abc", "status": "winning", "note": "kept text"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="goal_id-error"' in page and 'id="status-error"' in page and "kept text" in page


def test_an_ended_mentorship_shows_checkins_without_a_form_and_refuses_new_ones(
    client, as_user, app
):
    mentor, mentee = make_mentor(), factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="ended")
    as_user(mentee)
    page = client.get(_url(mentorship)).get_data(as_text=True)
    assert "has ended" in page and 'name="note"' not in page
    token = client.csrf_token("/")  # the page has no form: any page's token will do
    data = {"csrf_token": token, "goal_id": _goal(mentorship).id, "status": "done", "note": "x"}
    assert client.post(_url(mentorship), data=data).status_code == 403
    with pytest.raises(NotAllowed):
        checkins.add_checkin(mentee, mentorship.id, goal_id=_goal(mentorship).id,
                             status="done", note="x")  # fmt: skip


def test_checkins_are_404_for_everyone_but_the_two_members(client, as_user, pair, app):
    _mentor, _mentee, mentorship = pair
    for role in ("member", "moderator", "admin"):
        as_user(factories.make_user(role))
        assert client.get(_url(mentorship)).status_code == 404
    with pytest.raises(NotFound):
        checkins.add_checkin(factories.make_user("admin"), mentorship.id, goal_id=1,
                             status="done", note="x")  # fmt: skip
    as_user(None)
    assert client.get(_url(mentorship)).status_code == 302


def test_the_checkins_page_costs_the_same_queries_with_more_checkins(
    client, as_user, pair, count_queries
):
    _mentor, mentee, mentorship = pair
    public = factories.make_thread()

    def add(n):
        for i in range(n):
            checkins.add_checkin(
                mentee, mentorship.id, goal_id=_goal(mentorship).id, status="on_track",
                note=f"Note {i}", evidence=str(public.id),
            )  # fmt: skip

    as_user(mentee)
    add(1)
    with count_queries() as one:
        assert client.get(_url(mentorship)).status_code == 200
    add(5)
    with count_queries() as six:
        assert "Note 4" in client.get(_url(mentorship)).get_data(as_text=True)
    assert len(six) == len(one)
