"""Test data for the queue: questions with fixed times, watches and accepted answers."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from forum.answers.models import AcceptedAnswer
from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications.models import Watch
from forum.spaces.models import Space, SpaceMember
from forum.threads import service as threads
from forum.threads.models import Post, Thread
from tests.factories import make_post, make_thread, make_user, nth_post


def stamp_thread(thread: Thread, asked: datetime) -> None:
    """Move `thread` and its opening post to `asked`."""
    db.session.execute(update(Thread).where(Thread.id == thread.id).values(created_at=asked))
    db.session.execute(
        update(Post).where(Post.id == thread.first_post_id).values(created_at=asked)
    )
    db.session.commit()


def stamp_post(post: Post, at: datetime) -> None:
    db.session.execute(update(Post).where(Post.id == post.id).values(created_at=at))
    db.session.commit()


def question(specialty, asker=None, *, asked=None, topics=None, title=None, kind="question"):
    """A question in `specialty` (by a new member unless `asker`), asked at `asked`."""
    thread = make_thread(asker or make_user(), specialty, topics, title=title, kind=kind)
    if asked is not None:
        stamp_thread(thread, asked)
    return thread


def reply(thread: Thread, author=None, *, at=None, state: str = "live") -> Post:
    """A reply by `author` (a new member unless given) at `at`; `state` deleted or hidden."""
    author = author or make_user()
    post = make_post(thread, author, "An answer with the evidence.")
    if at is not None:
        stamp_post(post, at)
    if state == "deleted":
        threads.delete_post(author, threads.get_post(author, post.id))
    elif state == "hidden":
        post.hidden_at, post.hidden_by_id = utcnow(), author.id
        post.hidden_reason = "Contains a patient identifier"
        db.session.commit()
    return post


def accept(thread: Thread, post: Post) -> None:
    db.session.add(
        AcceptedAnswer(thread_id=thread.id, post_id=post.id, accepted_by_id=thread.author_id)
    )
    db.session.commit()


def watch(user, kind: str, target, level: str = "watching") -> None:
    db.session.add(Watch(user_id=user.id, target_kind=kind, target_id=target.id, level=level))
    db.session.commit()


def make_private(thread: Thread, member) -> None:
    space = Space(name="A private mentorship")
    space.members = [SpaceMember(user_id=member.id)]
    db.session.add(space)
    db.session.flush()
    thread.space_id = space.id
    db.session.commit()


def hide_opening_post(thread: Thread, moderator) -> None:
    opening = nth_post(thread, 1)
    opening.hidden_at, opening.hidden_by_id = utcnow(), moderator.id
    opening.hidden_reason = "Contains a patient identifier"
    db.session.commit()


def delete_thread(thread: Thread) -> None:
    """Delete `thread` as a moderator does (even with replies): its opening post goes."""
    moderator = make_user(role="moderator")
    threads.delete_post(moderator, threads.get_post(moderator, nth_post(thread, 1).id))


def asker_of(thread: Thread) -> User:
    return db.session.get(User, thread.author_id)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)
