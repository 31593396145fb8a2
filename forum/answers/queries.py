"""Reads for answers: what a thread page shows of them, and SQL other pages build on.

`solved(thread_id)`, `accepted(post_id)` and `status_condition(name)` are expressions
that listings (browse, profiles, search, the mentors' queue) put in their own
statements, so a list learns "solved" with a column or a condition, never a query per
row. The filters mean what search's `is:solved`, `is:unsolved` and `is:unanswered` mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g
from sqlalchemy import ColumnElement, and_, bindparam, case, exists, func, or_, select

from forum import visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.auth.models import User
from forum.extensions import db
from forum.permissions import signed_in
from forum.rows import Person, StrictRow
from forum.threads.models import Post, Thread

# ---- expressions for other pages -----------------------------------------------------


def solved(thread_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the thread `thread_id` (a column of the caller's query) has an accepted
    answer: a primary-key probe of accepted_answers, cheap per listed row."""
    return exists().where(AcceptedAnswer.thread_id == thread_id)


def accepted(post_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the post `post_id` (a column) is its question's accepted answer."""
    return exists().where(AcceptedAnswer.post_id == post_id)


def _status_conditions() -> dict[str, ColumnElement[bool]]:
    return {
        "solved": solved(Thread.id),
        # A question still waiting for an answer someone accepted (answered or not).
        "unsolved": and_(Thread.kind == "question", ~solved(Thread.id)),
        # No replies yet, whatever the kind (what "?sort=unanswered" always listed).
        "unanswered": Thread.reply_count == 0,
    }


# The listing filters (?status=name): their conditions on Thread, and the tabs' labels.
STATUS_CONDITIONS = _status_conditions()
STATUS_LABELS = {"": "All", "solved": "Solved", "unsolved": "Unsolved", "unanswered": "Unanswered"}


def status_condition(name: str | None) -> ColumnElement[bool] | None:
    """The WHERE condition of a listing filter ("solved", "unsolved", "unanswered"), or
    None for every thread (an unknown name too)."""
    return STATUS_CONDITIONS.get(name or "")


def status_arg(value: str | None) -> str:
    """A listing filter's name from a query argument; anything unknown means all ("")."""
    return value if value in STATUS_CONDITIONS else ""


def helpful_order(_thread: Thread | None = None) -> Sequence[Any]:
    """Replies with the most helpful marks first (threads.hooks post order "helpful")."""
    count = select(HelpfulCount.count).where(HelpfulCount.post_id == Post.id).scalar_subquery()
    return (func.coalesce(count, 0).desc(),)


# ---- the thread page -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AcceptedBox(StrictRow):
    """The accepted answer as the box under the question shows it."""

    post_id: int
    body_html: str
    created_at: datetime
    author: Person


@dataclass(frozen=True, slots=True)
class ThreadAnswers:
    """What a thread page shows of answers: the accepted one (None when the question is
    unsolved or its answer is not readable), and the helpful counts and the viewer's own
    marks of the page's posts."""

    accepted: AcceptedBox | None
    accepted_post_id: int | None
    counts: dict[int, int]
    marked: frozenset[int]


NO_ANSWERS = ThreadAnswers(None, None, {}, frozenset())

# Table columns, not ORM attributes: a statement of ORM attributes goes through the
# ORM's compile and result steps even for plain rows, which doubled this query's cost.
_posts, _users = Post.__table__.c, User.__table__.c
_accepted, _counts, _marks = (
    AcceptedAnswer.__table__.c,
    HelpfulCount.__table__.c,
    HelpfulMark.__table__.c,
)
# The accepted answer only counts (badge and box) while its post is readable and still
# in the thread (a moved post leaves its old question's row behind until moderation
# cleans it up): deleted and hidden posts lose their row on post_removed anyway.
_IS_ACCEPTED = and_(_accepted.post_id.is_not(None), visibility.readable_posts())
_ACCEPTED_IN_THREAD = (
    select(_accepted.post_id).where(_accepted.thread_id == bindparam("thread_id")).scalar_subquery()
)
# One query for the whole page, built once: the page's posts and the thread's accepted
# answer (on this page or not), each with its helpful count and whether the viewer
# marked it. Only the accepted answer's row carries what the box shows (the other rows'
# NULLs cost nothing to read).
_ANSWERS_FOR_PAGE = (
    select(
        _posts.id,
        _IS_ACCEPTED,
        _counts.count,
        _marks.user_id.is_not(None),
        case((_IS_ACCEPTED, _posts.body_html)),
        case((_IS_ACCEPTED, _posts.created_at)),
        case((_IS_ACCEPTED, _users.username)),
        case((_IS_ACCEPTED, _users.display_name)),
    )
    .select_from(Post.__table__)
    .join(User.__table__, _users.id == _posts.author_id)
    .outerjoin(
        AcceptedAnswer.__table__,
        and_(_accepted.post_id == _posts.id, _accepted.thread_id == _posts.thread_id),
    )
    .outerjoin(HelpfulCount.__table__, _counts.post_id == _posts.id)
    .outerjoin(
        HelpfulMark.__table__,
        and_(_marks.post_id == _posts.id, _marks.user_id == bindparam("viewer_id")),
    )
    .where(
        or_(
            _posts.id.in_(bindparam("post_ids", expanding=True)),
            _posts.id == _ACCEPTED_IN_THREAD,
        )
    )
)


def thread_answers(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> ThreadAnswers:
    """The answers part of a thread page (threads.hooks page extra "answers"): one query.

    The post-parts loader asks for the same page right after; the result is kept for
    the request, keyed by the page's list of posts, so that costs nothing more.
    """
    kept = g.get("_thread_answers")
    if kept is not None and kept[0] is posts:
        return kept[1]
    answers = _load(thread, viewer, posts)
    g._thread_answers = (posts, answers)
    return answers


def _load(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> ThreadAnswers:
    params = {
        "post_ids": [post.id for post in posts],
        # A discussion has no accepted answer (the service refuses one): ask for none.
        "thread_id": thread.id if thread.kind == "question" else None,
        "viewer_id": viewer.id if signed_in(viewer) else None,
    }
    box, counts, marked = None, {}, set()
    for (
        post_id,
        is_accepted,
        count,
        mine,
        body_html,
        created_at,
        username,
        name,
    ) in db.session.execute(_ANSWERS_FOR_PAGE, params):
        if count:
            counts[post_id] = count
        if mine:
            marked.add(post_id)
        if is_accepted and thread.kind == "question":
            box = AcceptedBox(post_id, body_html, created_at, Person(username, name))
    return ThreadAnswers(box, box.post_id if box else None, counts, frozenset(marked))
