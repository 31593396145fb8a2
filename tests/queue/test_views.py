"""GET /queue: who may open it, what it shows, what it never shows, and what it costs."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import g

from forum.dbtypes import utcnow
from tests.factories import make_specialty, make_topic, make_user
from tests.queue.helpers import (
    accept,
    delete_thread,
    hide_opening_post,
    hours,
    make_private,
    question,
    reply,
    watch,
)


def _html(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology")


# ---- who may open it ---------------------------------------------------------------------------


def test_a_guest_is_sent_to_log_in(client):
    response = client.get("/queue")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert "%2Fqueue" in response.headers["Location"]


def test_a_member_without_the_role_is_refused(client, login, cardiology):
    login(specialty_id=cardiology.id)
    response = client.get("/queue")
    assert response.status_code == 403
    assert "The queue is for mentors and moderators." in _html(response)


@pytest.mark.parametrize(
    "role", ["mentor", "moderator", "admin", "scoped moderator", "mentor moderator"]
)
def test_mentors_moderators_and_admins_open_it(client, login, cardiology, role):
    if role == "scoped moderator":
        login(moderates=[cardiology])
    else:
        login(role, specialty_id=cardiology.id)
    response = client.get("/queue")
    assert response.status_code == 200
    assert "<h1>Mentors' queue</h1>" in _html(response)


def test_the_nav_links_to_the_queue_for_those_who_may_use_it(client, login, auth):
    login("mentor", username="menta")
    assert 'href="/queue"' in _html(client.get("/"))
    auth.logout()
    login(username="plain")
    assert 'href="/queue"' not in _html(client.get("/"))


# ---- what it shows -----------------------------------------------------------------------------


def test_rows_show_the_question_its_state_and_the_specialty_median(client, login, cardiology):
    login("mentor", specialty_id=cardiology.id)
    robotics = make_topic("Surgical robotics", slug="robotics")
    now = utcnow()
    waiting = question(
        cardiology, title="Robotic PCI: who has tried it?", topics=[robotics],
        asked=now - timedelta(days=3),
    )
    answered = question(cardiology, title="FFR or iFR in 2026?", asked=now - timedelta(days=2))
    reply(answered, at=now - timedelta(days=2) + timedelta(hours=3, minutes=20))
    html = _html(client.get("/queue"))

    assert html.index(waiting.title) < html.index(answered.title)  # oldest first
    assert f'href="/threads/{waiting.id}"' in html
    assert 'href="/topics/robotics">Surgical robotics</a>' in html
    assert 'href="/specialties/cardiology">Cardiology</a>' in html
    assert re.search(rf'Unanswered</span>\s*<a href="/threads/{waiting.id}"', html)
    assert re.search(rf'Answered, not solved</span>\s*<a href="/threads/{answered.id}"', html)
    assert "3 days ago" in html and "0 replies" in html and "1 reply" in html
    assert "median first answer: 3 h 20 min (1 question, last 30 days)" in html
    assert "2 questions waiting." in html


def test_the_unanswered_filter_keeps_only_questions_without_an_answer(client, login, cardiology):
    login("mentor", specialty_id=cardiology.id)
    question(cardiology, title="Nobody has answered this one")
    answered = question(cardiology, title="Someone answered this one")
    reply(answered)
    html = _html(client.get("/queue?show=unanswered"))
    assert "Nobody has answered this one" in html and "Someone answered this one" not in html
    assert '<span aria-current="page" class="current">Unanswered only</span>' in html
    assert 'href="/queue">All waiting</a>' in html
    everything = _html(client.get("/queue?show=nonsense"))
    assert "Someone answered this one" in everything
    assert '<span aria-current="page" class="current">All waiting</span>' in everything


def test_solved_and_replied_questions_leave_the_queue(client, login, cardiology):
    mentor = login("mentor", specialty_id=cardiology.id)
    solved = question(cardiology, title="This one is solved now")
    accept(solved, reply(solved))
    replied = question(cardiology, title="The mentor replied here")
    reply(replied, mentor)
    html = _html(client.get("/queue"))
    assert solved.title not in html and replied.title not in html
    assert "No questions are waiting in your areas" in html


def test_a_specialty_without_answers_says_so(client, login, cardiology):
    login("mentor", specialty_id=cardiology.id)
    asked = utcnow() - timedelta(days=40)
    old = question(cardiology, title="Asked long ago and answered", asked=asked)
    reply(old, at=utcnow() - timedelta(days=39))
    html = _html(client.get("/queue"))
    assert "no answered questions in the last 30 days" in html
    assert old.title in html  # old questions still wait; they only leave the median


def test_the_empty_state_says_what_the_queue_covers_and_how_to_widen_it(client, login):
    login("moderator")  # site-wide, but no primary specialty and no watches
    html = _html(client.get("/queue"))
    assert "Your queue covers no specialty or research topic yet." in html
    assert "primary specialty" in html and "watch more" in html
    assert 'href="/topics"' in html and 'href="/account/profile"' in html
    assert 'class="thread-list' not in html


def test_the_empty_unanswered_filter_points_back_to_all(client, login, cardiology):
    login("mentor", specialty_id=cardiology.id)
    reply(question(cardiology, title="Answered but not solved yet"))
    html = _html(client.get("/queue?show=unanswered"))
    assert "Every question waiting in your areas already has an answer." in html
    assert 'href="/queue">See all waiting questions</a>' in html


def test_watched_areas_are_listed_with_their_medians(client, login, cardiology):
    mentor = login("mentor", specialty_id=cardiology.id)
    oncology = make_specialty("Oncology", slug="oncology")
    genomics = make_topic("Genomics", slug="genomics")
    watch(mentor, "specialty", oncology, "tracking")
    watch(mentor, "topic", genomics, "watching")
    question(make_specialty("Nephrology"), title="Genomics of kidney disease", topics=[genomics])
    html = _html(client.get("/queue"))
    assert 'href="/specialties/oncology">Oncology</a>' in html
    assert html.count("no answered questions in the last 30 days") == 2
    assert "Research topics you watch" in html and 'href="/topics/genomics">Genomics</a>' in html
    assert "Genomics of kidney disease" in html


def test_pages_hold_25_questions(client, login, cardiology):
    login("mentor", specialty_id=cardiology.id)
    author = make_user(role="moderator")  # staff: no posting rate limit
    start = utcnow() - timedelta(days=5)
    for n in range(27):
        title = f"Waiting question number {n:02d}"
        question(cardiology, author, title=title, asked=start + hours(n))
    first, second = _html(client.get("/queue")), _html(client.get("/queue?page=2"))
    assert first.count('class="thread-row') == 25 and second.count('class="thread-row') == 2
    assert "Waiting question number 00" in first and "Waiting question number 26" in second
    assert 'rel="next" href="/queue?page=2"' in first
    assert "27 questions waiting." in first
    assert client.get("/queue?page=3").status_code == 404


# ---- what it never shows -------------------------------------------------------------------------

SECRET = {"deleted": "wombatdeleted", "private": "platypusprivate", "hidden": "quokkahidden"}


@pytest.mark.parametrize("viewer", ["mentor", "cardiology_moderator", "admin"])
def test_deleted_private_and_hidden_questions_never_appear(client, auth, cardiology, viewer):
    users = {
        "mentor": make_user("mentor", username="mentor", specialty_id=cardiology.id),
        "cardiology_moderator": make_user(username="cardiomod", moderates=[cardiology]),
        "admin": make_user("admin", username="boss", specialty_id=cardiology.id),
    }
    question(cardiology, title="A visible question about stents")
    delete_thread(question(cardiology, title=f"Deleted {SECRET['deleted']} question"))
    private = question(cardiology, title=f"Private {SECRET['private']} question")
    make_private(private, users[viewer])  # even for a member of the space
    hide_opening_post(
        question(cardiology, title=f"Hidden {SECRET['hidden']} question"), users["admin"]
    )
    assert auth.login(users[viewer].username).status_code == 302
    for url in ("/queue", "/queue?show=unanswered"):
        html = _html(client.get(url))
        assert "A visible question about stents" in html
        for word in SECRET.values():
            assert word not in html, (viewer, url, word)


# ---- what it costs -------------------------------------------------------------------------------


def _fill(count: int, specialty, topic) -> None:
    """`count` questions by different askers, some answered, each with two topics."""
    for n in range(count):
        thread = question(specialty, make_user(), topics=[topic, make_topic()])
        if n % 2:
            reply(thread, make_user(role="moderator"))


def test_query_count_does_not_grow_with_the_questions_shown(client, auth, count_queries):
    counts = []
    for size in (5, 50):
        specialty, topic = make_specialty(), make_topic()
        mentor = make_user("mentor", specialty_id=specialty.id)
        watch(mentor, "topic", topic, "watching")
        watch(mentor, "specialty", make_specialty(), "tracking")
        _fill(size, specialty, topic)
        if counts:
            auth.logout()
        assert auth.login(mentor.username).status_code == 302
        # Requests share the test's app context, where Flask-Login and the header cache
        # what they loaded: start the measured request clean, as a real one starts.
        for name in list(g):
            g.pop(name)
        with count_queries() as statements:
            response = client.get("/queue")
        assert response.status_code == 200
        assert _html(response).count('class="thread-row') == min(size, 25)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # Today 7: the signed-in user (scopes joined), the watches, the medians, the count,
    # the rows, the rows' topics, and the header's unread count.
    assert counts[0] <= 9, counts
