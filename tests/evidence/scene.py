"""Accepted answers of a given age, for the evidence tests."""

from __future__ import annotations

from datetime import timedelta

from forum.answers import service as answers
from forum.answers.models import AcceptedAnswer
from forum.dbtypes import utcnow
from forum.evidence.models import AnswerReview
from forum.extensions import db
from forum.mentorship.models import MentorProfile
from tests.factories import make_post, make_specialty, make_thread, make_user
from tests.mentorship.scene import make_mentor

OLD = timedelta(days=600)  # past the default ANSWER_REVIEW_AFTER_DAYS (548)
RECENT = timedelta(days=30)


def accepted_answer(*, age=OLD, specialty=None, answerer=None, body="Start an SGLT2 inhibitor."):
    """A question in `specialty` whose reply by `answerer` was accepted `age` ago;
    returns (thread, answer post, answerer)."""
    specialty = specialty or make_specialty()
    asker = make_user()
    answerer = answerer or make_user(display_name="Dr Answerer")
    thread = make_thread(asker, specialty, kind="question")
    answer = make_post(thread, answerer, body)
    answers.accept_answer(asker, answer)
    row = db.session.get(AcceptedAnswer, thread.id)
    row.accepted_at = utcnow() - age
    db.session.commit()
    return thread, answer, answerer


def reviewed(post, reviewer, *, age):
    """A review of `post` by `reviewer`, `age` ago."""
    when = utcnow() - age
    db.session.add(AnswerReview(post_id=post.id, reviewer_id=reviewer.id, reviewed_at=when))
    db.session.commit()


def mentor_of(specialty, **fields):
    return make_mentor(specialties=[specialty], **fields)


def old_answer(specialty, author, *, mentor=None) -> dict[str, int]:
    """An answer by `author` in `specialty`, accepted long ago (due for review), as the
    route table's target; `mentor` (a user with the role) gets an approved profile in
    `specialty` if they have none."""
    thread, answer, _author = accepted_answer(specialty=specialty, answerer=author)
    if mentor is not None and db.session.get(MentorProfile, mentor.id) is None:
        db.session.add(
            MentorProfile(
                user_id=mentor.id,
                status="approved",
                statement="I mentor.",
                years_in_practice=10,
                specialties=[specialty],
            )
        )
        db.session.commit()
    return {"thread_id": thread.id, "post_id": answer.id}
