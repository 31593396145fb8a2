"""Marking an accepted answer "reviewed, still current": the rule and the write.

An accepted answer shows a notice once it, and its latest review, are older than
ANSWER_REVIEW_AFTER_DAYS (queries.is_due). Its author, or an approved mentor of its
thread's specialty, may then confirm it is still current; each confirmation is a row
of answer_reviews (who and when), kept as its history, and the notice returns once the
latest is as old. Confirming an answer that is not due records nothing (a double click
is not an error), as answers' own actions do.

Not written to the moderation audit log: that log is for moderators' and admins'
actions on others' content, and accepting an answer is not in it either; the review
rows are this action's own record.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from forum import visibility
from forum.answers.models import AcceptedAnswer
from forum.dbtypes import utcnow
from forum.evidence.models import AnswerReview
from forum.evidence.queries import is_due
from forum.exceptions import Conflict
from forum.extensions import db
from forum.mentorship.models import MentorProfile, mentor_specialties
from forum.permissions import can_review_answer_currency, has_role, require, signed_in
from forum.threads.models import Post
from forum.threads.service import get_post
from forum.unit_of_work import transactional

if TYPE_CHECKING:
    from forum.auth.models import User

NOT_ACCEPTED = "This reply is not the accepted answer (any more)."


def mentor_specialty_ids(user: User | None) -> frozenset[int]:
    """The specialties `user` is an approved mentor of (none unless they hold the role)."""
    if not has_role(user, "mentor"):
        return frozenset()
    return frozenset(
        db.session.scalars(
            select(mentor_specialties.c.specialty_id)
            .join(MentorProfile, MentorProfile.user_id == mentor_specialties.c.user_id)
            .where(MentorProfile.user_id == user.id, MentorProfile.status == "approved")
        )
    )


def review_refusal(actor: User | None, post: Post) -> str:
    """Why `actor` may not mark `post` reviewed."""
    if not signed_in(actor):
        return "Sign in to review an answer."
    if actor.is_suspended:
        return "Your account is suspended: you cannot review answers."
    if post.is_deleted or post.is_hidden or post.thread.is_deleted:
        return "A deleted or hidden answer cannot be reviewed."
    return "Only the answer's author, or a mentor of its specialty, can mark it still current."


def latest_review(post_id: int) -> datetime | None:
    """When the post was last marked reviewed, or None."""
    return db.session.scalar(
        select(func.max(AnswerReview.reviewed_at)).where(AnswerReview.post_id == post_id)
    )


@transactional
def review_answer_currency(
    actor: User, post: Post, now: datetime | None = None
) -> AnswerReview | None:
    """Record that `actor` reviewed the accepted answer `post` and finds it still current;
    returns the review, or None when the answer was not due (nothing recorded).

    :raises NotFound: the actor may not see the post. :raises NotAllowed: neither its
        author nor an approved mentor of its specialty, or a deleted or hidden answer.
    :raises Conflict: the post is not (any more) its question's accepted answer.
    """
    if "thread" not in post.__dict__:  # expired by a commit since the view loaded it
        post = get_post(actor, post.id)
    visibility.require_post(actor, post)
    allowed = can_review_answer_currency(actor, post, mentor_specialty_ids(actor))
    require(allowed, review_refusal(actor, post))
    accepted = db.session.scalar(
        select(AcceptedAnswer).where(
            AcceptedAnswer.post_id == post.id, AcceptedAnswer.thread_id == post.thread_id
        )
    )
    if accepted is None:
        raise Conflict(NOT_ACCEPTED)
    now = now or utcnow()
    if not is_due(accepted.accepted_at, latest_review(post.id), now):
        return None
    review = AnswerReview(post_id=post.id, reviewer_id=actor.id, reviewed_at=now)
    db.session.add(review)
    db.session.flush()
    return review
