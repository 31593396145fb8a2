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

from sqlalchemy import ColumnElement, and_, bindparam, exists, func, select

from forum import visibility
from forum.answers.models import AcceptedAnswer, HelpfulCount, HelpfulMark
from forum.auth.models import User
from forum.extensions import db
from forum.permissions import signed_in
from forum.rows import Person, StrictRow
from forum.threads.models import ANSWERABLE_KINDS, Post, Thread

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
        "unsolved": and_(Thread.kind.in_(ANSWERABLE_KINDS), ~solved(Thread.id)),
        # No replies yet, whatever the kind (what "?sort=unanswered" always listed).
        "unanswered": Thread.reply_count == 0,
        # De-identified case presentations (forum/cases), solved or not.
        "cases": Thread.kind == "case",
    }


# The listing filters (?status=name): their conditions on Thread, and the tabs' labels.
STATUS_CONDITIONS = _status_conditions()
STATUS_LABELS = {
    "": "All",
    "solved": "Solved",
    "unsolved": "Unsolved",
    "unanswered": "Unanswered",
    "cases": "Cases",
}


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


# Table columns, not ORM attributes: a statement of ORM attributes goes through the
# ORM's compile and result steps even for plain rows.
_posts, _users = Post.__table__.c, User.__table__.c
_accepted, _counts, _marks = (
    AcceptedAnswer.__table__.c,
    HelpfulCount.__table__.c,
    HelpfulMark.__table__.c,
)


def post_columns() -> tuple[Any, ...]:
    """What the thread page's posts query reads for answers (threads.hooks post columns):
    each post's helpful count, whether the viewer marked it, and its thread's accepted
    answer. Primary-key probes per post, so the page needs no query of its own."""
    return (
        select(_counts.count)
        .where(_counts.post_id == Post.id)
        .scalar_subquery()
        .label("helpful_count"),
        exists()
        .where(_marks.post_id == Post.id, _marks.user_id == bindparam("helpful_viewer_id"))
        .label("helpful_mine"),
        select(_accepted.post_id)
        .where(_accepted.thread_id == Post.thread_id)
        .scalar_subquery()
        .label("accepted_post_id"),
    )


def post_column_params(viewer: User | None) -> dict[str, Any]:
    return {"helpful_viewer_id": viewer.id if signed_in(viewer) else None}


# The accepted answer's box when the answer is not among the page's posts: only while
# it is readable and still in its question's thread (a moved post leaves its old
# question's row behind until moderation cleans it up).
_ACCEPTED_BOX = (
    select(_posts.id, _posts.body_html, _posts.created_at, _users.username, _users.display_name)
    .select_from(Post.__table__)
    .join(User.__table__, _users.id == _posts.author_id)
    .where(
        _posts.id == bindparam("post_id"),
        _posts.thread_id == bindparam("thread_id"),
        visibility.readable_posts(),
    )
)


def thread_answers(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> ThreadAnswers:
    """The answers part of a thread page (threads.hooks page extra "answers"), from the
    posts' answer columns; on page 1 of a solved question whose answer is on a later
    page, one query reads the answer for its box."""
    counts = {post.id: post.more["helpful_count"] for post in posts if post.more["helpful_count"]}
    marked = frozenset(post.id for post in posts if post.more["helpful_mine"])
    # A discussion has no accepted answer (the service refuses one).
    accepted_id = posts[0].more["accepted_post_id"] if posts and thread.is_answerable else None
    if accepted_id is None:
        return ThreadAnswers(None, None, counts, marked)
    box = None
    on_page = next((post for post in posts if post.id == accepted_id), None)
    if on_page is not None:
        if not (on_page.is_deleted or on_page.is_hidden):
            author = Person(on_page.author.username, on_page.author.display_name)
            box = AcceptedBox(on_page.id, on_page.body_html, on_page.created_at, author)
    elif posts[0].position == 1:  # the box shows on the first page only
        row = db.session.execute(
            _ACCEPTED_BOX, {"post_id": accepted_id, "thread_id": thread.id}
        ).first()
        if row is not None:
            box = AcceptedBox(row[0], row[1], row[2], Person(row[3], row[4]))
    return ThreadAnswers(box, accepted_id, counts, marked)
