"""The .ics file of an accepted session: parsed back with icalendar, its fields are
right, long lines are folded, and only the two members get it, only once accepted."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar

from forum.dbtypes import utcnow
from forum.mentorship import sessions
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals

LONG_AGENDA = "Review the protocol, the consent form; and the budget, line by line. " * 6


@pytest.fixture
def scene(app):
    mentor = make_mentor("mentor_cal", display_name="Dr Ana Souza", time_zone="Europe/London")
    mentee = factories.make_user(username="mentee_cal", display_name="Dr Bo Lee")
    set_goals(mentee, time_zone="Europe/Lisbon")
    mentorship = make_mentorship(mentor, mentee, status="active")
    day = (utcnow() + timedelta(days=30)).date()
    session, _local = sessions.propose_session(
        mentee, mentorship.id, day=day, clock=time(10, 0), minutes=50, mode="video",
        agenda=LONG_AGENDA,
    )  # fmt: skip
    return mentor, mentee, mentorship, session


def _url(mentorship, session):
    return f"/mentorships/{mentorship.id}/sessions/{session.id}.ics"


def test_an_accepted_sessions_calendar_file_parses_back_with_its_fields(client, as_user, scene):
    mentor, mentee, mentorship, session = scene
    starts = session.starts_at
    sessions.accept_session(mentor, mentorship.id, session.id)
    as_user(mentee)
    response = client.get(_url(mentorship, session))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="rounds-session-{session.id}.ics"'
    )
    raw = response.get_data()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n")), "lines are folded at 75 octets"
    assert b"\r\n " in raw  # the long agenda was folded
    calendar = Calendar.from_ical(raw)
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    assert "Rounds" in str(calendar["PRODID"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"session-{session.id}@rounds.test"
    assert event.decoded("DTSTART") == starts.astimezone(UTC)
    assert event.decoded("DTEND") == starts + timedelta(minutes=50)
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert isinstance(event.decoded("DTSTAMP"), datetime)
    assert int(event["SEQUENCE"]) == 0
    assert str(event["DESCRIPTION"]) == LONG_AGENDA.strip()
    assert "Dr Ana Souza" in str(event["SUMMARY"]) and "Dr Bo Lee" in str(event["SUMMARY"])
    # The same session downloaded again keeps its UID (an update, not a second event).
    again = Calendar.from_ical(client.get(_url(mentorship, session)).get_data())
    assert str(again.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def test_a_proposed_session_has_no_calendar_file(client, as_user, scene):
    _mentor, mentee, mentorship, session = scene
    as_user(mentee)
    assert client.get(_url(mentorship, session)).status_code == 404


def test_the_calendar_file_is_404_for_anyone_but_the_two_members(client, as_user, scene):
    mentor, _mentee, mentorship, session = scene
    sessions.accept_session(mentor, mentorship.id, session.id)
    for role in ("member", "mentor", "moderator", "admin"):
        as_user(factories.make_user(role))
        assert client.get(_url(mentorship, session)).status_code == 404
    as_user(None)
    assert client.get(_url(mentorship, session)).status_code == 302
