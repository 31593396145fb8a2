"""Suggested mentors from the database: which facts are loaded (listed, readable posts
only, in exactly the goals' areas), in a fixed number of queries, and the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import url_for

from forum.answers.models import AcceptedAnswer, HelpfulCount
from forum.auth.models import SUSPENDED_INDEFINITELY
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import goal_queries, matching
from forum.mentorship.matching import Activity
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals

SUGGESTIONS_URL = "/mentorship/suggestions"


def answer(mentor, thread, *, accepted=True, helpful=0):
    """A reply by `mentor` in `thread`, accepted and marked helpful `helpful` times
    (rows written directly: the answers service is not under test)."""
    post = factories.make_post(thread, author=mentor, body=f"An answer {thread.id}.")
    if accepted:
        db.session.add(
            AcceptedAnswer(thread_id=thread.id, post_id=post.id, accepted_by_id=thread.author_id)
        )
    if helpful:
        db.session.add(HelpfulCount(post_id=post.id, count=helpful))
    db.session.commit()
    return post


@pytest.fixture
def scene(app):
    cardiology = factories.make_specialty("Cardiology", slug="cardiology")
    oncology = factories.make_specialty("Oncology", slug="oncology")
    neurology = factories.make_specialty("Neurology", slug="neurology")
    ai = factories.make_topic("AI diagnostics", slug="ai-diagnostics")
    other = factories.make_topic("Trial design", slug="trial-design")
    member = make_mentor("member", specialties=[cardiology])  # a mentor themself, too
    set_goals(
        member,
        specialties=[cardiology],
        topics=[ai],
        modes="video",
        languages="en",
        time_zone="Europe/Lisbon",
    )
    ana = make_mentor(
        "ana",
        specialties=[cardiology],
        topics=[ai],
        capacity=3,
        time_zone="America/New_York",
        languages="en",
    )
    asker = factories.make_user()
    # In the areas: t1 (both), t2 (the topic), t3 (the specialty).
    answer(ana, factories.make_thread(specialty=cardiology, topics=[ai]), helpful=4)
    answer(ana, factories.make_thread(specialty=oncology, topics=[ai]))
    answer(ana, factories.make_thread(specialty=cardiology, topics=[other]), helpful=1)
    # Not counted: another area, a hidden answer, a deleted thread, a private space.
    answer(ana, factories.make_thread(specialty=neurology, topics=[other]), helpful=10)
    hidden = answer(ana, factories.make_thread(specialty=cardiology, topics=[ai]), helpful=7)
    hidden.hidden_at = utcnow()
    gone = factories.make_thread(specialty=cardiology, topics=[ai])
    answer(ana, gone, helpful=3)
    gone.deleted_at = utcnow()
    private = make_mentorship(ana, asker, status="active", specialty=cardiology)
    secret = factories.make_post(db.session.get(type(gone), private.thread_id), author=ana)
    db.session.add(HelpfulCount(post_id=secret.id, count=50))
    make_mentorship(ana, factories.make_user(), status="agreeing")  # her second taken place
    bruno = make_mentor(
        "bruno", specialties=[cardiology], time_zone="Europe/Berlin", languages="es"
    )
    # Never suggested, for the reasons matching gives; and one who shares no area.
    make_mentor("paused", specialties=[cardiology], accepting=False)
    make_mentor("pending", specialties=[cardiology], status="pending")
    full = make_mentor("full", specialties=[cardiology], capacity=1)
    make_mentorship(full, factories.make_user(), status="agreeing")
    make_mentor("banned", specialties=[cardiology], suspended_until=SUSPENDED_INDEFINITELY)
    asked = make_mentor("asked", topics=[ai])
    make_mentorship(asked, member, status="requested")
    make_mentor("elsewhere", specialties=[neurology])
    db.session.commit()
    return {
        "member": member,
        "ana": ana,
        "bruno": bruno,
        "cardiology": cardiology,
        "oncology": oncology,
        "neurology": neurology,
        "ai": ai,
    }


def test_candidates_hold_activity_in_exactly_the_goals_areas(scene):
    page = goal_queries.suggestions_page(scene["member"], utcnow())
    goals = page.goals
    assert [label.name for label in goals.specialties] == ["Cardiology"]
    facts = {c.username: c for c in goal_queries.candidates(goals, utcnow())}

    # Mentors sharing no area ("elsewhere") and unapproved ones are not even loaded.
    assert set(facts) == {"member", "ana", "bruno", "paused", "full", "banned", "asked"}
    ana = facts["ana"]
    cardiology, ai = scene["cardiology"].id, scene["ai"].id
    assert ana.by_specialty == {cardiology: Activity(accepted=2, helpful=5)}
    assert ana.by_topic == {ai: Activity(accepted=2, helpful=4)}
    assert ana.in_areas == Activity(accepted=3, helpful=5)  # t1 counted once
    assert (ana.capacity, ana.places_taken) == (3, 2)
    assert ana.badges == (("mentor", "Mentor"),)
    assert [label.name for label in ana.specialties] == ["Cardiology"]
    assert ana.last_active is not None and utcnow() - ana.last_active < timedelta(minutes=5)
    assert facts["banned"].suspended and not facts["ana"].suspended
    assert facts["asked"].in_open_mentorship and not facts["bruno"].in_open_mentorship
    assert facts["full"].places_taken == 1
    assert facts["bruno"].in_areas == matching.NO_ACTIVITY and facts["bruno"].last_active is None


def test_suggestions_rank_the_loaded_mentors_with_their_reasons(scene):
    page = goal_queries.suggestions_page(scene["member"], utcnow())
    assert [(s.candidate.username, s.score, s.reason) for s in page.suggestions] == [
        (
            "ana",
            52,
            "Mentors in Cardiology and AI diagnostics; answers questions there: 3 accepted, "
            f"5 helpful marks; {_hours('America/New_York')}; 1 of 3 places free; "
            "speaks English; active in the past week",
        ),
        (
            "bruno",
            30,
            f"Mentors in Cardiology; {_hours('Europe/Berlin')}; 2 of 2 places free",
        ),
    ]


def _hours(zone: str) -> str:
    """ "5 h from you": Lisbon to `zone` today (US and EU summer times start apart)."""
    return matching.distance_words(matching.zone_distance("Europe/Lisbon", zone, utcnow()))


def test_goals_naming_no_area_consider_every_approved_mentor(scene):
    member = factories.make_user()
    set_goals(member, modes="forum", languages="", time_zone="Europe/Lisbon")
    page = goal_queries.suggestions_page(member, utcnow())
    names = [s.candidate.username for s in page.suggestions]
    assert "elsewhere" in names and "member" in names
    assert not {"paused", "pending", "full", "banned"} & set(names)
    assert "asked" in names  # only its own mentee is already asking


def test_no_goals_means_no_suggestions(app):
    member = factories.make_user()
    page = goal_queries.suggestions_page(member, utcnow())
    assert page.goals is None and page.suggestions == []


def _more_mentors(scene, count: int) -> None:
    for n in range(count):
        mentor = make_mentor(
            f"extra{n}", specialties=[scene["cardiology"]], topics=[scene["ai"]], capacity=3
        )
        answer(mentor, factories.make_thread(specialty=scene["cardiology"], topics=[scene["ai"]]))
        make_mentorship(mentor, factories.make_user(), status="agreeing")


def test_the_query_count_does_not_grow_with_the_mentors(scene, count_queries):
    member = scene["member"]
    db.session.expire_all()
    assert member.id  # the test's own reload of the member, outside the count
    with count_queries() as few:
        before = goal_queries.suggestions_page(member, utcnow())
    _more_mentors(scene, 5)
    db.session.expire_all()
    assert member.id
    with count_queries() as many:
        after = goal_queries.suggestions_page(member, utcnow())
    assert len(after.suggestions) == len(before.suggestions) + 5
    assert len(many) == len(few) <= 12


# ---- the page ----------------------------------------------------------------------


def test_guests_are_sent_to_log_in(client):
    response = client.get(SUGGESTIONS_URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_without_goals_the_page_invites_the_member_to_state_them(client, login):
    login()
    page = client.get(SUGGESTIONS_URL).get_data(as_text=True)
    assert "Tell us what you are looking for" in page
    assert 'href="/mentorship/goals"' in page
    assert "Request mentorship" not in page


def test_each_suggestion_shows_name_badges_specialties_reason_and_a_request_link(
    app, client, auth, scene
):
    if goal_views_request_endpoint() not in app.view_functions:
        # Stands in for the request form until it exists: the link must go to it.
        app.add_url_rule(
            "/mentors/<username>/request", "mentorships.request", lambda username: "form"
        )
    auth.login("member")
    response = client.get(SUGGESTIONS_URL)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.index("Dr Ana") < page.index("Dr Bruno")
    assert '<span class="badge badge-mentor">Mentor</span>' in page
    assert '<p class="meta">Cardiology</p>' in page
    assert "Mentors in Cardiology and AI diagnostics; answers questions there: 3 accepted" in page
    with app.test_request_context():
        ana_request = url_for("mentorships.request", username="ana")
    assert f'href="{ana_request}">Request mentorship</a>' in page
    assert page.count("Request mentorship</a>") == 2
    assert "Dr Paused" not in page and "Dr Elsewhere" not in page and "Dr Asked" not in page


def goal_views_request_endpoint() -> str:
    from forum.mentorship.goal_views import REQUEST_ENDPOINT

    return REQUEST_ENDPOINT


def test_the_request_link_falls_back_to_the_profile(app, monkeypatch):
    from forum.mentorship import goal_views

    monkeypatch.setattr(goal_views, "REQUEST_ENDPOINT", "mentorships.not_written_yet")
    with app.test_request_context():
        assert goal_views.request_link("ana") == url_for("profiles.show", username="ana")
        assert goal_views.request_link("a/b c") == "/members/a/b%20c"


def test_a_suspended_member_sees_suggestions_but_no_request_link(client, auth, scene):
    scene["member"].suspended_until = SUSPENDED_INDEFINITELY
    db.session.commit()
    auth.login("member")
    page = client.get(SUGGESTIONS_URL).get_data(as_text=True)
    assert "Dr Ana" in page
    assert "Request mentorship" not in page


def test_the_page_costs_the_same_queries_whatever_the_mentors(client, auth, scene, count_queries):
    auth.login("member")
    client.get(SUGGESTIONS_URL)
    with count_queries() as few:
        assert client.get(SUGGESTIONS_URL).status_code == 200
    _more_mentors(scene, 4)
    client.get(SUGGESTIONS_URL)  # reloads the signed-in user the commits above expired
    with count_queries() as many:
        page = client.get(SUGGESTIONS_URL).get_data(as_text=True)
    assert "Dr Extra3" in page
    assert len(many) == len(few)
