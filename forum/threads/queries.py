"""Page reads for threads: each loads what its template shows in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.taxonomy.models import ResearchTopic
from forum.threads.models import Post, PostRevision, Thread, thread_topics

POSTS_PER_PAGE = 20


def thread_page(thread_id: int, page: int, per_page: int = POSTS_PER_PAGE) -> tuple[Thread, Page]:
    """A thread and one page of its posts with their authors (3 queries).

    :raises NotFound: no such thread, or the page is past the end.
    """
    thread = db.session.scalar(
        select(Thread).where(Thread.id == thread_id).options(joinedload(Thread.specialty))
    )
    if thread is None:
        raise NotFound("There is no such thread.")
    attach_topics([thread])
    check_page(page, thread.post_count, per_page)
    # Posts are numbered 1..post_count without gaps (deleted ones stay as
    # placeholders), so a page is a range on the (thread_id, number) index.
    first = (page - 1) * per_page + 1
    posts = list(
        db.session.scalars(
            select(Post)
            .where(Post.thread_id == thread_id, Post.number.between(first, first + per_page - 1))
            .order_by(Post.number)
            .options(
                # The page shows body_html only; the Markdown source and plain text
                # are the largest columns, so leave them in the database.
                defer(Post.body_md, raiseload=True),
                defer(Post.body_text, raiseload=True),
                joinedload(Post.author).joinedload(User.specialty),
            )
        )
    )
    for post in posts:
        set_committed_value(post, "thread", thread)
    return thread, Page(posts, page, per_page, thread.post_count)


def attach_topics(threads: list[Thread]) -> None:
    """Load the research topics of `threads` in one query and set them on each thread.

    Cheaper than selectinload for a page of threads, and keeps Thread.topics loaded
    so templates never lazy-load.
    """
    by_thread: dict[int, list[ResearchTopic]] = defaultdict(list)
    if threads:
        rows = db.session.execute(
            select(thread_topics.c.thread_id, ResearchTopic)
            .join(ResearchTopic, ResearchTopic.id == thread_topics.c.topic_id)
            .where(thread_topics.c.thread_id.in_([t.id for t in threads]))
            .order_by(ResearchTopic.name)
        )
        for thread_id, topic in rows:
            by_thread[thread_id].append(topic)
    for thread in threads:
        set_committed_value(thread, "topics", by_thread[thread.id])


def page_of_number(number: int, per_page: int = POSTS_PER_PAGE) -> int:
    """Which page of its thread the post numbered `number` is on."""
    return (number - 1) // per_page + 1


def post_location(post_id: int) -> tuple[int, int]:
    """(thread_id, page) of a post, for its permalink.

    :raises NotFound: no such post.
    """
    row = db.session.execute(select(Post.thread_id, Post.number).where(Post.id == post_id)).first()
    if row is None:
        raise NotFound("There is no such post.")
    return row.thread_id, page_of_number(row.number)


def post_history(post_id: int) -> tuple[Post, list[PostRevision]]:
    """A post (with thread and author) and its earlier versions, newest first.

    :raises NotFound: no such post.
    """
    post = db.session.scalar(
        select(Post)
        .where(Post.id == post_id)
        .options(joinedload(Post.thread), joinedload(Post.author))
    )
    if post is None:
        raise NotFound("There is no such post.")
    revisions = list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post_id)
            .order_by(PostRevision.number.desc())
            .options(joinedload(PostRevision.editor))
        )
    )
    return post, revisions
