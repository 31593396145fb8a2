"""A member's profile page: who they are, the threads they started, their recent replies."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from forum.auth.models import User
from forum.exceptions import NotFound
from forum.extensions import db
from forum.threads.models import Post, Thread

RECENT = 10


@dataclass
class Profile:
    user: User
    threads: list[Thread]
    replies: list[Post]
    thread_count: int
    reply_count: int


def profile_page(username: str) -> Profile:
    """:raises NotFound: no such member."""
    user = db.session.scalar(
        select(User)
        .where(func.lower(User.username) == username.lower())
        .options(joinedload(User.specialty))
    )
    if user is None:
        raise NotFound("There is no member with that username.")
    threads = list(
        db.session.scalars(
            select(Thread)
            .where(Thread.author_id == user.id)
            .order_by(Thread.created_at.desc())
            .limit(RECENT)
            .options(joinedload(Thread.specialty))
        ).unique()
    )
    live_replies = (Post.author_id == user.id, Post.number > 1, Post.deleted_at.is_(None))
    replies = list(
        db.session.scalars(
            select(Post)
            .where(*live_replies)
            .order_by(Post.created_at.desc())
            .limit(RECENT)
            .options(joinedload(Post.thread))
        )
    )
    thread_count = db.session.scalar(
        select(func.count()).select_from(Thread).where(Thread.author_id == user.id)
    )
    reply_count = db.session.scalar(select(func.count()).select_from(Post).where(*live_replies))
    return Profile(user, threads, replies, thread_count or 0, reply_count or 0)
