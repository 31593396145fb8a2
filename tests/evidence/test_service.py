"""Marking an accepted answer "reviewed, still current": who may, when, and its history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.answers import service as answers
from forum.dbtypes import utcnow
from forum.evidence import queries, service
from forum.evidence.models import AnswerReview
from forum.exceptions import Conflict, NotAllowed, NotFound
from forum.extensions import db
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.threads.models import Thread
from tests.evidence.scene import OLD, RECENT, accepted_answer, mentor_of, reviewed
from tests.factories import make_post, make_specialty, make_user
from tests.mentorship.scene import make_mentor


def reviews_of(post) -> list[tuple[int, object]]:
    return [
        tuple(row)
        for row in db.session.execute(
            select(AnswerReview.reviewer_id, AnswerReview.reviewed_at)
            .where(AnswerReview.post_id == post.id)
            .order_by(AnswerReview.id)
        )
    ]


def test_the_author_marks_their_old_answer_still_current(app):
    thread, answer, author = accepted_answer()
    review = service.review_answer_currency(author, threads.get_post(author, answer.id))
    assert review is not None
    assert [reviewer for reviewer, _ in reviews_of(answer)] == [author.id]
    assert utcnow() - review.reviewed_at < timedelta(minutes=1)


def test_a_mentor_of_the_threads_specialty_marks_it(app):
    specialty = make_specialty()
    _thread, answer, _author = accepted_answer(specialty=specialty)
    mentor = mentor_of(specialty)
    assert service.review_answer_currency(mentor, threads.get_post(mentor, answer.id))
    assert [reviewer for reviewer, _ in reviews_of(answer)] == [mentor.id]


@pytest.mark.parametrize(
    "who",
    ["member", "mentor of another specialty", "pending mentor", "moderator", "former mentor"],
)
def test_nobody_else_may(app, who):
    specialty = make_specialty()
    _thread, answer, _author = accepted_answer(specialty=specialty)
    if who == "member":
        actor = make_user()
    elif who == "mentor of another specialty":
        actor = mentor_of(make_specialty())
    elif who == "pending mentor":
        actor = make_mentor(specialties=[specialty], status="pending")
    elif who == "moderator":
        actor = make_user("moderator")
    else:  # an approved profile, but the role was taken away
        actor = make_mentor(specialties=[specialty], role="member")
    with pytest.raises(NotAllowed, match="Only the answer's author, or a mentor"):
        service.review_answer_currency(actor, threads.get_post(actor, answer.id))
    assert reviews_of(answer) == []


def test_a_suspended_author_may_not(app):
    _thread, answer, author = accepted_answer()
    post = threads.get_post(author, answer.id)
    author.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()
    with pytest.raises(NotAllowed, match="suspended"):
        service.review_answer_currency(author, post)


def test_a_post_the_actor_may_not_see_is_not_found(app):
    _thread, answer, author = accepted_answer()
    outsider = make_user()
    space = Space(name="A private space")
    db.session.add(space)
    db.session.flush()
    db.session.add(SpaceMember(space_id=space.id, user_id=author.id))
    db.session.get(Thread, answer.thread_id).space_id = space.id
    db.session.commit()
    post = threads.get_post(author, answer.id)
    with pytest.raises(NotFound):
        service.review_answer_currency(outsider, post)


def test_a_hidden_answer_cannot_be_reviewed(app):
    _thread, answer, author = accepted_answer()
    db.session.get(type(answer), answer.id).hidden_at = utcnow()
    db.session.commit()
    with pytest.raises(NotAllowed, match="deleted or hidden"):
        service.review_answer_currency(author, threads.get_post(author, answer.id))


def test_only_the_accepted_answer_is_reviewed(app):
    thread, answer, author = accepted_answer()
    other = make_post(thread, author, "A second thought.")
    with pytest.raises(Conflict):
        service.review_answer_currency(author, threads.get_post(author, other.id))
    answers.unaccept_answer(make_user("moderator"), thread)
    with pytest.raises(Conflict):
        service.review_answer_currency(author, threads.get_post(author, answer.id))
    assert reviews_of(answer) == []


def test_an_answer_that_is_not_due_records_nothing(app):
    _thread, answer, author = accepted_answer(age=RECENT)
    assert service.review_answer_currency(author, threads.get_post(author, answer.id)) is None
    assert reviews_of(answer) == []


def test_a_second_click_records_nothing_more(app):
    _thread, answer, author = accepted_answer()
    post = threads.get_post(author, answer.id)
    assert service.review_answer_currency(author, post) is not None
    assert service.review_answer_currency(author, post) is None
    assert len(reviews_of(answer)) == 1


def test_reviews_are_kept_and_the_notice_returns_as_the_latest_ages(app):
    specialty = make_specialty()
    _thread, answer, author = accepted_answer(specialty=specialty, age=timedelta(days=1500))
    mentor = mentor_of(specialty)
    reviewed(answer, author, age=timedelta(days=900))  # long ago: due again
    assert queries.is_due(
        utcnow() - timedelta(days=1500), service.latest_review(answer.id), utcnow()
    )
    post = threads.get_post(mentor, answer.id)
    assert service.review_answer_currency(mentor, post) is not None
    assert [reviewer for reviewer, _ in reviews_of(answer)] == [author.id, mentor.id]
    # Not due now; due again once the latest review is ANSWER_REVIEW_AFTER_DAYS old.
    later = utcnow() + timedelta(days=app.config["ANSWER_REVIEW_AFTER_DAYS"])
    assert service.review_answer_currency(author, post) is None
    assert service.review_answer_currency(author, post, now=later) is not None
    assert len(reviews_of(answer)) == 3


def test_the_age_is_the_setting(app):
    accepted = utcnow() - timedelta(days=10)
    app.config["ANSWER_REVIEW_AFTER_DAYS"] = 10
    assert queries.is_due(accepted, None, utcnow())
    app.config["ANSWER_REVIEW_AFTER_DAYS"] = 11
    assert not queries.is_due(accepted, None, utcnow())
    # A review resets the clock; one older than the acceptance (re-accepted since) does not.
    assert not queries.is_due(accepted, utcnow() - timedelta(days=1), utcnow() + timedelta(days=5))
    assert not queries.is_due(accepted, accepted - OLD, utcnow())
