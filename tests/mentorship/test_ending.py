"""Ending a mentorship (its space read-only for both), and the mentee's thank-you."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.exceptions import Conflict, Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import ending
from forum.mentorship.models import Mentorship
from forum.notifications.models import Notification
from forum.permissions import can_edit_post, can_reply
from forum.threads import service as threads
from forum.threads.models import Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship


@pytest.fixture
def active(app):
    mentor = make_mentor("drmentor")
    mentee = factories.make_user(username="mentee")
    return mentor, mentee, make_mentorship(mentor, mentee, status="active")


def _reload(mentorship_id: int) -> Mentorship:
    db.session.expire_all()
    return db.session.get(Mentorship, mentorship_id)


def _told(user) -> list[str]:
    db.session.expire_all()
    return list(
        db.session.scalars(select(Notification.message).where(Notification.user_id == user.id))
    )


def test_ending_locks_the_conversation_for_both_and_tells_the_other(active):
    mentor, mentee, mentorship = active
    reply = threads.reply_to_thread(
        mentor, threads.get_thread(mentor, mentorship.thread_id), "Before the end."
    )
    ending.end_mentorship(mentee, mentorship.id, "  Thank you, this was enough.  ")
    m = _reload(mentorship.id)
    assert (m.status, m.ended_by_id, m.end_note) == (
        "ended",
        mentee.id,
        "Thank you, this was enough.",
    )
    assert m.ended_at is not None
    thread = threads.get_thread(mentor, m.thread_id)
    assert thread.is_locked
    for member in (mentor, mentee):
        assert not can_reply(member, thread)
        with pytest.raises(NotAllowed):
            threads.reply_to_thread(member, thread, "After the end.")
    post = threads.get_post(mentor, reply.id)
    assert not can_edit_post(mentor, post)
    with pytest.raises(NotAllowed):
        threads.edit_post(mentor, post, "Edited after the end.")
    assert any(
        "ended your mentorship" in text and "this was enough" in text for text in _told(mentor)
    )
    assert not any("ended your mentorship" in text for text in _told(mentee))


def test_only_an_active_mentorship_ends(active):
    mentor, mentee, mentorship = active
    ending.end_mentorship(mentor, mentorship.id)
    with pytest.raises(Conflict):
        ending.end_mentorship(mentee, mentorship.id)  # a second click, or both at once
    agreeing = make_mentorship(mentor, factories.make_user(), status="agreeing")
    with pytest.raises(Conflict):
        ending.end_mentorship(mentor, agreeing.id)


def test_outsiders_cannot_end_thank_or_show(active):
    _mentor, _mentee, mentorship = active
    for outsider in (
        factories.make_user(),
        factories.make_user("moderator"),
        factories.make_user("admin"),
    ):
        with pytest.raises(NotFound):
            ending.end_mentorship(outsider, mentorship.id)
        with pytest.raises(NotFound):
            ending.thank_mentor(outsider, mentorship.id, "Thanks")
        with pytest.raises(NotFound):
            ending.show_thanks(outsider, mentorship.id, True)
    assert _reload(mentorship.id).status == "active"


def test_a_long_note_is_refused_beside_the_field(active):
    mentor, _mentee, mentorship = active
    with pytest.raises(Invalid) as refused:
        ending.end_mentorship(mentor, mentorship.id, "x" * 501)
    assert refused.value.field == "note"
    assert _reload(mentorship.id).status == "active"


def test_a_suspended_member_cannot_end(active):
    mentor, _mentee, mentorship = active
    mentor.suspended_until = utcnow() + timedelta(days=1)
    db.session.commit()
    with pytest.raises(NotAllowed):
        ending.end_mentorship(mentor, mentorship.id)


def test_the_mentee_thanks_once_and_the_mentor_chooses_to_show_it(active):
    mentor, mentee, mentorship = active
    with pytest.raises(NotAllowed):
        ending.thank_mentor(mentee, mentorship.id, "Too early.")  # still active
    ending.end_mentorship(mentor, mentorship.id)
    with pytest.raises(NotAllowed):
        ending.thank_mentor(mentor, mentorship.id, "Thanking myself.")
    with pytest.raises(Invalid):
        ending.thank_mentor(mentee, mentorship.id, "   ")
    ending.thank_mentor(mentee, mentorship.id, "You changed how I work.")
    with pytest.raises(Conflict):
        ending.thank_mentor(mentee, mentorship.id, "Again.")
    m = _reload(mentorship.id)
    assert (m.thanks, m.thanks_shown) == ("You changed how I work.", False)
    assert any("thanked you" in text for text in _told(mentor))
    with pytest.raises(NotAllowed):
        ending.show_thanks(mentee, mentorship.id, True)  # the mentor chooses
    ending.show_thanks(mentor, mentorship.id, True)
    assert _reload(mentorship.id).thanks_shown is True
    ending.show_thanks(mentor, mentorship.id, False)
    assert _reload(mentorship.id).thanks_shown is False


def test_a_shown_thank_you_is_on_the_mentors_profile_for_everyone(client, as_user, active):
    mentor, mentee, mentorship = active
    ending.end_mentorship(mentor, mentorship.id)
    ending.thank_mentor(mentee, mentorship.id, "You changed how I work.")
    as_user(factories.make_user())
    assert "You changed how I work." not in client.get("/members/drmentor").get_data(as_text=True)
    ending.show_thanks(mentor, mentorship.id, True)
    assert "You changed how I work." in client.get("/members/drmentor").get_data(as_text=True)
    ending.show_thanks(mentor, mentorship.id, False)
    assert "You changed how I work." not in client.get("/members/drmentor").get_data(as_text=True)


# ---- the pages --------------------------------------------------------------------


def test_end_page_ends_it_and_the_thread_page_stops_taking_replies(client, as_user, active):
    mentor, mentee, mentorship = active
    as_user(mentee)
    url = f"/mentorships/{mentorship.id}/end"
    assert "End the mentorship" in client.get(url).get_data(as_text=True)
    response = client.submit(url, {"note": "All done."})
    assert response.status_code == 302
    assert _reload(mentorship.id).status == "ended"
    thread_page = client.get(f"/threads/{mentorship.thread_id}").get_data(as_text=True)
    assert "read-only" in thread_page
    token = client.csrf_token(f"/mentorships/{mentorship.id}")
    reply = client.post(
        f"/threads/{mentorship.thread_id}/reply", data={"body": "Hello?", "csrf_token": token}
    )
    assert reply.status_code in (403, 409)
    count = db.session.scalar(select(Thread.post_count).where(Thread.id == mentorship.thread_id))
    assert count == 1
    again = client.get(url)  # the end page of an ended mentorship
    assert again.status_code == 302


def test_end_page_keeps_a_too_long_note_with_its_message(client, as_user, active):
    _mentor, mentee, mentorship = active
    as_user(mentee)
    url = f"/mentorships/{mentorship.id}/end"
    response = client.submit(url, {"note": "n" * 600})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Keep it under 500 characters." in body
    assert "n" * 600 in body
    assert _reload(mentorship.id).status == "active"


def test_thanks_page_and_show_toggle(client, as_user, active):
    mentor, mentee, mentorship = active
    ending.end_mentorship(mentor, mentorship.id)
    hub = f"/mentorships/{mentorship.id}"
    as_user(mentee)
    assert "Thank Dr Drmentor" in client.get(hub).get_data(as_text=True)
    response = client.submit(f"{hub}/thanks", {"text": "Thank you for everything."})
    assert response.status_code == 302
    assert client.get(f"{hub}/thanks").status_code == 302  # once only
    as_user(mentor)
    page = client.get(hub).get_data(as_text=True)
    assert "Thank you for everything." in page
    assert "Show it on my profile" in page
    response = client.submit(f"{hub}/thanks/show", {"show": "1"}, form_url=hub)
    assert response.status_code == 302
    assert _reload(mentorship.id).thanks_shown is True
    client.submit(f"{hub}/thanks/show", {"show": "0"}, form_url=hub)
    assert _reload(mentorship.id).thanks_shown is False


def test_the_mentor_gets_no_thanks_form(client, as_user, active):
    mentor, _mentee, mentorship = active
    ending.end_mentorship(mentor, mentorship.id)
    as_user(mentor)
    assert client.get(f"/mentorships/{mentorship.id}/thanks").status_code == 403


def test_ending_cancels_the_sessions_still_to_come_and_keeps_past_ones(app):
    from datetime import timedelta

    from forum.dbtypes import utcnow
    from forum.extensions import db
    from forum.mentorship import ending
    from forum.mentorship.models import MentoringSession
    from tests import factories
    from tests.mentorship.scene import make_mentor, make_mentorship

    mentor, mentee = make_mentor(), factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="active")

    def session(days: int, status: str) -> int:
        row = MentoringSession(
            mentorship_id=mentorship.id,
            proposed_by_id=mentor.id,
            starts_at=utcnow() + timedelta(days=days),
            minutes=45,
            mode="video",
            agenda="Talk.",
            status=status,
        )
        db.session.add(row)
        db.session.commit()
        return row.id

    past, coming, proposed = session(-3, "accepted"), session(3, "accepted"), session(5, "proposed")
    ending.end_mentorship(mentee, mentorship.id, "Done.")

    statuses = {s.id: s.status for s in db.session.query(MentoringSession)}
    assert statuses == {past: "accepted", coming: "cancelled", proposed: "cancelled"}
