"""Reads for the currency of accepted answers: what a thread page shows of it.

Two post columns come with the thread page's posts (threads.hooks): when the thread's
answer was accepted and when it was last reviewed. From those the page knows, with no
query of its own, whether the review notice is due. One more query, only when there is
something to name or decide (a past review's reviewer; a signed-in viewer who might mark
a due answer reviewed), reads the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, exists, func, select, true

from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.evidence.models import AnswerReview
from forum.extensions import db
from forum.mentorship.models import MentorProfile, mentor_specialties
from forum.permissions import can_review_answer_currency, has_role, signed_in
from forum.rows import Person, StrictRow
from forum.threads.models import Post, Thread

# Table columns, not ORM attributes (as answers' queries: plain rows, less ORM work).
_accepted, _reviews = AcceptedAnswer.__table__.c, AnswerReview.__table__.c
_posts, _users = Post.__table__.c, User.__table__.c
_profiles, _mentor_specialties = MentorProfile.__table__.c, mentor_specialties.c


def review_after() -> timedelta:
    """How long an accepted answer stays current without a review (ANSWER_REVIEW_AFTER_DAYS)."""
    return timedelta(days=current_app.config["ANSWER_REVIEW_AFTER_DAYS"])


def is_due(accepted_at: datetime, last_reviewed_at: datetime | None, now: datetime) -> bool:
    """Whether an answer accepted at `accepted_at`, last reviewed at `last_reviewed_at`,
    shows the review notice at `now`: its acceptance, and its latest review, are both
    older than ANSWER_REVIEW_AFTER_DAYS."""
    since = max(accepted_at, last_reviewed_at) if last_reviewed_at else accepted_at
    return now - since >= review_after()


# ---- post columns ------------------------------------------------------------------


def post_columns() -> tuple[Any, ...]:
    """What the thread page's posts query reads for evidence (threads.hooks post columns):
    its thread's accepted answer's acceptance time and latest review time, the same on
    every row. Primary-key and index probes, so the page needs no query for them."""
    # Two levels down from the posts query: auto-correlation reaches one level only.
    accepted_post = (
        select(_accepted.post_id)
        .where(_accepted.thread_id == Post.thread_id)
        .correlate(Post.__table__)
        .scalar_subquery()
    )
    return (
        select(_accepted.accepted_at)
        .where(_accepted.thread_id == Post.thread_id)
        .scalar_subquery()
        .label("evidence_accepted_at"),
        select(func.max(_reviews.reviewed_at))
        .where(_reviews.post_id == accepted_post)
        .scalar_subquery()
        .label("evidence_reviewed_at"),
    )


# ---- the thread page ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Review(StrictRow):
    """The latest "reviewed, still current" of an answer."""

    reviewer: Person
    reviewed_at: datetime


@dataclass(frozen=True, slots=True)
class AnswerCurrency(StrictRow):
    """What a thread page shows of how current its accepted answer is: when it was
    accepted, whether the review notice is due, the latest review (None when never
    reviewed) and whether the viewer may mark it reviewed now."""

    post_id: int
    accepted_at: datetime
    due: bool
    review: Review | None
    may_review: bool


@dataclass(frozen=True, slots=True)
class _Answer:
    """The accepted answer as can_review_answer_currency reads it."""

    id: int
    author_id: int
    deleted_at: datetime | None
    hidden_at: datetime | None
    thread: Thread

    is_deleted = property(Post.is_deleted.fget)
    is_hidden = property(Post.is_hidden.fget)
    is_opening = property(Post.is_opening.fget)


def _basics(thread: Thread, posts: Sequence[Any]) -> tuple[int, datetime, datetime | None] | None:
    """(accepted post id, accepted at, last reviewed at) from the page's post columns, or
    None when the thread has no accepted answer."""
    if not posts:
        return None
    more = posts[0].more
    accepted_at = more["evidence_accepted_at"]
    # answers' own column (forum/answers/queries.py) names the accepted post.
    post_id = more["accepted_post_id"]
    if accepted_at is None or post_id is None:
        return None
    return post_id, accepted_at, more["evidence_reviewed_at"]


def due_answer(thread: Thread, posts: Sequence[Any], now: datetime | None = None) -> int | None:
    """The id of the page's thread's accepted answer if its review notice is due (no query)."""
    basics = _basics(thread, posts)
    if basics is None:
        return None
    post_id, accepted_at, reviewed_at = basics
    return post_id if is_due(accepted_at, reviewed_at, now or utcnow()) else None


_LATEST_REVIEW = (
    select(_reviews.reviewer_id, _reviews.reviewed_at)
    .where(_reviews.post_id == bindparam("post_id"))
    .order_by(_reviews.reviewed_at.desc(), _reviews.id.desc())
    .limit(1)
    .subquery()
)
_VIEWER_MENTORS = (
    exists()
    .where(
        _mentor_specialties.user_id == bindparam("viewer_id"),
        _mentor_specialties.specialty_id == bindparam("specialty_id"),
        _profiles.user_id == _mentor_specialties.user_id,
        _profiles.status == "approved",
    )
    .label("viewer_mentors")
)
# The answer's author and state, its latest review with the reviewer's name, and whether
# the viewer is an approved mentor of the thread's specialty: one row, one query.
_DETAILS = (
    select(
        _posts.author_id,
        _posts.deleted_at,
        _posts.hidden_at,
        _LATEST_REVIEW.c.reviewed_at,
        _users.username,
        _users.display_name,
        _VIEWER_MENTORS,
    )
    .select_from(Post.__table__)
    .outerjoin(_LATEST_REVIEW, true())
    .outerjoin(User.__table__, _users.id == _LATEST_REVIEW.c.reviewer_id)
    .where(_posts.id == bindparam("post_id"))
)


def answer_currency(
    thread: Thread, viewer: User | None, posts: Sequence[Any], now: datetime | None = None
) -> AnswerCurrency | None:
    """The evidence part of a thread page (threads.hooks page extra "evidence"), None when
    the thread has no accepted answer. No query when the answer was never reviewed and
    the viewer could not review it now; one otherwise."""
    basics = _basics(thread, posts)
    if basics is None:
        return None
    post_id, accepted_at, reviewed_at = basics
    due = is_due(accepted_at, reviewed_at, now or utcnow())
    may_ask = due and signed_in(viewer)
    if reviewed_at is None and not may_ask:
        return AnswerCurrency(post_id, accepted_at, due, None, False)
    viewer_id = viewer.id if may_ask and has_role(viewer, "mentor") else None
    row = db.session.execute(
        _DETAILS,
        {"post_id": post_id, "viewer_id": viewer_id, "specialty_id": thread.specialty_id},
    ).first()
    if row is None:  # the answer went between the two reads
        return None
    review = None
    if row.reviewed_at is not None:
        review = Review(Person(row.username, row.display_name), row.reviewed_at)
    may_review = False
    if may_ask:
        answer = _Answer(post_id, row.author_id, row.deleted_at, row.hidden_at, thread)
        mentors = frozenset({thread.specialty_id}) if row.viewer_mentors else frozenset()
        may_review = can_review_answer_currency(viewer, answer, mentors)
    return AnswerCurrency(post_id, accepted_at, due, review, may_review)
