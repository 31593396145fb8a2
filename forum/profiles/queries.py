"""A member's profile page: who they are, the threads they started, their recent replies.

Which started threads are solved and which replies are accepted answers come in the
same queries as the lists (forum/answers/queries.py expressions), not one per row. A
suspended member reading their own profile also sees their suspension (one query, for
them only). Features above profiles add their sections through forum/profiles/hooks.py
(mentorship: a mentor's activity, one query for mentors only), loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from forum import visibility
from forum.answers.queries import accepted, solved
from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.moderation.models import Suspension
from forum.moderation.people_queries import in_force
from forum.permissions import signed_in
from forum.profiles import hooks
from forum.threads.models import Post, Thread

RECENT = 10


@dataclass
class Profile:
    user: User
    threads: list[Thread]
    replies: list[Post]
    thread_count: int
    reply_count: int
    solved_thread_ids: set[int] = field(default_factory=set)
    accepted_reply_ids: set[int] = field(default_factory=set)
    # The suspension in force, shown to the suspended member on their own profile only.
    own_suspension: Suspension | None = None
    # What registered features add (forum/profiles/hooks.py), by name.
    extras: dict = field(default_factory=dict)


def profile_page(viewer: User | None, username: str) -> Profile:
    """A member's page as `viewer` may see it: only listed threads and readable replies.

    :raises NotFound: no such member.
    """
    user = db.session.scalar(
        select(User)
        .where(func.lower(User.username) == username.lower())
        .options(joinedload(User.specialty))
    )
    if user is None:
        raise NotFound("There is no member with that username.")
    started = (Thread.author_id == user.id, visibility.listed_threads(viewer))
    threads, solved_ids = [], set()
    for thread, is_solved in db.session.execute(
        select(Thread, solved(Thread.id))
        .where(*started)
        .order_by(Thread.created_at.desc())
        .limit(RECENT)
        .options(joinedload(Thread.specialty))
    ).unique():
        threads.append(thread)
        if is_solved:
            solved_ids.add(thread.id)
    live_replies = (
        Post.author_id == user.id,
        Post.id != Thread.first_post_id,
        visibility.listed_posts(viewer),
    )
    replies_query = select(Post).join(Thread, Thread.id == Post.thread_id).where(*live_replies)
    replies, accepted_ids = [], set()
    for post, is_accepted in db.session.execute(
        replies_query.add_columns(accepted(Post.id))
        .order_by(Post.created_at.desc())
        .limit(RECENT)
        .options(contains_eager(Post.thread))
    ):
        replies.append(post)
        if is_accepted:
            accepted_ids.add(post.id)
    thread_count = db.session.scalar(select(func.count()).select_from(Thread).where(*started))
    reply_count = db.session.scalar(
        select(func.count())
        .select_from(Post)
        .join(Thread, Thread.id == Post.thread_id)
        .where(*live_replies)
    )
    own = signed_in(viewer) and viewer.id == user.id and user.is_suspended
    return Profile(
        user,
        threads,
        replies,
        thread_count or 0,
        reply_count or 0,
        solved_ids,
        accepted_ids,
        own_suspension=in_force(user.id) if own else None,
        extras=hooks.page_extras(user, viewer),
    )
