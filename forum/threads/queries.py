"""Page reads for threads: each loads what its template shows in a fixed number of queries.

Features above threads (search's related threads; later accepted answers and
watch state) add what they show on a thread page through forum/threads/hooks.py,
so the page's data still comes from this one function and templates do no I/O.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased, contains_eager, defer, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from forum import visibility
from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.pagination import Page, check_page
from forum.permissions import can_see_staff_revisions
from forum.rows import StrictRow, Tag
from forum.spaces.models import Space
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import diff, hooks
from forum.threads.models import Post, PostRevision, Thread, thread_topics

POSTS_PER_PAGE = 20


@dataclass
class ThreadPage:
    thread: Thread
    page: Page  # of PostRow
    extras: dict[str, Any] = field(default_factory=dict)
    # Badges and buttons features add to each post (forum/threads/hooks.py), by post id.
    post_parts: dict[int, hooks.PostParts] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AuthorCard(StrictRow):
    """What _partials/post.html shows of a post's author."""

    username: str
    display_name: str
    roles_text: str
    profession: str
    specialty: Tag | None

    # User's own display rules, applied to these columns.
    roles = property(User.roles.fget)
    badges = property(User.badges.fget)
    profession_label = property(User.profession_label.fget)


@dataclass(frozen=True, slots=True)
class PostRow(StrictRow):
    """A post as the thread page shows it, with what its permission and visibility checks
    read (forum/rows.py says why it is not a Post)."""

    id: int
    thread_id: int
    author_id: int
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None
    hidden_at: datetime | None
    hidden_reason: str | None
    hidden_by_id: int | None  # None: hidden by members' reports, not a moderator
    hidden_for_privacy: bool  # its author may still edit it (permissions.can_edit_post)
    author: AuthorCard
    thread: Thread
    position: int  # its place in the thread, 1 for the opening post
    # The features' post columns (hooks.register_post_columns), by label.
    more: dict[str, Any]

    is_deleted = property(Post.is_deleted.fget)
    is_hidden = property(Post.is_hidden.fget)
    is_opening = property(Post.is_opening.fget)


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
    # The columns of PostRow (body_html of the three bodies) and of its AuthorCard.
    select(
        Post.id,
        Post.thread_id,
        Post.author_id,
        Post.body_html,
        Post.created_at,
        Post.edited_at,
        Post.deleted_at,
        Post.hidden_at,
        Post.hidden_reason,
        Post.hidden_by_id,
        Post.hidden_for_privacy,
        User.username,
        User.display_name,
        User.roles_text,
        User.profession,
        Specialty.slug,
        Specialty.name,
    )
    .join(User, User.id == Post.author_id)
    .outerjoin(Specialty, Specialty.id == User.specialty_id)
    .where(Post.thread_id == bindparam("thread_id"))
    .order_by(*in_order())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)


# The columns of PostRow and AuthorCard, before the features' post columns.
_BASE_COLUMNS = 17


def _posts_statement(order_name: str | None) -> Select:
    """_POSTS_FOR_PAGE with the features' post columns (hooks.register_post_columns) and,
    for a registered reply order, the replies sorted by it instead of by date: the
    opening post (:first_post_id) stays first, and each row ends with its place in date
    order, so "#12" still names the twelfth post. Built once per order and set of
    columns: building took longer than running."""
    key = (hooks.post_columns_key(), order_name)
    cached = _STATEMENTS.get(key)
    if cached is None:
        cached = _POSTS_FOR_PAGE.add_columns(*hooks.post_columns())
        if order_name is not None:
            in_date_order = (
                select(Post.id, func.row_number().over(order_by=in_order()).label("position"))
                .where(Post.thread_id == bindparam("thread_id"))
                .subquery()
            )
            cached = (
                cached.add_columns(in_date_order.c.position)
                .join(in_date_order, in_date_order.c.id == Post.id)
                .order_by(None)
                .order_by(
                    Post.id != bindparam("first_post_id"),
                    *hooks.post_order(order_name)(),
                    *in_order(),
                )
            )
        _STATEMENTS[key] = cached
    return cached


_STATEMENTS: dict[tuple[tuple[str, ...], str | None], Select] = {}


