"""The mentor directory: who is listed, the filters, each card's numbers, and its cost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from forum.answers import service as answers
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import directory_queries
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests import factories
from tests.mentorship.scene import make_mentor, make_mentorship, set_goals


def _text(response) -> str:
    return response.get_data(as_text=True)


def _listed(client, query: str = "") -> list[str]:
    """The usernames of the cards, in order."""
    response = client.get(f"/mentors{query}")
    assert response.status_code == 200
    return re.findall(r'<h2 class="author-name"><a href="/members/([^"]+)"', _text(response))


def _answer(thread: Thread, mentor: User, body: str = "An answer.") -> Post:
    return threads.reply_to_thread(mentor, thread, body)


def test_only_approved_mentors_holding_the_role_and_not_suspended_are_listed(client):
    make_mentor("listed")
    make_mentor("waiting", status="pending")
    make_mentor("declined", status="declined")
    make_mentor("demoted", role="member")  # approved once, the role taken back since
    make_mentor("suspended", suspended_until=utcnow() + timedelta(days=1))
    make_mentor("lifted", suspended_until=utcnow() - timedelta(days=1))
    make_mentor("both", role="mentor moderator")

    assert sorted(_listed(client)) == ["both", "lifted", "listed"]


def test_filters_by_specialty_topic_language_and_mode(client):
    cardiology, oncology = factories.make_specialty(), factories.make_specialty()
    ai, genomics = factories.make_topic(), factories.make_topic()
    make_mentor("ana", specialties=[cardiology], topics=[ai], languages="en es", modes="video")
    make_mentor("ben", specialties=[oncology], topics=[genomics], languages="en", modes="forum")
    make_mentor("cy", specialties=[cardiology, oncology], languages="pt", modes="in_person forum")

    assert sorted(_listed(client, f"?specialty={cardiology.id}")) == ["ana", "cy"]
    assert _listed(client, f"?topic={genomics.id}") == ["ben"]
    assert _listed(client, "?language=es") == ["ana"]
    assert sorted(_listed(client, "?mode=forum")) == ["ben", "cy"]
    assert _listed(client, "?mode=in_person") == ["cy"]
    assert _listed(client, f"?specialty={oncology.id}&language=pt&mode=forum") == ["cy"]


def test_taking_mentees_now_leaves_out_paused_and_full_mentors(client):
    make_mentor("open", capacity=2)
    make_mentor("paused", accepting=False)
    full = make_mentor("full", capacity=1)
    make_mentorship(full, factories.make_user(), status="active")
    almost = make_mentor("almost", capacity=2)
    make_mentorship(almost, factories.make_user(), status="agreeing")
    make_mentorship(almost, factories.make_user(), status="requested")  # holds no place

    assert sorted(_listed(client, "?accepting=y")) == ["almost", "open"]
    assert len(_listed(client)) == 4


def test_time_zones_within_n_hours_of_the_viewers(client, as_user):
    make_mentor("berlin", time_zone="Europe/Berlin")
    make_mentor("new_york", time_zone="America/New_York")
    make_mentor("tokyo", time_zone="Asia/Tokyo")
    viewer = factories.make_user()
    set_goals(viewer, time_zone="Europe/Lisbon")
    as_user(viewer)

    assert _listed(client, "?within=1") == ["berlin"]
    assert sorted(_listed(client, "?within=6")) == ["berlin", "new_york"]
    page = _text(client.get("/mentors?within=1"))
    assert "Your time zone: Europe/Lisbon." in page


def test_zone_offsets_are_computed_for_now():
    from datetime import UTC, datetime

    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert directory_queries.offset_hours("America/New_York", winter) == -5
    assert directory_queries.offset_hours("America/New_York", summer) == -4
    assert directory_queries.offset_hours("Asia/Kolkata", winter) == 5.5
    zones = ["Europe/London", "America/New_York", "Asia/Kolkata"]
    assert directory_queries.zones_within("Europe/Berlin", 5, zones, winter) == [
        "Asia/Kolkata",
        "Europe/London",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?specialty=abc", "Choose a specialty from the list."),
        ("?specialty=987654", "Choose a specialty from the list."),
        ("?topic=-1", "Choose a research topic from the list."),
        ("?within=99", "Choose how many hours apart from the list."),
        ("?language=%3Cscript%3E", "Choose a language from the list."),
        ("?mode=telepathy", "Choose a way of mentoring from the list."),
    ],
)
def test_bad_filters_get_a_message_beside_the_field_and_are_ignored(client, query, message):
    make_mentor("ana")

    response = client.get(f"/mentors{query}")

    page = _text(response)
    assert response.status_code == 200
    assert message in page and 'class="error"' in page
    assert "<script>" not in page
    assert _listed(client, query) == ["ana"]


def test_each_card_counts_answers_in_the_mentors_own_specialties(client):
    cardiology, oncology = factories.make_specialty(), factories.make_specialty()
    mentor = make_mentor("rohan", specialties=[cardiology], capacity=3)
    asker, marker = factories.make_user(), factories.make_user()
    question = factories.make_thread(asker, cardiology)
    accepted = _answer(question, mentor, "The accepted one.")
    helpful = _answer(factories.make_thread(asker, cardiology), mentor, "Marked twice.")
    hidden = _answer(factories.make_thread(asker, cardiology), mentor, "Hidden later.")
    _answer(factories.make_thread(asker, oncology), mentor, "Not in a profile specialty.")
    answers.accept_answer(asker, accepted)
    answers.mark_helpful(marker, helpful)
    answers.mark_helpful(asker, helpful)
    answers.mark_helpful(marker, hidden)
    db.session.execute(update(Post).where(Post.id == hidden.id).values(hidden_at=utcnow()))
    # A thread the mentor started is not an answer.
    factories.make_thread(mentor, cardiology)
    # Private space conversations never count.
    mentorship = make_mentorship(
        mentor, factories.make_user(), status="active", specialty=cardiology
    )
    threads.reply_to_thread(mentor, db.session.get(Thread, mentorship.thread_id), "Private.")
    db.session.commit()

    page = _text(client.get("/mentors"))

    assert "In their specialties: 2 answers, 1 accepted, 2 helpful marks" in page
    assert "Taking mentees: 1 of 3 mentees" in page
    assert "Last active <time" in page


def test_a_card_links_to_the_profile_and_the_request_form(client, app, login):
    make_mentor("rohan")
    make_mentor("paused", accepting=False)
    login()

    page = _text(client.get("/mentors"))
    assert 'href="/members/rohan"' in page
    assert 'href="/mentors/rohan/request"' in page
    assert 'href="/mentors/paused/request"' not in page


def test_without_the_request_page_the_cards_still_render(client, app, monkeypatch):
    make_mentor("rohan")
    monkeypatch.delitem(app.view_functions, "mentorships.request", raising=False)

    page = _text(client.get("/mentors"))

    assert 'href="/members/rohan"' in page and "/request" not in page


def test_the_directory_is_paginated(client):
    for n in range(directory_queries.MENTORS_PER_PAGE + 1):
        make_mentor(f"m{n:02d}", display_name=f"Dr M{n:02d}")
    first, second = _listed(client), _listed(client, "?page=2")
    assert len(first) == directory_queries.MENTORS_PER_PAGE and second == ["m20"]
    assert client.get("/mentors?page=3").status_code == 404


@pytest.mark.parametrize("query", ["", "?accepting=y&within=8&mode=video&language=en"])
def test_the_directory_costs_the_same_queries_for_one_mentor_or_many(
    client, as_user, count_queries, query
):
    cardiology = factories.make_specialty()
    viewer = factories.make_user()
    set_goals(viewer, time_zone="Europe/Paris")
    as_user(viewer)

    def a_mentor_with_work(n: int):
        mentor = make_mentor(
            f"mentor{n}",
            specialties=[cardiology],
            topics=[factories.make_topic()],
            time_zone=("Europe/Rome", "Asia/Tokyo", "America/Chicago")[n % 3],
        )
        asker = factories.make_user()
        question = factories.make_thread(asker, cardiology)
        answers.accept_answer(asker, _answer(question, mentor))
        make_mentorship(mentor, factories.make_user(), status="agreeing")

    a_mentor_with_work(0)
    with count_queries() as one:
        assert len(_listed(client, query)) == 1
    for n in range(1, 7):
        a_mentor_with_work(n)
    with count_queries() as many:
        shown = _listed(client, query)
    assert len(shown) > 1
    assert len(one) == len(many), (len(one), len(many))
