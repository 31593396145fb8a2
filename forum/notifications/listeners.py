"""Receivers of the domain events (forum/events.py), inside the transaction that sent them.

Each one only writes rows: a NotificationEvent for the fan-out to turn into
notifications after the commit (forum/notifications/fanout.py), the watch that posting
sets, or the removal of notifications that stopped being true. No receiver reads who
watches what: that is the fan-out's set-based work, off the request.
"""

from __future__ import annotations

from sqlalchemy import delete, exists, insert, literal, select

from forum import content, events
from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db
from forum.notifications.models import Notification, NotificationEvent, NotificationSettings, Watch
from forum.notifications.statements import upsert
from forum.threads.models import Thread
from forum.unit_of_work import after_commit


def _queue(kind: str, *, thread_id: int, post_id: int, actor_id: int | None) -> None:
    db.session.execute(
        insert(NotificationEvent).values(
            kind=kind, thread_id=thread_id, post_id=post_id, actor_id=actor_id, created_at=utcnow()
        )
    )
    after_commit("notifications")


def _watch_posted_thread(user_id: int, thread_id: int) -> None:
    """Posting in a thread sets it to watching, unless the member turned that off or chose
    a level for it already. One statement, and no error when two replies race."""
    turned_off = exists().where(
        NotificationSettings.user_id == user_id, NotificationSettings.watch_on_post.is_(False)
    )
    row = select(
        literal(user_id),
        literal("thread"),
        literal(thread_id),
        literal("watching"),
        literal(utcnow(), UTCDateTime()),
    ).where(~turned_off)
    columns = ["user_id", "target_kind", "target_id", "level", "created_at"]
    db.session.execute(upsert(Watch).from_select(columns, row).on_conflict_do_nothing())


def on_post_added(sender, *, post, thread, is_reply: bool, **_) -> None:
    _watch_posted_thread(post.author_id, thread.id)
    _queue("post_added", thread_id=thread.id, post_id=post.id, actor_id=post.author_id)


def on_post_edited(sender, *, post, editor, previous_body: str, **_) -> None:
    """An edit that names someone new (a mention the earlier text did not have) tells them."""
    before = set(content.mention_candidates(previous_body))
    if any(name not in before for name in content.mentioned_names(post.body_html)):
        _queue("post_edited", thread_id=post.thread_id, post_id=post.id, actor_id=post.author_id)


def _forget_unread(*conditions) -> None:
    db.session.execute(
        delete(Notification)
        .where(Notification.read_at.is_(None), *conditions)
        .execution_options(synchronize_session=False)
    )


def on_post_removed(sender, *, post, actor, **_) -> None:
    """A deleted (or hidden) post's unread notifications go; an opening post takes its
    thread's with it. Read ones stay in the database but leave the list (visibility)."""
    thread = post.__dict__.get("thread")  # loaded by the services that remove posts
    if thread is None:
        thread = db.session.get(Thread, post.thread_id)
    if thread.first_post_id == post.id:
        _forget_unread(Notification.thread_id == post.thread_id)
    else:
        _forget_unread(Notification.post_id == post.id)


def on_answer_accepted(sender, *, thread, post, actor, previous_post_id=None, **_) -> None:
    if previous_post_id is not None:
        _forget_unread(Notification.post_id == previous_post_id, Notification.kind == "accepted")
    _queue("accepted", thread_id=thread.id, post_id=post.id, actor_id=actor.id)


def on_answer_unaccepted(sender, *, thread, post, actor, **_) -> None:
    _forget_unread(Notification.post_id == post.id, Notification.kind == "accepted")


def on_helpful_changed(sender, *, post, actor, **_) -> None:
    """A mark or its removal: the fan-out brings the grouped count to the number of marks."""
    _queue("helpful", thread_id=post.thread_id, post_id=post.id, actor_id=actor.id)


def connect() -> None:
    """Listen to the domain events (idempotent: blinker keeps one connection per receiver)."""
    events.post_added.connect(on_post_added)
    events.post_edited.connect(on_post_edited)
    events.post_removed.connect(on_post_removed)
    events.answer_accepted.connect(on_answer_accepted)
    events.answer_unaccepted.connect(on_answer_unaccepted)
    events.post_marked_helpful.connect(on_helpful_changed)
    events.post_unmarked_helpful.connect(on_helpful_changed)
