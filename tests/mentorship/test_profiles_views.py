"""The application form and the mentor's own profile page, through the client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship.models import MentorProfile
from tests import factories
from tests.mentorship.scene import make_mentor


def _form(specialty, **changes) -> dict:
    data = {
        "specialties": [str(specialty.id)],
        "years_in_practice": "11",
        "statement": "I mentor nurses who want to lead digital projects.",
        "modes": ["forum", "video"],
        "languages": ["en"],
        "time_zone": "Europe/Dublin",
        "accepting": "y",
        "capacity": "2",
    }
    data.update(changes)
    return data


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_a_member_applies_and_sees_it_waiting(client, login):
    member = login()
    factories.make_credential(member)
    specialty = factories.make_specialty(name="Nursing practice")

    response = client.submit("/mentors/apply", _form(specialty))

    assert response.status_code == 302 and response.headers["Location"].endswith("/mentors/profile")
    profile = db.session.get(MentorProfile, member.id)
    assert profile.status == "pending" and profile.time_zone == "Europe/Dublin"
    page = _text(client.get("/mentors/profile"))
    assert "Your application is waiting for a moderator" in page
    # Applying again while it waits leads to the profile, not a second application.
    assert client.get("/mentors/apply").status_code == 302


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"specialties": ["987654"]}, "Choose specialties from the list."),
        ({"specialties": ["nope"]}, "Choose specialties from the list."),
        ({"capacity": "0"}, "Take between 1 and 10 mentees at once."),
        ({"capacity": "999"}, "Take between 1 and 10 mentees at once."),
        ({"capacity": "lots"}, "Take between 1 and 10 mentees at once."),
        ({"time_zone": "Mars/Base"}, "Choose your time zone from the list."),
        ({"statement": "x" * 2001}, "Keep your statement under 2,000 characters."),
        ({"modes": ["telepathy"]}, "Choose from the ways offered."),
        ({"years_in_practice": "-3"}, "Give your years in practice as a whole number"),
    ],
)
def test_hostile_input_gets_a_message_beside_the_field_and_keeps_the_rest(
    client, login, changes, message
):
    factories.make_credential(login())
    specialty = factories.make_specialty()
    statement = changes.get("statement", "My statement, kept as typed & <escaped>.")

    response = client.submit(
        "/mentors/apply", _form(specialty, **{"statement": statement, **changes})
    )

    page = _text(response)
    assert response.status_code == 200
    assert message in page and 'class="error"' in page
    if len(statement) <= 2000:
        assert "My statement, kept as typed &amp; &lt;escaped&gt;." in page
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_the_apply_page_says_up_front_that_a_verified_credential_is_needed(client, login):
    member = login()
    factories.make_credential(member, "pending")

    page = _text(client.get("/mentors/apply"))
    assert "First, a verified credential" in page and 'href="/credentials"' in page

    factories.make_credential(member)
    page = _text(client.get("/mentors/apply"))
    assert "First, a verified credential" not in page


def test_an_application_without_a_verified_credential_is_refused_with_the_link(client, login):
    login()
    specialty = factories.make_specialty()

    response = client.submit("/mentors/apply", _form(specialty, statement="Kept as typed."))

    page = _text(response)
    assert response.status_code == 200
    assert "Your application was not sent" in page and 'role="alert"' in page
    assert "Mentors need a verified professional credential" in page
    assert 'href="/credentials"' in page and "Kept as typed." in page
    assert db.session.scalar(select(func.count()).select_from(MentorProfile)) == 0


def test_guests_are_sent_to_sign_in_and_mentors_to_their_profile(client, login):
    assert client.get("/mentors/apply").status_code == 302
    assert "/login" in client.get("/mentors/apply").headers["Location"]
    mentor = make_mentor()
    client.submit("/login", {"username": mentor.username, "password": factories.PASSWORD})
    response = client.get("/mentors/apply")
    assert response.status_code == 302 and response.headers["Location"].endswith("/mentors/profile")


def test_a_suspended_member_is_refused_the_application(client, login):
    login(suspended_until=utcnow() + timedelta(days=3))
    response = client.get("/mentors/apply")
    assert response.status_code == 403
    assert "suspended" in _text(response)


def test_the_first_application_form_offers_the_browser_zone_script(client, login):
    login()
    page = _text(client.get("/mentors/apply"))
    assert 'data-guess-zone="browser"' in page and "js/guess-zone.js" in page
    assert "<script>" not in page


def test_a_mentor_edits_the_profile_and_sees_it_kept(client, as_user):
    cardiology, oncology = factories.make_specialty(), factories.make_specialty()
    mentor = make_mentor(specialties=[cardiology], capacity=2)
    as_user(mentor)

    page = _text(client.get("/mentors/profile"))
    assert 'value="2"' in page and "Pause taking new mentees" in page

    response = client.submit(
        "/mentors/profile", _form(oncology, capacity="4", time_zone="Asia/Kolkata")
    )
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(MentorProfile, mentor.id)
    assert (profile.capacity, profile.time_zone, profile.status) == (4, "Asia/Kolkata", "approved")

    bad = client.submit("/mentors/profile", _form(oncology, capacity="11"))
    assert bad.status_code == 200 and "Take between 1 and 10 mentees at once." in _text(bad)
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).capacity == 4


def test_a_mentor_pauses_and_resumes(client, as_user):
    mentor = make_mentor()
    as_user(mentor)

    paused = client.submit(
        "/mentors/profile/accepting", {"accepting": "0"}, form_url="/mentors/profile"
    )
    assert paused.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).accepting is False
    assert "Resume taking mentees" in _text(client.get("/mentors/profile"))

    client.submit("/mentors/profile/accepting", {"accepting": "1"}, form_url="/mentors/profile")
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).accepting is True

    bogus = client.submit(
        "/mentors/profile/accepting", {"accepting": "maybe"}, form_url="/mentors/profile"
    )
    assert bogus.status_code == 302
    db.session.expire_all()
    assert db.session.get(MentorProfile, mentor.id).accepting is True


def test_a_suspended_mentor_reads_the_profile_but_cannot_save(client, as_user):
    specialty = factories.make_specialty()
    mentor = make_mentor(specialties=[specialty], suspended_until=utcnow() + timedelta(days=1))
    as_user(mentor)
    page = _text(client.get("/mentors/profile"))
    assert "Your account is suspended" in page and "Save my profile" not in page
    token = client.csrf_token("/mentors/profile")  # the pause form is not shown, but a token is
    response = client.post(
        "/mentors/profile", data={**_form(specialty, capacity="7"), "csrf_token": token}
    )
    assert response.status_code == 403
    assert db.session.get(MentorProfile, mentor.id).capacity == 2


def test_a_mentor_by_role_without_a_profile_writes_one_and_is_listed(client, login):
    mentor = login("mentor")
    specialty = factories.make_specialty()
    apply = client.get("/mentors/apply")
    assert apply.status_code == 302 and apply.headers["Location"].endswith("/mentors/profile")
    assert "write your profile" in _text(client.get("/mentors/profile"))

    response = client.submit("/mentors/profile", _form(specialty))

    assert response.status_code == 302
    assert db.session.get(MentorProfile, mentor.id).status == "approved"
    assert f'href="/members/{mentor.username}"' in _text(client.get("/mentors"))
