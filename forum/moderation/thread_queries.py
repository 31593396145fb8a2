"""Page reads for the moderators' thread tools: each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select

from forum.auth.models import User
from forum.extensions import db
from forum.moderation.models import ThreadRedirect
from forum.pagination import Page, check_page
from forum.permissions import moderates
from forum.rows import StrictRow
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from forum.threads.queries import in_order

SPLIT_PER_PAGE = 50
EXCERPT = 240  # characters of each post shown on the split page


def moved_to(thread_id: int) -> int | None:
    """The thread a merged thread went into (hooks.register_thread_redirect), or None."""
    return db.session.scalar(_MOVED_TO, {"old": thread_id})


_MOVED_TO = select(ThreadRedirect.thread_id).where(ThreadRedirect.old_thread_id == bindparam("old"))


@dataclass(frozen=True, slots=True)
class SplitRow(StrictRow):
    """A post as the split page lists it: enough to tell which to tick."""

    id: int
    author_name: str
    created_at: datetime
    excerpt: str
    cut: bool  # the post goes on past the excerpt
    deleted_at: datetime | None
    hidden_at: datetime | None
    position: int
    is_opening: bool


_SPLIT_POSTS = (
    select(
        Post.id,
        User.display_name,
        Post.created_at,
        func.substr(Post.body_text, 1, EXCERPT),
        func.length(Post.body_text) > EXCERPT,
        Post.deleted_at,
        Post.hidden_at,
    )
    .join(User, User.id == Post.author_id)
    .where(Post.thread_id == bindparam("thread_id"))
    .order_by(*in_order())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


def split_page(thread: Thread, page: int, per_page: int = SPLIT_PER_PAGE) -> Page:
    """One page of the thread's posts (SplitRow) in reading order, in one query.

    :raises NotFound: a page past the end.
    """
    check_page(page, thread.post_count, per_page)
    offset = (page - 1) * per_page
    rows = db.session.execute(
        _SPLIT_POSTS, {"thread_id": thread.id, "limit": per_page, "offset": offset}
    )
    posts = [
        SplitRow(*row, position=position, is_opening=row[0] == thread.first_post_id)
        for position, row in enumerate(rows, start=offset + 1)
    ]
    return Page(posts, page, per_page, thread.post_count)


def specialty_choices(actor: User, current: int | None) -> list[tuple[int, str]]:
    """Specialties `actor` may put a thread in: those they moderate and not retired, with
    the thread's own (`current`) first, as it is."""
    rows = db.session.execute(
        select(Specialty.id, Specialty.name, Specialty.retired_at).order_by(
            Specialty.position, Specialty.name
        )
    )
    return [
        (row.id, f"{row.name} (retired)" if row.retired_at else row.name)
        for row in rows
        if row.id == current or (row.retired_at is None and moderates(actor, row.id))
    ]


def topic_choices(current: set[int]) -> list[tuple[int, str]]:
    """Research topics a thread may take: those not retired, and the ones it has."""
    rows = db.session.execute(
        select(ResearchTopic.id, ResearchTopic.name, ResearchTopic.retired_at).order_by(
            ResearchTopic.name
        )
    )
    return [
        (row.id, f"{row.name} (retired)" if row.retired_at else row.name)
        for row in rows
        if row.retired_at is None or row.id in current
    ]


def current_topic_ids(thread: Thread) -> set[int]:
    return {topic.id for topic in threads.with_topics(thread).topics}


@dataclass(frozen=True, slots=True)
class ThreadSummary(StrictRow):
    """What the merge form shows of the thread it would merge into."""

    id: int
    title: str
    specialty: str
    post_count: int
    created_at: datetime


def summary(thread: Thread) -> ThreadSummary:
    """`thread` with its specialty's name, for the merge form's confirmation (one query)."""
    name = db.session.scalar(select(Specialty.name).where(Specialty.id == thread.specialty_id))
    return ThreadSummary(thread.id, thread.title, name, thread.post_count, thread.created_at)
