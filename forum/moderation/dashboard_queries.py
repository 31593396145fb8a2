"""The moderators' dashboard and the header's counts: what waits for this moderator.

What a moderator reviews is a live post in a live thread that they can see
(forum/visibility.py) and moderate: every specialty for site-wide staff, their own
specialties for a scoped moderator. Waiting are its open flags, and a hidden post whose
hiding no moderator has looked at yet: hidden by the forum itself (hidden_by_id NULL,
as when three members flag it) or flagged again since a moderator hid it.

Each list is one query whatever it holds (the flagged posts, their reasons, the hidden
posts, the suspended members with their count), so the page costs the same with 5
waiting things or 50.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, distinct, exists, false, func, or_, select, true

from forum import visibility
from forum.auth.models import SUSPENDED_INDEFINITELY, User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation import log_queries
from forum.moderation.models import FLAG_REASONS, Flag, Suspension
from forum.permissions import is_staff
from forum.rows import Person, StrictRow
from forum.threads.models import Post, Thread

LISTED = 5  # flagged and hidden posts shown on the dashboard (the queue has the rest)
SUSPENDED_LISTED = 10
LATEST_ACTIONS = 8
EXCERPT_LENGTH = 160
PRIVACY = "privacy"


# ---- what a moderator reviews, in SQL ------------------------------------------------------


def _moderated(viewer: User) -> ColumnElement[bool]:
    if is_staff(viewer):
        return true()
    ids = sorted(viewer.moderated_specialty_ids)
    return Thread.specialty_id.in_(ids) if ids else false()


def reviewable_posts(viewer: User) -> ColumnElement[bool]:
    """Posts (the query joins Post to Thread) that `viewer` reviews: live posts in live
    threads they may see and moderate."""
    return and_(
        Post.deleted_at.is_(None),
        Thread.deleted_at.is_(None),
        visibility.visible_threads(viewer),
        _moderated(viewer),
    )


def _open_flag_on_post() -> ColumnElement[bool]:
    return exists().where(Flag.post_id == Post.id, Flag.status == "open")


def awaiting_review() -> ColumnElement[bool]:
    """Hidden posts no moderator has reviewed: hidden by the forum itself, or flagged
    again since a moderator hid them."""
    return and_(Post.hidden_at.is_not(None), or_(Post.hidden_by_id.is_(None), _open_flag_on_post()))


# ---- counts (the header's, and the dashboard's headings) ---------------------------------------


@dataclass(frozen=True, slots=True)
class Counts:
    open_flags: int
    flagged_posts: int
    hidden: int  # hidden posts awaiting review

    @property
    def waiting(self) -> int:
        return self.open_flags + self.hidden


def _counts_statement(viewer: User):
    open_flags = (
        select(Flag.id, Flag.post_id)
        .join(Post, Post.id == Flag.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Flag.status == "open", reviewable_posts(viewer))
        .subquery()
    )
    hidden = (
        select(func.count(Post.id))
        .join(Thread, Thread.id == Post.thread_id)
        .where(awaiting_review(), reviewable_posts(viewer))
        .scalar_subquery()
    )
    flags_n = select(func.count(open_flags.c.id)).scalar_subquery()
    posts_n = select(func.count(distinct(open_flags.c.post_id))).scalar_subquery()
    return select(flags_n, posts_n, hidden)


# The counts run on every page a moderator opens. Building the statement (and its cache
# key) cost 30 times what SQLite took to answer it, so each moderator's is built once
# and kept: the rule reads nothing of the viewer but what the key holds (who they are,
# site-wide or not, which specialties), and the statement's values are fixed in it.
_STATEMENTS: dict[tuple, Any] = {}
_KEPT = 1024  # moderators whose statement is kept; more start the dictionary afresh


def counts(viewer: User) -> Counts:
    """Open flags, the posts they are on, and hidden posts awaiting review, for `viewer`'s
    scope: one statement of three subqueries."""
    key = (viewer.id, is_staff(viewer), tuple(sorted(viewer.moderated_specialty_ids)))
    statement = _STATEMENTS.get(key)
    if statement is None:
        if len(_STATEMENTS) >= _KEPT:
            _STATEMENTS.clear()
        statement = _STATEMENTS[key] = _counts_statement(viewer)
    row = db.session.execute(statement).one()
    return Counts(row[0] or 0, row[1] or 0, row[2] or 0)


# ---- the dashboard ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FlaggedPost(StrictRow):
    post_id: int
    thread_id: int
    thread_title: str
    author: Person
    excerpt: str
    flags: int
    oldest: datetime
    privacy: bool  # at least one "patient privacy concern": reviewed first
    hidden: bool
    reasons: list[tuple[str, int]]  # (label, count), the most common first


@dataclass(frozen=True, slots=True)
class HiddenPost(StrictRow):
    post_id: int
    thread_id: int
    thread_title: str
    author: Person
    hidden_at: datetime
    reason: str | None
    automatic: bool  # hidden by the forum, not by a moderator
    open_flags: int


@dataclass(frozen=True, slots=True)
class SuspendedMember(StrictRow):
    username: str
    display_name: str
    until: datetime | None  # None: until lifted
    reason: str | None


@dataclass(frozen=True, slots=True)
class Dashboard:
    counts: Counts
    flagged: list[FlaggedPost]
    hidden: list[HiddenPost]
    suspended: list[SuspendedMember]
    suspended_total: int
    actions: list[log_queries.LogRow]
    scoped: bool  # a moderator of some specialties, not site-wide


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _flagged(viewer: User) -> list[FlaggedPost]:
    privacy = func.max(case((Flag.reason == PRIVACY, 1), else_=0))
    oldest = func.min(Flag.created_at)
    waiting = (
        select(
            Flag.post_id,
            func.count(Flag.id).label("flags"),
            oldest.label("oldest"),
            privacy.label("privacy"),
        )
        .join(Post, Post.id == Flag.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Flag.status == "open", reviewable_posts(viewer))
        .group_by(Flag.post_id)
        # Patient privacy concerns first, then the longest waiting.
        .order_by(privacy.desc(), oldest, Flag.post_id)
        .limit(LISTED)
        .subquery()
    )
    rows = db.session.execute(
        select(
            waiting,
            Post.body_text,
            Post.hidden_at,
            Thread.id.label("thread_id"),
            Thread.title,
            User.username,
            User.display_name,
        )
        .select_from(waiting)
        .join(Post, Post.id == waiting.c.post_id)
        .join(Thread, Thread.id == Post.thread_id)
        .join(User, User.id == Post.author_id)
        .order_by(waiting.c.privacy.desc(), waiting.c.oldest, waiting.c.post_id)
    ).all()
    if not rows:
        return []
    reasons: dict[int, list[tuple[str, int]]] = {}
    for post_id, reason, n in db.session.execute(
        select(Flag.post_id, Flag.reason, func.count(Flag.id))
        .where(Flag.status == "open", Flag.post_id.in_([r.post_id for r in rows]))
        .group_by(Flag.post_id, Flag.reason)
    ):
        reasons.setdefault(post_id, []).append((FLAG_REASONS.get(reason, reason), n))
    order = list(FLAG_REASONS.values())
    return [
        FlaggedPost(
            post_id=r.post_id,
            thread_id=r.thread_id,
            thread_title=r.title,
            author=Person(r.username, r.display_name),
            excerpt=excerpt(r.body_text),
            flags=r.flags,
            oldest=r.oldest,
            privacy=bool(r.privacy),
            hidden=r.hidden_at is not None,
            reasons=sorted(
                reasons.get(r.post_id, []),
                key=lambda pair: (-pair[1], order.index(pair[0]) if pair[0] in order else 99),
            ),
        )
        for r in rows
    ]


def _hidden(viewer: User) -> list[HiddenPost]:
    open_flags = (
        select(func.count(Flag.id))
        .where(Flag.post_id == Post.id, Flag.status == "open")
        .correlate(Post)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            Post.id,
            Post.hidden_at,
            Post.hidden_reason,
            Post.hidden_by_id,
            Thread.id.label("thread_id"),
            Thread.title,
            User.username,
            User.display_name,
            open_flags.label("open_flags"),
        )
        .join(Thread, Thread.id == Post.thread_id)
        .join(User, User.id == Post.author_id)
        .where(awaiting_review(), reviewable_posts(viewer))
        .order_by(Post.hidden_at, Post.id)
        .limit(LISTED)
    ).all()
    return [
        HiddenPost(
            post_id=r.id,
            thread_id=r.thread_id,
            thread_title=r.title,
            author=Person(r.username, r.display_name),
            hidden_at=r.hidden_at,
            reason=r.hidden_reason,
            automatic=r.hidden_by_id is None,
            open_flags=r.open_flags or 0,
        )
        for r in rows
    ]


def _suspended() -> tuple[list[SuspendedMember], int]:
    reason = (
        select(Suspension.reason)
        .where(Suspension.user_id == User.id, Suspension.lifted_at.is_(None))
        .order_by(Suspension.created_at.desc(), Suspension.id.desc())
        .limit(1)
        .correlate(User)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            User.username,
            User.display_name,
            User.suspended_until,
            reason.label("reason"),
            func.count().over().label("total"),  # all of them, before the LIMIT
        )
        .where(User.suspended_until > utcnow())
        .order_by(User.suspended_until, User.id)  # ending soonest first
        .limit(SUSPENDED_LISTED)
    ).all()
    members = [
        SuspendedMember(
            r.username,
            r.display_name,
            None if r.suspended_until >= SUSPENDED_INDEFINITELY else r.suspended_until,
            r.reason,
        )
        for r in rows
    ]
    return members, rows[0].total if rows else 0


def dashboard(viewer: User, counts_now: Counts) -> Dashboard:
    """Everything the dashboard shows; `counts_now` are the header's (already counted)."""
    suspended, suspended_total = _suspended()
    return Dashboard(
        counts=counts_now,
        flagged=_flagged(viewer) if counts_now.open_flags else [],
        hidden=_hidden(viewer) if counts_now.hidden else [],
        suspended=suspended,
        suspended_total=suspended_total,
        actions=log_queries.latest_entries(viewer, LATEST_ACTIONS),
        scoped=not is_staff(viewer),
    )
