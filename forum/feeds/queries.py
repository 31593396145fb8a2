"""What the feeds show: the latest threads of a list, or a thread's latest posts.

Feeds are read as a guest whoever asks (feed readers fetch them without cookies),
so every read here asks forum/visibility.py with viewer None: listed threads,
listed posts, and 404 for a thread a guest may not open. Each feed costs a fixed
number of queries (the list, or the specialty, topic or thread and then its
entries), read with Core into rows (forum/rows.py says why), whatever the number
of entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Select, and_, bindparam, func, select

from forum import visibility
from forum.auth.models import User
from forum.content import excerpt
from forum.exceptions import NotFound
from forum.extensions import db
from forum.rows import Person, StrictRow, Tag
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.taxonomy.service import get_specialty, get_topic
from forum.threads.models import Post, Thread, thread_topics

FEED_ENTRIES = 30
EXCERPT_LENGTH = 300
GUEST = None  # the viewer every feed is read as


@dataclass(frozen=True, slots=True)
class ThreadEntry(StrictRow):
    """A thread as a list feed shows it."""

    id: int
    title: str
    created_at: datetime
    # The latest activity: the last post, or an edit of the opening post (a retitle is one).
    updated_at: datetime
    author: Person
    specialty: Tag
    # The start of the opening post's text; None when a guest may not read it (hidden).
    summary: str | None


@dataclass(frozen=True, slots=True)
class PostEntry(StrictRow):
    """A post as a thread's feed shows it."""

    id: int
    created_at: datetime
    updated_at: datetime
    author: Person
    body_html: str
    is_opening: bool


@dataclass(frozen=True, slots=True)
class ThreadHead(StrictRow):
    """The thread a thread feed is about."""

    id: int
    title: str
    created_at: datetime
    specialty: Tag


# Statements are built once, with bound parameters (as in forum/browse/queries.py).
@cache
def _thread_entries() -> Select:
    """The latest listed threads, latest activity first (the order of the pages they
    are the feeds of), with their opening post's excerpt when a guest may read it."""
    return (
        select(
            Thread.id,
            Thread.title,
            Thread.created_at,
            Thread.last_post_at,
            Post.edited_at,
            User.username,
            User.display_name,
            Specialty.slug,
            Specialty.name,
            # One more character than the excerpt, so excerpt() knows when to cut.
            func.substr(Post.body_text, 1, EXCERPT_LENGTH + 1),
        )
        .join(User, User.id == Thread.author_id)
        .join(Specialty, Specialty.id == Thread.specialty_id)
        .outerjoin(Post, and_(Post.id == Thread.first_post_id, visibility.readable_posts()))
        .where(visibility.listed_threads(GUEST))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc())
        .limit(FEED_ENTRIES)
    )


@cache
def _in_specialty() -> Select:
    return _thread_entries().where(Thread.specialty_id == bindparam("specialty_id"))


@cache
def _on_topic() -> Select:
    tagged = select(thread_topics.c.thread_id).where(
        thread_topics.c.topic_id == bindparam("topic_id")
    )
    return _thread_entries().where(Thread.id.in_(tagged))


def _threads(statement: Select, params: dict) -> list[ThreadEntry]:
    return [
        ThreadEntry(
            id=row[0],
            title=row[1],
            created_at=row[2],
            updated_at=max(row[3], row[4]) if row[4] is not None else row[3],
            author=Person(row[5], row[6]),
            specialty=Tag(row[7], row[8]),
            summary=excerpt(row[9], EXCERPT_LENGTH) if row[9] is not None else None,
        )
        for row in db.session.execute(statement, params)
    ]


def latest_threads() -> list[ThreadEntry]:
    """The latest threads of the whole forum."""
    return _threads(_thread_entries(), {})


def specialty_threads(slug: str) -> tuple[Specialty, list[ThreadEntry]]:
    """:raises NotFound: unknown specialty."""
    specialty = get_specialty(slug)
    return specialty, _threads(_in_specialty(), {"specialty_id": specialty.id})


def topic_threads(slug: str) -> tuple[ResearchTopic, list[ThreadEntry]]:
    """:raises NotFound: unknown research topic."""
    topic = get_topic(slug)
    return topic, _threads(_on_topic(), {"topic_id": topic.id})


@cache
def _thread_head() -> Select:
    return (
        select(Thread.id, Thread.title, Thread.created_at, Specialty.slug, Specialty.name)
        .join(Specialty, Specialty.id == Thread.specialty_id)
        .where(Thread.id == bindparam("thread_id"), visibility.visible_threads(GUEST))
    )


@cache
def _thread_posts() -> Select:
    """A thread's latest posts whose text a guest may read, newest first."""
    return (
        select(
            Post.id,
            Post.created_at,
            Post.edited_at,
            User.username,
            User.display_name,
            Post.body_html,
            Post.id == Thread.first_post_id,
        )
        .join(Thread, Thread.id == Post.thread_id)
        .join(User, User.id == Post.author_id)
        .where(Post.thread_id == bindparam("thread_id"), visibility.listed_posts(GUEST))
        .order_by(Post.created_at.desc(), Post.id.desc())
        .limit(FEED_ENTRIES)
    )


def thread_posts(thread_id: int) -> tuple[ThreadHead, list[PostEntry]]:
    """A thread and its latest readable posts.

    :raises NotFound: no such thread, or one a guest may not see (deleted, private).
    """
    params = {"thread_id": thread_id}
    head = db.session.execute(_thread_head(), params).first()
    if head is None:
        raise NotFound("There is no such thread.")
    posts = [
        PostEntry(
            id=row[0],
            created_at=row[1],
            updated_at=row[2] or row[1],
            author=Person(row[3], row[4]),
            body_html=row[5],
            is_opening=bool(row[6]),
        )
        for row in db.session.execute(_thread_posts(), params)
    ]
    return ThreadHead(head[0], head[1], head[2], Tag(head[3], head[4])), posts