def thread_page(
    viewer: User | None,
    thread_id: int,
    page: int,
    per_page: int = POSTS_PER_PAGE,
    order: str | None = None,
) -> ThreadPage:
    """A thread with its topics and one page of its posts (PostRow) with their authors,
    and what features add (2 queries plus theirs; a private thread adds one for its
    members). Features' post columns come in the posts query. `order` names a
    registered reply order; None or an unknown one is by date.

    :raises NotFound: no such thread (or one a merge emptied), one the viewer may not see,
        or a page past the end.
    """
    thread = db.session.scalars(_THREAD_FOR_PAGE, {"thread_id": thread_id}).unique().one_or_none()
    if thread is not None and thread.first_post_id is None:
        thread = None  # emptied by a merge: the view asks hooks.moved_thread where it went
    visibility.require_thread(viewer, thread)
    check_page(page, thread.post_count, per_page)
    offset = (page - 1) * per_page
    params = {"thread_id": thread_id, "limit": per_page, "offset": offset}
    params.update(hooks.post_column_params(viewer))
    more = hooks.post_column_labels()
    extra_end = _BASE_COLUMNS + len(more)
    if order is not None and hooks.post_order(order) is not None:
        params["first_post_id"] = thread.first_post_id
        rows = db.session.execute(_posts_statement(order), params)
        numbered = ((row[extra_end], row) for row in rows)
    else:
        rows = db.session.execute(_posts_statement(None), params)
        numbered = enumerate(rows, start=offset + 1)
    posts = [
        PostRow(
            *row[:11],
            author=AuthorCard(*row[11:15], Tag(row[15], row[16]) if row[15] is not None else None),
            thread=thread,
            position=position,
            more=dict(zip(more, row[_BASE_COLUMNS:extra_end], strict=True)),
        )
        for position, row in numbered
    ]
    page_of_posts = Page(posts, page, per_page, thread.post_count)
    return ThreadPage(
        thread,
        page_of_posts,
        hooks.page_extras(thread, viewer, posts),
        hooks.post_parts(thread, viewer, posts),
    )


_TOPICS_OF_THREADS = (
    select(thread_topics.c.thread_id, ResearchTopic)
    .join(ResearchTopic, ResearchTopic.id == thread_topics.c.topic_id)
    .where(thread_topics.c.thread_id.in_(bindparam("thread_ids", expanding=True)))
    .order_by(ResearchTopic.name)
)


_TOPIC_TAGS = (
    select(thread_topics.c.thread_id, ResearchTopic.slug, ResearchTopic.name)
    .join(ResearchTopic, ResearchTopic.id == thread_topics.c.topic_id)
    .where(thread_topics.c.thread_id.in_(bindparam("thread_ids", expanding=True)))
    .order_by(ResearchTopic.name)
)


def topic_tags(thread_ids: list[int]) -> dict[int, list[Tag]]:
    """Each thread's research topics as Tags, by name, in one query (none without ids);
    a thread with no topics maps to an empty list. For listings that read Core rows."""
    tags: dict[int, list[Tag]] = defaultdict(list)
    if thread_ids:
        for thread_id, slug, name in db.session.execute(_TOPIC_TAGS, {"thread_ids": thread_ids}):
            tags[thread_id].append(Tag(slug, name))
    return tags


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


def post_history(post_id: int, viewer: User | None = None) -> tuple[Post, list[diff.Version]]:
    """A post (with thread and author) and the versions `viewer` may see, newest first,
    each with who made it and what changed from the one before (2 queries, 3 in a
    private space).

    Versions kept for staff only (from before a privacy review) are left out unless the
    viewer moderates the post's thread, and left out before the diffs are made: the
    first version shown is shown whole, never as changes from a hidden one. Without a
    viewer they are left out.

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
    shown = [PostRevision.post_id == post_id]
    if not can_see_staff_revisions(viewer, post):
        shown.append(PostRevision.staff_only.is_(False))
    revisions = list(
        db.session.scalars(
            select(PostRevision)
            .where(*shown)
            .order_by(PostRevision.number)
            .options(joinedload(PostRevision.editor))
        )
    )
    return post, diff.versions(post, revisions, editor)
