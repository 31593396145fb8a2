"""Notification email: each notification mailed at once, gathered into a digest, or not at all.

Two drains run from the effect runner (forum/effects.py), each in a session of its own:

- "notification_mail", named by the fan-out's commit and run on every pass: the
  notifications not yet emailed whose recipient wants their kind immediately become
  one outbox row each; those whose kind the recipient wants never are marked.
- "notification_digest", run on the runner's interval (checking at most once a minute)
  and by `flask notifications digest`: a member whose digest is due gets one mail with
  their waiting digest-kind notifications, grouped by thread.

Exactly once: a drain claims the notifications it covers with one
`UPDATE ... WHERE emailed_at IS NULL RETURNING id` and adds the outbox rows in the
same transaction. A concurrent drain's UPDATE matches none of the rows claimed
(PostgreSQL re-checks its WHERE once ours commits; SQLite has one writer at a time),
and a crash before the commit leaves the notifications unclaimed and the outbox
without their mail. The outbox's own sender (forum/mail) then delivers each row
once, with retries. `emailed_at` therefore means "email has dealt with this": sent
alone or in a digest, or passed over (kind set to never, already read, no longer
visible to the recipient, address not confirmed).

Nothing here runs without MAIL_SERVER: no rows are claimed and no mail is queued.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from forum import effects
from forum.dbtypes import utcnow
from forum.extensions import db
from forum.notifications import email_compose as compose
from forum.notifications.email_preferences import (
    DIGEST,
    cadence_column,
    digest_hours,
    digest_name,
    mail_enabled,
    preference_join,
)
from forum.notifications.models import EmailPreference, Notification, NotificationSettings

BATCH = 100  # notifications claimed per transaction
# A notification not emailed within this long of its creation (mail was off, no runner
# ran) is not emailed late: "immediately" a day later is noise.
IMMEDIATE_WITHIN = timedelta(hours=24)
# How far back a digest looks: a week, or two digest periods if those are longer.
DIGEST_LOOKBACK_MIN = timedelta(days=7)
# The runner passes every few seconds; the digest check (a scan of waiting notifications)
# runs at most this often per process. Digests are due by the hour, not the second.
DIGEST_CHECK_SECONDS = 60
MAIL_EFFECT = "notification_mail"
DIGEST_EFFECT = "notification_digest"


def register() -> None:
    """Register the two drains with the effect runner (the fan-out names MAIL_EFFECT)."""
    effects.register(MAIL_EFFECT, send_immediate)
    effects.register(DIGEST_EFFECT, check_digests)


# --- claiming --------------------------------------------------------------------------------


def _claim(session: Session, ids: list[int], now: datetime) -> list[int]:
    """Mark `ids` as dealt with; returns those this transaction got (not another drain)."""
    if not ids:
        return []
    return list(
        session.scalars(
            update(Notification)
            .where(Notification.id.in_(ids), Notification.emailed_at.is_(None))
            .values(emailed_at=now)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        )
    )


def _claimed_rows(session: Session, ids: list[int]) -> list[tuple[Notification, str]]:
    return list(
        session.execute(
            select(Notification, cadence_column())
            .outerjoin(EmailPreference, preference_join())
            .where(Notification.id.in_(ids))
            .order_by(Notification.id)
        )
    )


# --- immediately -----------------------------------------------------------------------------


def send_immediate(now: datetime | None = None) -> int:
    """Queue one mail per waiting notification its recipient wants emailed immediately,
    and mark those they want never; returns how many mails were queued. `now` pins the
    clock (tests)."""
    if not mail_enabled():
        return 0
    now = now or utcnow()
    queued = 0
    # Its own session, as the mail sender's: the drain commits batch by batch and never
    # commits (or sees) the work of whoever called it.
    with Session(db.engine, expire_on_commit=False) as session:
        while True:
            ids = list(
                session.scalars(
                    select(Notification.id)
                    .outerjoin(EmailPreference, preference_join())
                    .where(
                        Notification.emailed_at.is_(None),
                        Notification.created_at >= now - IMMEDIATE_WITHIN,
                        cadence_column().in_(("immediately", "never")),
                    )
                    .order_by(Notification.id)
                    .limit(BATCH)
                )
            )
            session.rollback()  # end the read; the claim and the mail are one transaction
            if not ids:
                break
            claimed = _claim(session, ids, now)
            if claimed:
                queued += _queue_each(session, _claimed_rows(session, claimed))
            session.commit()
            if len(ids) < BATCH:
                break
    return queued


def _queue_each(session: Session, claimed: list[tuple[Notification, str]]) -> int:
    wanted = [n for n, cadence in claimed if cadence == "immediately"]
    rows = compose.load_rows(session, wanted)
    queued = 0
    for notification in wanted:
        recipient = rows.users.get(notification.user_id)
        if not compose.may_mail(recipient):
            continue
        entry = compose.entry_for(notification, recipient, rows)
        if entry is None:
            continue
        if compose.is_notice(notification):
            # A plain subject: the message itself may name a post's thread, or a reason,
            # that a mail client's list of subjects (or a shared screen) need not show.
            heading = compose.notice_subject(notification.kind)
            compose.queue_notification_mail(
                session,
                recipient,
                heading,
                "notice",
                heading=heading,
                entry=entry,
                unsubscribe_kind=notification.kind,
            )
        else:
            thread = compose.thread_of(notification, rows)
            compose.queue_notification_mail(
                session,
                recipient,
                f"{entry.headline}: {thread.title}",
                "notification",
                entry=entry,
                thread=thread,
                unsubscribe_kind=notification.kind,
            )
        queued += 1
    return queued


# --- digests ---------------------------------------------------------------------------------


def _period() -> timedelta:
    return timedelta(hours=digest_hours())


def _lookback() -> timedelta:
    return max(DIGEST_LOOKBACK_MIN, 2 * _period())


def check_digests() -> int:
    """The runner's digest drain: send the digests that are due, at most once a minute."""
    app = current_app._get_current_object()
    moment = time.monotonic()
    last = app.extensions.get("rounds_digest_checked_at")
    if last is not None and moment - last < DIGEST_CHECK_SECONDS:
        return 0
    app.extensions["rounds_digest_checked_at"] = moment
    return send_due_digests()


