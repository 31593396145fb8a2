"""A small forum for the thread tools' tests, and the check that every counter is right."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from forum.auth.models import User
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.moderation.models import AuditEntry
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.threads.models import Post, Thread, thread_topics
from tests.factories import make_post, make_specialty, make_thread, make_topic, make_user

_numbers = itertools.count(1)


@dataclass
class Scene:
    cardiology: Specialty
    oncology: Specialty
    devices: ResearchTopic
    imaging: ResearchTopic
    genomics: ResearchTopic
    author: User  # a member who starts threads
    replier: User
    moderator: User  # of cardiology only
    oncology_moderator: User
    staff: User  # a site-wide moderator
    member: User


def _person(role: str = "member", **fields) -> User:
    # Members of some standing: a new account's first-day limits are not what these test.
    return make_user(role, created_at=utcnow() - timedelta(days=90), **fields)


def build() -> Scene:
    """The scene, with posting's per-minute limit out of the way of building threads."""
    current_app.config["POST_LIMIT"] = 10_000
    cardiology = make_specialty("Cardiology", slug="cardiology")
    oncology = make_specialty("Oncology", slug="oncology")
    return Scene(
        cardiology=cardiology,
        oncology=oncology,
        devices=make_topic("Devices", slug="devices"),
        imaging=make_topic("Imaging", slug="imaging"),
        genomics=make_topic("Genomics", slug="genomics"),
        author=_person(username="asker"),
        replier=_person(username="replier"),
        moderator=_person(username="cardio_mod", moderates=[cardiology]),
        oncology_moderator=_person(username="onco_mod", moderates=[oncology]),
        staff=_person("moderator", username="staff"),
        member=_person(username="member"),
    )


def thread_with_replies(scene: Scene, replies: int, *, specialty=None, topics=None, **fields):
    """A thread by scene.author with `replies` replies by scene.replier, each a minute
    apart (oldest first), so date order is unambiguous."""
    # Each opening post its own words: a post identical to its author's last one is refused.
    fields.setdefault("body", f"Opening post number {next(_numbers)}.")
    thread = make_thread(
        scene.author, specialty or scene.cardiology, topics or [scene.devices], **fields
    )
    for n in range(replies):
        make_post(thread, scene.replier, f"Reply {n + 1} to {thread.title}.")
    return thread


def age(thread: Thread, hours: float) -> None:
    """Move every post (and the thread) of `thread` `hours` into the past."""
    delta = timedelta(hours=hours)
    for post in posts_of(thread.id):
        post.created_at -= delta
    row = db.session.get(Thread, thread.id)
    row.created_at -= delta
    row.last_post_at -= delta
    db.session.commit()


def posts_of(thread_id: int) -> list[Post]:
    return list(
        db.session.scalars(
            select(Post).where(Post.thread_id == thread_id).order_by(Post.created_at, Post.id)
        )
    )


def counters_right() -> None:
    """Every stored counter equals what the rows say: a specialty counts its listed threads
    and their readable posts, a topic its listed threads, a thread its posts and readable
    replies, its opening post its earliest."""
    db.session.expire_all()
    listed = (Thread.deleted_at.is_(None), Thread.space_id.is_(None))
    readable = (Post.deleted_at.is_(None), Post.hidden_at.is_(None))
    for specialty in db.session.scalars(select(Specialty)):
        threads = db.session.scalar(
            select(func.count()).where(Thread.specialty_id == specialty.id, *listed)
        )
        posts = db.session.scalar(
            select(func.count())
            .select_from(Post)
            .join(Thread, Thread.id == Post.thread_id)
            .where(Thread.specialty_id == specialty.id, *listed, *readable)
        )
        assert (specialty.name, specialty.thread_count, specialty.post_count) == (
            specialty.name,
            threads,
            posts,
        )
    for topic in db.session.scalars(select(ResearchTopic)):
        threads = db.session.scalar(
            select(func.count())
            .select_from(thread_topics)
            .join(Thread, Thread.id == thread_topics.c.thread_id)
            .where(thread_topics.c.topic_id == topic.id, *listed)
        )
        assert (topic.name, topic.thread_count) == (topic.name, threads)
    for thread in db.session.scalars(select(Thread)):
        posts = posts_of(thread.id)
        first = posts[0].id if posts else None
        replies = [p for p in posts[1:] if p.deleted_at is None and p.hidden_at is None]
        assert (thread.id, thread.first_post_id, thread.post_count, thread.reply_count) == (
            thread.id,
            first,
            len(posts),
            len(replies),
        )


def audit_entries(action: str | None = None) -> list[AuditEntry]:
    """The audit log's entries in order (of one action when given)."""
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(db.session.scalars(query))


def fresh_thread(thread_id: int) -> Thread:
    """The thread's row as stored now."""
    db.session.expire_all()
    return db.session.get(Thread, thread_id)


def thread_as(user, thread_id: int) -> Thread:
    """The thread as a request by `user` loads it for the services (404 included)."""
    db.session.expire_all()
    return threads.get_thread(user, thread_id)
