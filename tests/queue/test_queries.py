"""The queue's reads, without HTTP: which questions wait for whom, and the medians."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from forum.queue import queries
from tests.factories import make_specialty, make_topic, make_user
from tests.queue.helpers import (
    accept,
    asker_of,
    delete_thread,
    hide_opening_post,
    hours,
    make_private,
    question,
    reply,
    watch,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def _titles(viewer, show="all", page=1, per_page=25) -> list[str]:
    return [row.title for row in queries.queue_page(viewer, show, page, per_page).page.items]


# ---- median time to first answer ------------------------------------------------------------


def _answered_after(specialty, seconds: float, *, asked=None, **kw):
    """A question answered by a colleague `seconds` after it was asked."""
    asked = asked or NOW - timedelta(days=3)
    thread = question(specialty, asked=asked, **kw)
    reply(thread, at=asked + timedelta(seconds=seconds))
    return thread


@pytest.fixture
def timed(app):
    """Specialties with known first-answer delays (and everything that must not count)."""
    odd, even, silent, single = (make_specialty(n) for n in ("Odd", "Even", "Silent", "Single"))
    asked = NOW - timedelta(days=2)

    # odd: 600, 3600, 7200 -> 3600
    first = question(odd, asked=asked)
    reply(first, at=asked + timedelta(seconds=45), state="hidden")  # not readable: ignored
    reply(first, at=asked + timedelta(seconds=600))
    reply(first, at=asked + timedelta(seconds=9000))  # a later answer: not the first
    by_asker = question(odd, asked=asked)
    reply(by_asker, asker_of(by_asker), at=asked + timedelta(seconds=60))  # ignored
    reply(by_asker, at=asked + timedelta(seconds=3600))
    deleted = question(odd, asked=asked)
    reply(deleted, at=asked + timedelta(seconds=30), state="deleted")  # ignored
    reply(deleted, at=asked + timedelta(seconds=7200))
    _answered_after(odd, 5, asked=NOW - timedelta(days=31))  # older than 30 days: ignored
    question(odd, asked=asked)  # never answered: not counted
    only_asker = question(odd, asked=asked)
    reply(only_asker, asker_of(only_asker), at=asked + timedelta(seconds=10))
    _answered_after(odd, 1, kind="discussion")  # not a question
    private = _answered_after(odd, 2)
    make_private(private, make_user())
    delete_thread(_answered_after(odd, 3))  # a deleted thread

    # even: 1200, 3000, 5000, 100000 -> (3000 + 5000) / 2
    for seconds in (5000, 1200, 100000, 3000):
        _answered_after(even, seconds)

    question(silent, asked=asked)
    _answered_after(single, 5400)
    return {"odd": odd, "even": even, "silent": silent, "single": single}


def test_median_time_to_first_answer_is_exact_for_odd_and_even_counts(timed):
    ids = [s.id for s in timed.values()]
    stats = {s.name: (s.median_seconds, s.answered) for s in queries.specialty_stats(ids, NOW)}
    assert stats == {
        "Odd": (pytest.approx(3600, abs=0.01), 3),
        "Even": (pytest.approx(4000, abs=0.01), 4),
        "Silent": (None, 0),
        "Single": (pytest.approx(5400, abs=0.01), 1),
    }


def test_medians_are_labelled_for_reading(timed):
    labels = {
        s.name: s.median_label
        for s in queries.specialty_stats([s.id for s in timed.values()], NOW)
    }
    assert labels == {
        "Odd": "median first answer: 1 h (3 questions, last 30 days)",
        "Even": "median first answer: 1 h 7 min (4 questions, last 30 days)",
        "Silent": "no answered questions in the last 30 days",
        "Single": "median first answer: 1 h 30 min (1 question, last 30 days)",
    }


def test_only_the_specialties_asked_for_are_returned(timed):
    stats = queries.specialty_stats([timed["even"].id], NOW)
    assert [s.name for s in stats] == ["Even"]
    assert queries.specialty_stats([], NOW) == []


def test_the_window_moves_with_now(timed):
    (odd,) = queries.specialty_stats([timed["odd"].id], NOW + timedelta(days=29))
    assert odd.answered == 0 and odd.median_seconds is None


@pytest.mark.parametrize(
    ("seconds", "label"),
    [
        (0, "under a minute"),
        (29, "under a minute"),
        (30, "1 min"),
        (45 * 60, "45 min"),
        (3 * 3600 + 20 * 60, "3 h 20 min"),
        (3 * 3600, "3 h"),
        (47 * 3600 + 59 * 60, "47 h 59 min"),
        (2 * 86400 + 4 * 3600, "2 d 4 h"),
        (3 * 86400, "3 d"),
    ],
)
def test_duration_labels(seconds, label):
    assert queries.duration_label(seconds) == label


# ---- which questions wait ---------------------------------------------------------------------


@pytest.fixture
def cardiology(app):
    return make_specialty("Cardiology", slug="cardiology")


@pytest.fixture
def mentor(cardiology):
    return make_user(role="mentor", username="mentor", specialty_id=cardiology.id)


def test_questions_in_the_primary_specialty_wait_oldest_first(cardiology, mentor):
    newer = question(cardiology, title="Newer question", asked=NOW - hours(1))
    older = question(cardiology, title="Older question", asked=NOW - hours(30))
    question(make_specialty(), title="Elsewhere question")
    assert _titles(mentor) == [older.title, newer.title]


def test_discussions_solved_questions_and_own_threads_are_left_out(cardiology, mentor):
    question(cardiology, title="Waiting question")
    question(cardiology, title="A discussion", kind="discussion")
    solved = question(cardiology, title="Solved question")
    accept(solved, reply(solved))
    question(cardiology, mentor, title="Asked by the mentor")
    replied = question(cardiology, title="Replied to by the mentor")
    reply(replied, mentor)
    deleted_reply = question(cardiology, title="Mentor's reply since deleted")
    reply(deleted_reply, mentor, state="deleted")
    assert _titles(mentor) == ["Waiting question"]


def test_answered_but_unsolved_questions_stay_and_are_marked(cardiology, mentor):
    answered = question(cardiology, title="Answered question", asked=NOW - hours(3))
    reply(answered)
    by_asker = question(cardiology, title="Only the asker replied", asked=NOW - hours(2))
    reply(by_asker, asker_of(by_asker))
    hidden = question(cardiology, title="Only a hidden reply", asked=NOW - hours(1))
    reply(hidden, state="hidden")
    rows = queries.queue_page(mentor, "all", 1).page.items
    assert [(r.title, r.answered, r.reply_count) for r in rows] == [
        ("Answered question", True, 1),
        ("Only the asker replied", False, 1),
        ("Only a hidden reply", False, 1),
    ]
    assert _titles(mentor, "unanswered") == ["Only the asker replied", "Only a hidden reply"]


def test_watched_specialties_and_topics_widen_the_queue(cardiology, mentor):
    oncology, nephrology, neurology = (make_specialty(n) for n in ("Onc", "Neph", "Neuro"))
    watch(mentor, "specialty", oncology, "watching")
    watch(mentor, "specialty", nephrology, "tracking")
    watch(mentor, "specialty", neurology, "normal")
    robotics, genomics = make_topic("Robotics"), make_topic("Genomics")
    watch(mentor, "topic", robotics, "tracking")
    watch(mentor, "topic", genomics, "muted")
    question(oncology, title="Oncology question", asked=NOW - hours(5))
    question(nephrology, title="Nephrology question", asked=NOW - hours(4))
    question(neurology, title="Neurology only normal")
    question(neurology, title="Neurology robotics", topics=[robotics], asked=NOW - hours(3))
    question(neurology, title="Neurology genomics", topics=[genomics])
    assert _titles(mentor) == ["Oncology question", "Nephrology question", "Neurology robotics"]
    queue = queries.queue_page(mentor, "all", 1)
    assert [s.name for s in queue.specialties] == ["Cardiology", "Neph", "Onc"]
    assert [t.name for t in queue.topics] == ["Robotics"]


def test_a_muted_specialty_drops_out_even_when_primary(cardiology, mentor):
    robotics = make_topic("Robotics")
    watch(mentor, "specialty", cardiology, "muted")
    watch(mentor, "topic", robotics, "watching")
    question(cardiology, title="Cardiology robotics", topics=[robotics])
    question(make_specialty(), title="Elsewhere robotics", topics=[robotics])
    assert _titles(mentor) == ["Elsewhere robotics"]
    assert queries.queue_page(mentor, "all", 1).specialties == []


def test_a_scoped_moderator_sees_the_specialties_they_moderate(cardiology):
    oncology = make_specialty("Oncology")
    moderator = make_user(username="scoped", moderates=[oncology])
    question(oncology, title="Oncology question")
    question(cardiology, title="Cardiology question")
    assert _titles(moderator) == ["Oncology question"]


def test_a_viewer_with_no_areas_has_an_empty_queue(cardiology):
    staff = make_user(role="moderator")
    question(cardiology)
    queue = queries.queue_page(staff, "all", 1)
    assert queue.page.items == [] and queue.specialties == [] and queue.topics == []


def test_deleted_private_and_hidden_questions_never_wait(cardiology):
    moderator = make_user(role="mentor moderator", specialty_id=cardiology.id)
    question(cardiology, title="Visible question")
    deleted = question(cardiology, title="Deleted question")
    delete_thread(deleted)
    private = question(cardiology, title="Private question")
    make_private(private, moderator)  # even a member of the space: lists never show it
    hidden = question(cardiology, title="Hidden opening post")
    hide_opening_post(hidden, moderator)
    assert _titles(moderator) == ["Visible question"]


def test_pages_hold_per_page_questions(cardiology, mentor):
    for n in range(5):
        question(cardiology, title=f"Question {n}", asked=NOW - hours(10 - n))
    assert _titles(mentor, per_page=2) == ["Question 0", "Question 1"]
    assert _titles(mentor, page=3, per_page=2) == ["Question 4"]
    assert queries.queue_page(mentor, "all", 1, 2).page.total == 5