def send_due_digests(now: datetime | None = None, *, everyone: bool = False) -> int:
    """Queue a digest for each member whose digest is due; returns how many were queued.

    A digest is due when the oldest unread notification waiting for it is a digest
    period (DIGEST_HOURS) old and the member's last digest is at least that old, so it
    gathers a period's notifications and comes at most once a period. `everyone` sends
    every waiting digest now (`flask notifications digest --all`).
    """
    if not mail_enabled():
        return 0
    now = now or utcnow()
    due = now - _period()
    last_digest = NotificationSettings.last_digest_at
    query = (
        select(Notification.user_id)
        .outerjoin(EmailPreference, preference_join())
        .outerjoin(NotificationSettings, NotificationSettings.user_id == Notification.user_id)
        .where(
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at >= now - _lookback(),
            cadence_column() == "digest",
        )
        .group_by(Notification.user_id)
        .order_by(Notification.user_id)
    )
    if not everyone:
        query = query.where(or_(last_digest.is_(None), last_digest <= due)).having(
            func.min(Notification.created_at) <= due
        )
    queued = 0
    with Session(db.engine, expire_on_commit=False) as session:
        user_ids = list(session.scalars(query))
        session.rollback()
        for user_id in user_ids:
            queued += _digest(session, user_id, now, everyone)
            session.commit()
    return queued


def _claim_digest(session: Session, user_id: int, now: datetime, everyone: bool) -> bool:
    """Record that `user_id`'s digest is made now, if it is (still) due; False if another
    drain made it first. One upsert, so two drains never both pass this for one member."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    last_digest = NotificationSettings.last_digest_at
    statement = insert(NotificationSettings).values(user_id=user_id, last_digest_at=now)
    statement = statement.on_conflict_do_update(
        index_elements=[NotificationSettings.user_id],
        set_={"last_digest_at": now},
        where=None if everyone else or_(last_digest.is_(None), last_digest <= now - _period()),
    ).returning(NotificationSettings.user_id)
    return session.execute(statement).first() is not None


def _digest(session: Session, user_id: int, now: datetime, everyone: bool) -> int:
    if not _claim_digest(session, user_id, now, everyone):
        return 0
    ids = list(
        session.scalars(
            select(Notification.id)
            .outerjoin(EmailPreference, preference_join())
            .where(
                Notification.user_id == user_id,
                Notification.emailed_at.is_(None),
                Notification.created_at >= now - _lookback(),
                cadence_column() == "digest",
            )
            .order_by(Notification.id)
        )
    )
    claimed_ids = _claim(session, ids, now)
    if not claimed_ids:
        return 0
    claimed = [notification for notification, _cadence in _claimed_rows(session, claimed_ids)]
    rows = compose.load_rows(session, claimed)
    recipient = rows.users.get(user_id)
    if not compose.may_mail(recipient):
        return 0
    groups: dict[int | str, compose.ThreadGroup] = {}
    for notification in sorted(claimed, key=lambda n: (n.created_at, n.id)):
        entry = compose.entry_for(notification, recipient, rows)
        if entry is None:
            continue
        key, group = compose.digest_group(notification, rows)
        groups.setdefault(key, group).entries.append(entry)
    if not groups:
        return 0
    # Threads with the latest news first; within a thread, oldest first (reading order).
    ordered = sorted(groups.values(), key=lambda g: g.entries[-1].created_at, reverse=True)
    count = sum(len(group.entries) for group in ordered)
    compose.queue_notification_mail(
        session,
        recipient,
        f"Your Rounds digest: {_digest_summary(groups)}",
        "digest",
        groups=ordered,
        count=count,
        digest_name=digest_name(),
        unsubscribe_kind=DIGEST,
    )
    return 1


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _digest_summary(groups: dict[int | str, compose.ThreadGroup]) -> str:
    """ "4 notifications in 2 threads", then "and 1 message from the Rounds moderators"
    for each kind of notice in the digest."""
    threads = [group for key, group in groups.items() if isinstance(key, int)]
    parts = []
    if threads:
        notes = sum(len(group.entries) for group in threads)
        parts.append(f"{_plural(notes, 'notification')} in {_plural(len(threads), 'thread')}")
    for key, group in groups.items():
        if isinstance(key, str):
            messages = _plural(len(group.entries), "message")
            parts.append(f"{messages} from {compose.notice_sender(key)}")
    return " and ".join(parts)
