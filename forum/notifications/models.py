"""Watches, notifications, the fan-out outbox and each member's email choices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.dbtypes import UTCDateTime, utcnow
from forum.extensions import db

# Discourse's levels, most attentive first.
#   watching: every new post; tracking: replies to me, mentions, accepted answers;
#   normal: the same as tracking for a thread you are not in (the default);
#   muted: nothing, not even mentions from that thread.
WATCH_LEVELS = ("watching", "tracking", "normal", "muted")
WATCH_TARGETS = ("thread", "specialty", "topic")

# What a notification says happened. The email cadence is chosen per kind.
KINDS = (
    "reply",  # a reply to your post (or in your thread)
    "watched",  # a new post in a thread you watch
    "mention",  # @username in a post
    "accepted",  # your answer was accepted
    "helpful",  # colleagues found your post helpful (grouped per post)
    "new_question",  # a new question in a specialty or topic you watch
    "moderation",  # a notice from the moderators (forum/notifications/notices.py)
    "mentorship",  # a notice about one's mentorships: requests, compacts, sessions, reminders
)
# Kinds that are notices: a message written for its one recipient (with a link), not
# about a post's text, so they are listed even when no post (or no readable post) goes
# with them.
NOTICE_KINDS = ("moderation", "mentorship")
CADENCES = ("immediately", "digest", "never")
DEFAULT_CADENCE = {
    "reply": "immediately",
    "mention": "immediately",
    "accepted": "immediately",
    "watched": "digest",
    "helpful": "digest",
    "new_question": "digest",
    "moderation": "immediately",
    "mentorship": "immediately",
}

_BIG_ID = BigInteger().with_variant(Integer, "sqlite")


class Watch(db.Model):
    """A member's watch level on a thread, a specialty or a research topic.

    A row exists only where the member chose a level (or posting in a thread set it to
    watching); no row is the default: normal, or, for a mentor's primary specialty, its
    new questions' first posts (forum/notifications/fanout.py). An explicit "normal" row
    is kept, since it overrides those defaults. The target is (target_kind, target_id),
    not a foreign key, so one table serves the three kinds of target.
    """

    __tablename__ = "watches"
    # Fan-out: "who watches this thread / specialty / topic at this level".
    __table_args__ = (Index("ix_watches_target", "target_kind", "target_id", "level"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    target_kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    target_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    level: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(db.Model):
    """One thing a member is told about, newest first on their notifications page."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The header's unread count and the page's order, each one index range.
        Index("ix_notifications_user_unread", "user_id", "read_at"),
        Index("ix_notifications_user_created", "user_id", "created_at"),
        # Removing a post's notifications when it is deleted or hidden.
        Index("ix_notifications_post_id", "post_id"),
        # One notification of a kind per member and post: the fan-out's "already told"
        # test, and the row a grouped kind (helpful) counts on, even with two drains at once.
        Index("uq_notifications_user_id_post_id_kind", "user_id", "post_id", "kind", unique=True),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(24))
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Grouped kinds (helpful) count the actors instead of adding a row each.
    count: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when an email (immediate or digest) has covered this notification.
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A notice's own words and where it leads (NOTICE_KINDS only; None for the others).
    message: Mapped[str | None] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(300))


class NotificationEvent(db.Model):
    """The fan-out outbox: one row per event, written in the event's own transaction and
    turned into notifications after commit (forum/notifications/fanout.py)."""

    __tablename__ = "notification_events"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(_BIG_ID, primary_key=True)
    # post_added, post_edited (new mentions), accepted, helpful (a mark or its removal)
    kind: Mapped[str] = mapped_column(String(24))
    thread_id: Mapped[int | None] = mapped_column(Integer)
    post_id: Mapped[int | None] = mapped_column(Integer)
    actor_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationSettings(db.Model):
    """A member's notification choices; no row means the defaults."""

    __tablename__ = "notification_settings"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    # Starting or replying to a thread sets it to watching (Discourse's default).
    watch_on_post: Mapped[bool] = mapped_column(Boolean, default=True)
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class EmailPreference(db.Model):
    """How a member wants one kind of notification emailed; no row means DEFAULT_CADENCE."""

    __tablename__ = "email_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    cadence: Mapped[str] = mapped_column(String(16))
