"""Page reads for threads: each loads what its template shows in a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.threads.models import Post, PostRevision, Thread

POSTS_PER_PAGE = 20


def thread_page(thread_id: int, page: int, per_page: int = POSTS_PER_PAGE) -> tuple[Thread, Page]:
    """A thread and one page of its posts with their authors (3 queries).

    :raises NotFound: no such thread, or the page is past the end.
    """
    thread = db.session.scalar(
        select(Thread)
        .where(Thread.id == thread_id)
        .options(joinedload(Thread.specialty), selectinload(Thread.topics))
    )
    if thread is None:
        raise NotFound("There is no such thread.")
    check_page(page, thread.post_count, per_page)
    # Posts are numbered 1..post_count without gaps (deleted ones stay as
    # placeholders), so a page is a range on the (thread_id, number) index.
    first = (page - 1) * per_page + 1
    posts = list(
        db.session.scalars(
            select(Post)
            .where(Post.thread_id == thread_id, Post.number.between(first, first + per_page - 1))
            .order_by(Post.number)
            .options(joinedload(Post.author).joinedload(User.specialty))
        )
    )
    for post in posts:
        set_committed_value(post, "thread", thread)
    return thread, Page(posts, page, per_page, thread.post_count)


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
