"""Sessions: proposed in the proposer's zone and stored in UTC, shown in each viewer's
zone; accepted, declined, cancelled or answered with another time (superseding the
first); DST gaps refused beside the field; hostile input never a 500."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.exceptions import Invalid, NotAllowed, NotFound
from forum.extensions import db
from forum.mentorship import sessions
from forum.mentorship.models import MentoringSession
from forum.notifications.models import Notification
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals


@pytest.fixture
def pair(app):
    mentor = make_mentor("mentor_ny", time_zone="America/New_York")
    mentee = factories.make_user(username="mentee_li")
    set_goals(mentee, time_zone="Europe/Lisbon")
    return mentor, mentee, make_mentorship(mentor, mentee, status="active")


def _url(mentorship, tail=""):
    return f"/mentorships/{mentorship.id}/sessions{tail}"


def _future(days=20) -> date:
    return (utcnow() + timedelta(days=days)).date()


def _propose(user, mentorship, **fields):
    values = {"day": _future(), "clock": time(14, 30), "minutes": 45, "mode": "video",
              "agenda": "Protocol draft"}  # fmt: skip
    values.update(fields)
    return sessions.propose_session(user, mentorship.id, **values)[0]


def _form(day=None, clock="14:30", minutes="45", mode="video", agenda="Discuss the protocol"):
    return {"day": day or _future().isoformat(), "clock": clock, "minutes": minutes,
            "mode": mode, "agenda": agenda}  # fmt: skip


def test_a_proposal_is_read_in_the_proposers_zone_and_shown_in_each_viewers(client, as_user, pair):
    mentor, mentee, mentorship = pair
    as_user(mentee)  # Lisbon: WET in January, UTC+0
    response = client.submit(_url(mentorship), _form(day="2027-01-12", clock="14:30"))
    assert response.status_code == 302
    session = db.session.scalar(select(MentoringSession))
    assert session.starts_at == datetime(2027, 1, 12, 14, 30, tzinfo=UTC)
    page = client.get(_url(mentorship)).get_data(as_text=True)
    assert "times in Europe/Lisbon" in page and "Tue 12 Jan 2027, 14:30 (Europe/Lisbon)" in page
    as_user(mentor)  # New York: UTC-5
    page = client.get(_url(mentorship)).get_data(as_text=True)
    assert "times in America/New_York" in page and "09:30 (America/New_York)" in page
    notice = db.session.scalar(select(Notification).where(Notification.user_id == mentor.id))
    assert notice.kind == "mentorship" and "09:30 (America/New_York)" in notice.message


def test_a_time_the_clocks_skip_is_a_field_error(client, as_user, pair):
    _mentor, mentee, mentorship = pair
    as_user(mentee)  # Lisbon springs forward at 01:00 on the last Sunday of March
    response = client.submit(_url(mentorship), _form(day="2027-03-28", clock="01:30"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="clock-error"' in page and "does not exist" in page
    assert "Discuss the protocol" in page  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(MentoringSession)) == 0


def test_a_time_that_happens_twice_is_its_first_occurrence(pair):
    _mentor, mentee, mentorship = pair
    local = sessions.local_to_utc(date(2027, 10, 31), time(1, 30), "Europe/Lisbon")
    assert local.ambiguous and local.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"day": "2026-02-30"}, "day"),
        ({"day": "2020-01-01"}, "day"),
        ({"minutes": "0"}, "minutes"),
        ({"minutes": "1000"}, "minutes"),
        ({"minutes": "many"}, "minutes"),
        ({"mode": "telepathy"}, "mode"),
        ({"clock": "25:99"}, "clock"),
        ({"agenda": ""}, "agenda"),
        ({"day": "9999-12-31", "clock": "23:59"}, "day"),
    ],
)
def test_hostile_proposals_are_refused_beside_their_field(client, as_user, pair, fields, field):
    _mentor, mentee, mentorship = pair
    as_user(mentee)
    response = client.submit(_url(mentorship), _form(**fields))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    assert db.session.scalar(select(func.count()).select_from(MentoringSession)) == 0


def test_the_other_side_accepts_and_the_session_gets_a_calendar_link(client, as_user, pair):
    mentor, mentee, mentorship = pair
    session = _propose(mentee, mentorship)
    as_user(mentor)
    response = client.submit(_url(mentorship, f"/{session.id}/accept"), form_url=_url(mentorship))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentoringSession, session.id).status == "accepted"
    assert f"/sessions/{session.id}.ics" in client.get(_url(mentorship)).get_data(as_text=True)
    told = select(Notification).where(Notification.user_id == mentee.id)
    assert "accepted" in db.session.scalar(told).message


def test_the_proposer_cannot_accept_their_own_proposal(pair):
    _mentor, mentee, mentorship = pair
    session = _propose(mentee, mentorship)
    with pytest.raises(NotAllowed):
        sessions.accept_session(mentee, mentorship.id, session.id)


def test_proposing_another_time_supersedes_the_first(client, as_user, pair):
    mentor, mentee, mentorship = pair
    first = _propose(mentee, mentorship)
    as_user(mentor)
    data = {f"counter-{first.id}-{k}": v for k, v in _form(clock="16:00").items()}
    response = client.submit(
        _url(mentorship, f"/{first.id}/counter"), data, form_url=_url(mentorship)
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentoringSession, first.id).status == "superseded"
    second = db.session.scalar(
        select(MentoringSession).where(MentoringSession.replaces_id == first.id)
    )
    assert second.proposed_by_id == mentor.id and second.status == "proposed"
    # The first can no longer be accepted; the second can, by the mentee.
    with pytest.raises(sessions.SessionChanged):
        sessions.accept_session(mentor, mentorship.id, first.id)
    sessions.accept_session(mentee, mentorship.id, second.id)


def test_a_bad_counter_proposal_shows_its_errors_on_the_page(client, as_user, pair):
    mentor, mentee, mentorship = pair
    first = _propose(mentee, mentorship)
    as_user(mentor)
    data = {f"counter-{first.id}-{k}": v for k, v in _form(minutes="1000").items()}
    response = client.submit(
        _url(mentorship, f"/{first.id}/counter"), data, form_url=_url(mentorship)
    )
    assert response.status_code == 200
    assert f'id="counter-{first.id}-minutes-error"' in response.get_data(as_text=True)


def test_decline_and_cancel_close_a_session_and_twice_is_a_clear_message(client, as_user, pair):
    mentor, mentee, mentorship = pair
    declined = _propose(mentee, mentorship)
    accepted = _propose(mentee, mentorship, clock=time(9, 0))
    sessions.decline_session(mentor, mentorship.id, declined.id)
    sessions.accept_session(mentor, mentorship.id, accepted.id)
    as_user(mentee)
    url = _url(mentorship, f"/{accepted.id}/cancel")
    assert client.submit(url, form_url=_url(mentorship)).status_code == 302
    db.session.expire_all()
    cancelled = db.session.get(MentoringSession, accepted.id)
    assert cancelled.status == "cancelled" and cancelled.sequence == 1
    response = client.submit(url, form_url=_url(mentorship), follow_redirects=True)
    assert "already answered or cancelled" in response.get_data(as_text=True)
    assert db.session.get(MentoringSession, declined.id).status == "declined"


def test_accepting_a_proposal_whose_time_passed_is_refused(pair):
    mentor, mentee, mentorship = pair
    session = _propose(mentee, mentorship)
    with pytest.raises(Invalid):
        sessions.accept_session(
            mentor, mentorship.id, session.id, now=session.starts_at + timedelta(minutes=1)
        )


def test_sessions_are_404_to_others_and_an_ended_mentorship_reads_only(client, as_user, pair):
    _mentor, mentee, mentorship = pair
    session = _propose(mentee, mentorship)
    for role in ("member", "moderator", "admin"):
        outsider = factories.make_user(role)
        as_user(outsider)
        assert client.get(_url(mentorship)).status_code == 404
        with pytest.raises(NotFound):
            sessions.cancel_session(outsider, mentorship.id, session.id)
    ended = make_mentorship(make_mentor(), mentee, status="ended")
    with pytest.raises(NotFound):  # a session of another of their mentorships
        sessions.accept_session(mentee, ended.id, session.id)
    as_user(mentee)
    page = client.get(_url(ended)).get_data(as_text=True)
    assert "has ended" in page and 'name="agenda"' not in page
    with pytest.raises(NotAllowed):
        _propose(mentee, ended)
