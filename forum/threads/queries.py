"""Page reads for threads: each loads what its template shows in a fixed number of queries.

Features above threads (search's related threads; later accepted answers and
watch state) add what they show on a thread page through forum/threads/hooks.py,
so the page's data still comes from this one function and templates do no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum import visibility
from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.spaces.models import Space
from forum.taxonomy.models import ResearchTopic
from forum.threads import diff, hooks
from forum.threads.models import Post, PostRevision, Thread, thread_topics

POSTS_PER_PAGE = 20
# What _partials/post.html shows of an author: name, profile link, badges, profession.
AUTHOR_CARD = (
    User.id,
    User.username,
    User.display_name,
    User.roles_text,
    User.profession,
    User.specialty_id,
)

@dataclass
class ThreadPage:
    thread: Thread
    page: Page
    extras: dict[str, Any] = field(default_factory=dict)


def in_order():
    """A thread's posts in reading order: by date, id breaking ties."""
    return (Post.created_at, Post.id)


# Statements every thread page and listing runs are built once, with bound parameters:
# building them (loader options above all) took longer than running them, and a built
# statement also keeps its cache key. Statements are immutable, so all requests share them.
_THREAD_FOR_PAGE = (
    select(Thread)
    # The thread's few topics come in the same query, through plain outer joins:
    # joinedload(Thread.topics) would join the nested (thread_topics JOIN
    # research_topics), which SQLite materializes in full first (2 ms on 2,000 threads).
    .outerjoin(thread_topics, thread_topics.c.thread_id == Thread.id)
    .outerjoin(ResearchTopic, ResearchTopic.id == thread_topics.c.topic_id)
    .where(Thread.id == bindparam("thread_id"))
    .order_by(ResearchTopic.name)
    .options(
        contains_eager(Thread.topics),
        joinedload(Thread.specialty),
        joinedload(Thread.space).selectinload(Space.members),
    )
)
_POSTS_FOR_PAGE = (
    select(Post)
    .where(Post.thread_id == bindparam("thread_id"))
    .order_by(*in_order())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
    .options(
        # The page shows body_html only; the Markdown source and plain text
        # are the largest columns, so leave them in the database.
        defer(Post.body_md, raiseload=True),
        defer(Post.body_text, raiseload=True),
        # The author card's columns only (as listings do; a later full load of the same
        # user, the signed-in one, fills in the rest).
        joinedload(Post.author).load_only(*AUTHOR_CARD, raiseload=True).joinedload(User.specialty),
    )
)


def thread_page(
    viewer: User | None, thread_id: int, page: int, per_page: int = POSTS_PER_PAGE
) -> ThreadPage:
    """A thread with its topics and one page of its posts with their authors, and the
    extras (2 queries plus the extras'; a private thread adds one for its members).

    :raises NotFound: no such thread, one the viewer may not see, or a page past the end.
    """
    thread = db.session.scalars(_THREAD_FOR_PAGE, {"thread_id": thread_id}).unique().one_or_none()
    visibility.require_thread(viewer, thread)
    check_page(page, thread.post_count, per_page)
    offset = (page - 1) * per_page
    posts = list(
        db.session.scalars(
            _POSTS_FOR_PAGE, {"thread_id": thread_id, "limit": per_page, "offset": offset}
        )
    )
    for position, post in enumerate(posts, start=offset + 1):
        set_committed_value(post, "thread", thread)
        post.position = position
    page_of_posts = Page(posts, page, per_page, thread.post_count)
    return ThreadPage(thread, page_of_posts, hooks.page_extras(thread, viewer))


_TOPICS_OF_THREADS = (
    select(thread_topics.c.thread_id, ResearchTopic)
    .join(ResearchTopic, ResearchTopic.id == thread_topics.c.topic_id)
    .where(thread_topics.c.thread_id.in_(bindparam("thread_ids", expanding=True)))
    .order_by(ResearchTopic.name)
)


def attach_topics(threads: list[Thread]) -> None:
    """Load the research topics of `threads` in one query and set them on each thread.

    Cheaper than selectinload for a page of threads, and keeps Thread.topics loaded
    so templates never lazy-load.
    """
    by_thread: dict[int, list[ResearchTopic]] = defaultdict(list)
    if threads:
        rows = db.session.execute(_TOPICS_OF_THREADS, {"thread_ids": [t.id for t in threads]})
        for thread_id, topic in rows:
            by_thread[thread_id].append(topic)
    for thread in threads:
        set_committed_value(thread, "topics", by_thread[thread.id])


def page_of_position(position: int, per_page: int = POSTS_PER_PAGE) -> int:
    """Which page of its thread the post at `position` (1 = the opening post) is on."""
    return (position - 1) // per_page + 1


def _before(post: Any, other=Post):
    """Posts of the same thread that come before `post` in reading order."""
    return and_(
        other.thread_id == post.thread_id,
        or_(
            other.created_at < post.created_at,
            and_(other.created_at == post.created_at, other.id < post.id),
        ),
    )


def post_location(viewer: User | None, post_id: int) -> tuple[int, int]:
    """(thread_id, page) of a post the viewer may see, for its permalink (2 queries).

    :raises NotFound: no such post, or one the viewer may not see.
    """
    row = db.session.execute(
        select(Post, Thread)
        .join(Thread, Thread.id == Post.thread_id)
        .where(Post.id == post_id)
        .options(
            defer(Post.body_md, raiseload=True),
            defer(Post.body_html, raiseload=True),
            defer(Post.body_text, raiseload=True),
            joinedload(Thread.space).selectinload(Space.members),
        )
    ).first()
    if row is None:
        raise NotFound("There is no such post.")
    post, thread = row
    set_committed_value(post, "thread", thread)
    visibility.require_post(viewer, post)
    earlier = db.session.scalar(select(func.count()).select_from(Post).where(_before(post)))
    return post.thread_id, page_of_position(earlier + 1)


def pages_of(posts: list[Post], per_page: int = POSTS_PER_PAGE) -> dict[int, int]:
    """{post id: the page of its thread that shows it}, for many posts in one query."""
    if not posts:
        return {}
    other = aliased(Post)
    earlier = (
        select(func.count()).select_from(other).where(_before(Post, other)).scalar_subquery()
    )
    rows = db.session.execute(
        select(Post.id, earlier).where(Post.id.in_([post.id for post in posts]))
    )
    return {post_id: page_of_position(count + 1, per_page) for post_id, count in rows}


def post_history(post_id: int) -> tuple[Post, list[diff.Version]]:
    """A post (with thread and author) and all its versions, newest first, each with
    who made it and what changed from the one before (2 queries, 3 in a private space).

    :raises NotFound: no such post.
    """
    # Post has no relationship to the user who last edited it: join that user here,
    # and count the posts before it for its place in the thread.
    last_editor, other = aliased(User), aliased(Post)
    earlier = select(func.count()).select_from(other).where(_before(Post, other)).scalar_subquery()
    row = db.session.execute(
        select(Post, last_editor, earlier)
        .outerjoin(last_editor, last_editor.id == Post.edited_by_id)
        .where(Post.id == post_id)
        .options(
            # visibility.can_read_post reads a private thread's space members.
            joinedload(Post.thread).joinedload(Thread.space).selectinload(Space.members),
            joinedload(Post.author),
        )
    ).first()
    if row is None:
        raise NotFound("There is no such post.")
    post, editor, count = row
    post.position = count + 1
    revisions = list(
        db.session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post_id)
            .order_by(PostRevision.number)
            .options(joinedload(PostRevision.editor))
        )
    )
    return post, diff.versions(post, revisions, editor)
