"""Page reads for notifications and watch levels: each a fixed number of queries.

`unread_count` is the header's one query, `notifications_page` the notifications page's
two, and `watch_state` / `thread_watch` the one each that a specialty, topic or thread
page makes to show the viewer's watch control (none for guests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from forum import visibility
from forum.auth.models import User
from forum.extensions import db
from forum.notifications.models import (
    NOTICE_KINDS,
    Notification,
    NotificationSettings,
    Watch,
)
from forum.pagination import Page, check_page
from forum.permissions import has_role, signed_in
from forum.rows import Person, StrictRow
from forum.taxonomy.models import Specialty
from forum.threads.models import Post, Thread

NOTIFICATIONS_PER_PAGE = 25
# The level a mentor has, without a row, on their primary specialty: told about the first
# post of each new question there (forum/notifications/fanout.py), nothing else.
MENTOR_DEFAULT = "first_post"


@dataclass(frozen=True, slots=True)
class WatchState(StrictRow):
    """The viewer's level on a thread, specialty or topic, as the watch control shows it."""

    target_kind: str
    target_id: int
    level: str  # one of WATCH_LEVELS, or MENTOR_DEFAULT
    note: str | None = None  # where a level not set on the target itself comes from


@dataclass(frozen=True, slots=True)
class NotificationRow(StrictRow):
    """One notification as the notifications page lists it.

    A notice (NOTICE_KINDS) has its own `message` and `link` and no post: its post and
    thread fields are None, and the page shows only its message.
    """

    id: int
    kind: str
    count: int
    created_at: datetime
    read_at: datetime | None
    post_id: int | None
    thread_title: str | None
    thread_kind: str | None
    specialty_name: str | None
    actor: Person | None
    message: str | None = None
    link: str | None = None

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def is_notice(self) -> bool:
        return self.kind in NOTICE_KINDS


# Built once with bound parameters, as the listings' statements are (forum/browse/queries.py).
_UNREAD = (
    select(func.count())
    .select_from(Notification)
    .where(Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None))
)


def unread_count(user_id: int) -> int:
    """How many unread notifications a member has: one range of ix_notifications_user_unread."""
    return db.session.scalar(_UNREAD, {"user_id": user_id}) or 0


def watch_state(viewer: User | None, target_kind: str, target_id: int) -> WatchState | None:
    """The viewer's level on a specialty or topic (or thread) for its page's watch control;
    None for guests, with no query."""
    if not signed_in(viewer):
        return None
    level = db.session.scalar(
        select(Watch.level).where(
            Watch.user_id == viewer.id,
            Watch.target_kind == target_kind,
            Watch.target_id == target_id,
        )
    )
    if level is not None:
        return WatchState(target_kind, target_id, level)
    if is_mentor_default(viewer, target_kind, target_id):
        return WatchState(target_kind, target_id, MENTOR_DEFAULT)
    return WatchState(target_kind, target_id, "normal")


def is_mentor_default(user: User, target_kind: str, target_id: int) -> bool:
    """Whether `user`, with no row for it, watches the target's new questions by default."""
    return (
        target_kind == "specialty"
        and has_role(user, "mentor")
        and user.specialty_id is not None
        and user.specialty_id == target_id
    )


def thread_watch(thread: Thread, viewer: User | None, posts: Sequence[Any]) -> WatchState | None:
    """The thread page's extra "watch": the viewer's level on the thread, from their row for
    it or else from its specialty and topics (one query); None for guests, with no query.

    Needs thread.specialty and thread.topics loaded (the thread page loads both).
    """
    if not signed_in(viewer):
        return None
    topics = {topic.id: topic.name for topic in thread.topics}
    rows = db.session.execute(
        select(Watch.target_kind, Watch.target_id, Watch.level).where(
            Watch.user_id == viewer.id,
            or_(
                and_(Watch.target_kind == "thread", Watch.target_id == thread.id),
                and_(Watch.target_kind == "specialty", Watch.target_id == thread.specialty_id),
                and_(Watch.target_kind == "topic", Watch.target_id.in_(sorted(topics))),
            ),
        )
    ).all()
    inherited: dict[str, list[str]] = {"muted": [], "watching": []}
    for kind, target_id, level in rows:
        if kind == "thread":
            return WatchState("thread", thread.id, level)
        if level in inherited:
            name = thread.specialty.name if kind == "specialty" else topics[target_id]
            inherited[level].append(name)
    # The same order as the fan-out's: a mute of the specialty or a topic wins.
    for level, verb in (("muted", "mute"), ("watching", "watch")):
        if inherited[level]:
            return WatchState("thread", thread.id, level, f"You {verb} {_names(inherited[level])}.")
    return WatchState("thread", thread.id, "normal")


def _names(names: list[str]) -> str:
    names = sorted(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _listed(viewer: User):
    """The viewer's notifications the page lists: their notices whatever became of what
    they name (a notice quotes no post), and the others through the visibility rule, so
    a deleted or hidden post's, or one in a thread the viewer may no longer see, is not
    listed. Needs Post and Thread outer-joined (a notice has no post)."""
    return and_(
        Notification.user_id == viewer.id,
        or_(
            Notification.kind.in_(NOTICE_KINDS),
            and_(
                Post.id.is_not(None),
                visibility.readable_posts(),
                visibility.visible_threads(viewer),
            ),
        ),
    )


def notifications_page(viewer: User, page: int, per_page: int = NOTIFICATIONS_PER_PAGE) -> Page:
    """A page of the viewer's notifications (NotificationRow), newest first, notices among
    the others (see _listed for which are listed). Two queries: the count (with the newest
    id, which "mark all as read" stops at) and the page. `extra["newest_id"]` is that id.

    :raises NotFound: a page past the end.
    """
    actor = aliased(User)

    def joined(statement):
        return (
            statement.outerjoin(Post, Post.id == Notification.post_id)
            .outerjoin(Thread, Thread.id == Post.thread_id)
            .where(_listed(viewer))
        )

    total, newest_id = db.session.execute(
        joined(select(func.count(), func.max(Notification.id)).select_from(Notification))
    ).one()
    check_page(page, total, per_page)
    rows = db.session.execute(
        joined(
            select(
                Notification.id,
                Notification.kind,
                Notification.count,
                Notification.created_at,
                Notification.read_at,
                Notification.post_id,
                Thread.title,
                Thread.kind,
                Specialty.name,
                actor.username,
                actor.display_name,
                Notification.message,
                Notification.link,
            ).select_from(Notification)
        )
        .outerjoin(Specialty, Specialty.id == Thread.specialty_id)
        .outerjoin(actor, actor.id == Notification.actor_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    items = [
        NotificationRow(
            *row[:9],
            # A notice speaks for the moderators as a body: who sent it is not shown.
            actor=None if row[9] is None or row[1] in NOTICE_KINDS else Person(row[9], row[10]),
            message=row[11],
            link=row[12],
        )
        for row in rows
    ]
    return Page(items, page, per_page, total, extra={"newest_id": newest_id})


def watch_on_post(user: User) -> bool:
    """The member's "watch the threads I post in" setting (on unless they turned it off)."""
    value = db.session.scalar(
        select(NotificationSettings.watch_on_post).where(NotificationSettings.user_id == user.id)
    )
    return True if value is None else value
