"""Watching, notification settings and reading notifications: the rules, one transaction each."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, literal, select, update

from forum import visibility
from forum.auth.models import User
from forum.dbtypes import UTCDateTime, utcnow
from forum.exceptions import Invalid, NotFound
from forum.extensions import db
from forum.notifications.models import (
    NOTICE_KINDS,
    WATCH_LEVELS,
    WATCH_TARGETS,
    Notification,
    NotificationSettings,
    Watch,
)
from forum.notifications.queries import MENTOR_DEFAULT, is_mentor_default
from forum.notifications.statements import upsert
from forum.permissions import can_watch, require
from forum.taxonomy.models import ResearchTopic, Specialty
from forum.threads import service as threads
from forum.unit_of_work import transactional

WATCH_REFUSAL = "Log in to watch threads and read notifications."


def _require_target(user: User, target_kind: str, target_id: int) -> None:
    """:raises NotFound: no such thread, specialty or topic, or a thread `user` may not see."""
    if target_kind == "thread":
        threads.get_thread(user, target_id)
        return
    model = {"specialty": Specialty, "topic": ResearchTopic}.get(target_kind)
    if model is None or db.session.get(model, target_id) is None:
        raise NotFound(f"There is no such {target_kind}.")


@transactional
def set_watch(user: User, target_kind: str, target_id: int, level: str) -> str:
    """Set `user`'s level on a thread, specialty or research topic; returns the level.

    On a mentor's primary specialty, MENTOR_DEFAULT ("new questions only") removes their
    row, which brings the default back.

    :raises NotAllowed: not signed in. :raises NotFound: no such target, or a thread the
    user may not see. :raises Invalid: an unknown level.
    """
    require(can_watch(user), WATCH_REFUSAL)
    if target_kind not in WATCH_TARGETS:
        raise NotFound("There is nothing like that to watch.")
    _require_target(user, target_kind, target_id)
    mine = (
        Watch.user_id == user.id,
        Watch.target_kind == target_kind,
        Watch.target_id == target_id,
    )
    if level == MENTOR_DEFAULT and is_mentor_default(user, target_kind, target_id):
        db.session.execute(delete(Watch).where(*mine))
        return level
    if level not in WATCH_LEVELS:
        raise Invalid("level", "Choose watching, tracking, normal or muted.")
    # One statement whatever is there already, so two submits at once cannot collide.
    db.session.execute(
        upsert(Watch)
        .values(
            user_id=user.id,
            target_kind=target_kind,
            target_id=target_id,
            level=level,
            created_at=utcnow(),
        )
        .on_conflict_do_update(
            index_elements=["user_id", "target_kind", "target_id"], set_={"level": level}
        )
    )
    return level


@transactional
def update_settings(user: User, *, watch_on_post: bool) -> None:
    """Save `user`'s notification settings.

    :raises NotAllowed: not signed in.
    """
    require(can_watch(user), WATCH_REFUSAL)
    db.session.execute(
        upsert(NotificationSettings)
        .values(user_id=user.id, watch_on_post=watch_on_post)
        .on_conflict_do_update(index_elements=["user_id"], set_={"watch_on_post": watch_on_post})
    )


def _mark_read(user: User, *conditions) -> int:
    return db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None), *conditions)
        .values(read_at=literal(utcnow(), UTCDateTime()))
        .execution_options(synchronize_session=False)
    ).rowcount


def _own(user: User, notification_id: int) -> Notification:
    """:raises NotFound: no such notification of `user`'s (another member's answers the same)."""
    notification = db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user.id
        )
    )
    if notification is None:
        raise NotFound("There is no such notification.")
    return notification


@transactional
def mark_read(user: User, notification_id: int) -> None:
    """Mark one of `user`'s notifications as read (again: no change).

    :raises NotAllowed: not signed in. :raises NotFound: not one of theirs.
    """
    require(can_watch(user), WATCH_REFUSAL)
    _own(user, notification_id)
    _mark_read(user, Notification.id == notification_id)


@dataclass(frozen=True, slots=True)
class Opened:
    """Where an opened notification leads: the post it is about, or a notice's link (a
    path on this site, forum/notifications/notice_links.py); both None for a notice
    without a link."""

    post_id: int | None = None
    link: str | None = None


@transactional
def open_notification(user: User, notification_id: int) -> Opened:
    """Mark a notification read and return where it leads.

    A notice leads to its link whatever became of what it names (where the link goes,
    the visibility rule decides what it shows); another notification to its post.

    :raises NotAllowed: not signed in. :raises NotFound: not one of theirs, or about a post
    they may no longer read.
    """
    require(can_watch(user), WATCH_REFUSAL)
    notification = _own(user, notification_id)
    if notification.kind in NOTICE_KINDS:
        _mark_read(user, Notification.id == notification_id)
        return Opened(link=notification.link)
    post = threads.get_post(user, notification.post_id)
    if not visibility.can_read_post(user, post):
        raise NotFound("That post was removed.")
    _mark_read(user, Notification.id == notification_id)
    return Opened(post_id=post.id)


@transactional
def mark_all_read(user: User, through: int | None = None) -> int:
    """Mark `user`'s unread notifications as read, only those up to id `through` when given
    (what their page showed: one that arrived since stays unread). Returns how many.

    :raises NotAllowed: not signed in.
    """
    require(can_watch(user), WATCH_REFUSAL)
    return _mark_read(user, *([Notification.id <= through] if through is not None else []))
