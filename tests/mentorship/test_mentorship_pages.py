"""Every page and action of a mentorship: 404 to all but its two members, staff included;
"My mentorships" and the hub for the members."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import compacts
from forum.mentorship.models import Compact, Mentorship
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship

# (method, route suffix under /mentorships/<id>, the status it acts on, form data)
ROUTES = [
    ("GET", "", "requested", None),
    ("POST", "/accept", "requested", {"message": "Yes"}),
    ("POST", "/decline", "requested", {"message": "No"}),
    ("POST", "/withdraw", "requested", {}),
    ("GET", "/compact", "agreeing", None),
    ("POST", "/compact", "agreeing", "compact"),
    ("POST", "/compact/accept", "agreeing", "seen"),
    ("GET", "/end", "active", None),
    ("POST", "/end", "active", {"note": "Bye"}),
    ("GET", "/thanks", "ended", None),
    ("POST", "/thanks", "ended", {"text": "Thanks"}),
    ("POST", "/thanks/show", "thanked", {"show": "1"}),
]
OUTSIDERS = ["member", "mentor", "suspended", "cardiology moderator", "moderator", "admin"]


def _outsider(role: str):
    if role == "cardiology moderator":
        return factories.make_user(moderates=[factories.make_specialty()])
    if role == "suspended":
        return factories.make_user(suspended_until=utcnow() + timedelta(days=3))
    return factories.make_user(role)


def _target(status: str) -> Mentorship:
    mentor, mentee = make_mentor(), factories.make_user()
    if status == "thanked":
        mentorship = make_mentorship(mentor, mentee, status="ended")
        mentorship.thanks, mentorship.thanked_at = "Thank you.", utcnow()
        db.session.commit()
        return mentorship
    return make_mentorship(mentor, mentee, status=status)


def _data(kind, mentorship_id: int) -> dict:
    if kind == "compact":
        review = (utcnow().date() + timedelta(days=30)).isoformat()
        return {
            "goals": "Take over",
            "meeting_frequency": "weekly",
            "modes": ["video"],
            "mentee_commitments": "x",
            "mentor_commitments": "y",
            "review_on": review,
        }
    if kind == "seen":
        return {"seen": compacts.version(db.session.get(Compact, mentorship_id))}
    return dict(kind or {})


def _state(mentorship_id: int) -> tuple:
    db.session.expire_all()
    m = db.session.get(Mentorship, mentorship_id)
    compact = db.session.get(Compact, mentorship_id)
    return (
        m.status,
        m.response_message,
        m.thanks,
        m.thanks_shown,
        compact.goals if compact else None,
        compact.mentee_accepted_at if compact else None,
    )


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize(("method", "suffix", "status", "kind"), ROUTES)
def test_everyone_but_the_two_members_gets_404(
    client, as_user, app, role, method, suffix, status, kind
):
    mentorship = _target(status)
    before = _state(mentorship.id)
    as_user(_outsider(role))
    url = f"/mentorships/{mentorship.id}{suffix}"
    if method == "GET":
        response = client.get(url)
    else:
        data = _data(kind, mentorship.id)
        data["csrf_token"] = client.csrf_token("/mentorships")
        response = client.post(url, data=data)
    assert response.status_code == 404
    assert "There is no such mentorship." in response.get_data(as_text=True)
    assert _state(mentorship.id) == before


@pytest.mark.parametrize(("method", "suffix", "status", "kind"), ROUTES)
def test_guests_are_sent_to_log_in(client, app, method, suffix, status, kind):
    mentorship = _target(status)
    url = f"/mentorships/{mentorship.id}{suffix}"
    if method == "GET":
        response = client.get(url)
    else:
        data = _data(kind, mentorship.id)
        data["csrf_token"] = client.csrf_token("/login")
        response = client.post(url, data=data)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("method", "suffix", "status", "kind"), ROUTES)
def test_no_such_mentorship_is_404_for_members_too(
    client, as_user, app, method, suffix, status, kind
):
    as_user(factories.make_user())
    url = f"/mentorships/999999{suffix}"
    if method == "GET":
        assert client.get(url).status_code == 404
    else:
        data = dict(kind) if isinstance(kind, dict) else {}
        data["csrf_token"] = client.csrf_token("/mentorships")
        assert client.post(url, data=data).status_code == 404


def test_huge_ids_are_404_not_500(client, as_user, app):
    as_user(factories.make_user())
    assert client.get("/mentorships/99999999999999999999999").status_code == 404


def test_my_mentorships_lists_every_section_in_one_page(client, as_user, app, count_queries):
    me = make_mentor("me", capacity=5)
    other_mentors = [make_mentor(f"mentor{n}") for n in range(4)]
    make_mentorship(me, factories.make_user(display_name="Asking Anna"))
    make_mentorship(other_mentors[0], me, status="requested")
    make_mentorship(me, factories.make_user(display_name="Agreeing Ali"), status="agreeing")
    make_mentorship(other_mentors[1], me, status="active")
    make_mentorship(me, factories.make_user(display_name="Ended Eve"), status="ended")
    make_mentorship(other_mentors[2], me, status="declined")
    stranger = make_mentorship(other_mentors[3], factories.make_user(display_name="Not Mine"))
    as_user(me)
    with count_queries() as statements:
        page = client.get("/mentorships")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    for text in (
        "Requests waiting for your answer",
        "Mentoring Asking Anna",
        "Your requests",
        "Agreeing on the compact",
        "Mentoring Agreeing Ali",
        "Active",
        "Ended",
        "Mentoring Ended Eve",
        "Declined and withdrawn",
    ):
        assert text in body, text
    assert "Not Mine" not in body
    assert f'/mentorships/{stranger.id}"' not in body
    assert len([s for s in statements if "FROM mentorships" in s]) == 1


def test_hub_shows_both_sides_and_links_the_work_pages_that_exist(client, as_user, app):
    mentor, mentee = make_mentor("drmentor"), factories.make_user(username="mentee")
    mentorship = make_mentorship(mentor, mentee, status="active")
    as_user(mentee)
    body = client.get(f"/mentorships/{mentorship.id}").get_data(as_text=True)
    assert "Mentored by Dr Drmentor" in body
    assert "Design a pragmatic trial" in body  # the compact and its goals
    assert f'href="/threads/{mentorship.thread_id}"' in body
    for endpoint, path in (
        ("mentorship_work.checkins", "checkins"),
        ("mentorship_work.sessions", "sessions"),
    ):
        if endpoint in app.view_functions:
            assert f'href="/mentorships/{mentorship.id}/{path}"' in body
    as_user(mentor)
    assert "Mentoring Dr Mentee" in client.get(f"/mentorships/{mentorship.id}").get_data(
        as_text=True
    )


def test_hub_leaves_out_work_links_when_those_pages_are_missing(client, as_user, app):
    mentor, mentee = make_mentor("drmentor"), factories.make_user()
    mentorship = make_mentorship(mentor, mentee, status="active")
    app.view_functions.pop("mentorship_work.checkins", None)
    app.view_functions.pop("mentorship_work.sessions", None)
    as_user(mentee)
    body = client.get(f"/mentorships/{mentorship.id}").get_data(as_text=True)
    assert "Goals and check-ins" not in body
    assert "Open your private conversation" in body


def test_the_whole_life_through_the_pages(client, as_user, app):
    specialty = factories.make_specialty()
    mentor = make_mentor("drmentor", specialties=[specialty])
    mentee = factories.make_user(username="mentee")
    as_user(mentee)
    response = client.submit("/mentors/drmentor/request", {"message": "Help me publish."})
    hub = response.headers["Location"]
    mentorship_id = db.session.scalar(select(Mentorship.id))
    as_user(mentor)
    client.submit(f"{hub}/accept", {"message": "Gladly."}, form_url=hub)
    for member in (mentor, mentee):
        as_user(member)
        seen = compacts.version(db.session.get(Compact, mentorship_id))
        db.session.expire_all()
        client.submit(f"{hub}/compact/accept", {"seen": seen}, form_url=hub)
    db.session.expire_all()
    assert db.session.get(Mentorship, mentorship_id).status == "active"
    client.submit(f"{hub}/end", {"note": ""})
    client.submit(f"{hub}/thanks", {"text": "Thank you."})
    db.session.expire_all()
    m = db.session.get(Mentorship, mentorship_id)
    assert (m.status, m.thanks) == ("ended", "Thank you.")
