"""Reminders: a day before an accepted session, and when an active mentorship's review
date (its compact's) comes, both members get a notification, once.

`send_due_reminders` is an effect drain (forum/effects.py runs it on start-up and on
every interval pass) and `flask mentorship remind` runs it for cron. Several
processes may run it at the same moment, so it claims the rows it reminds about in
SQL, in the same unit of work as the notices it writes (see _claim_sessions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update

from forum.dbtypes import utcnow
from forum.extensions import db
from forum.mentorship import access
from forum.mentorship.models import MentoringSession, Mentorship
from forum.mentorship.sessions import local_text
from forum.notifications.notices import notify
from forum.unit_of_work import in_unit_of_work, unit_of_work

EFFECT = "mentorship_reminders"
SESSION_NOTICE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Reminded:
    sessions: int
    reviews: int


def send_due_reminders(now: datetime | None = None) -> Reminded:
    """Remind both members of accepted sessions starting within SESSION_NOTICE and of
    review dates due by tomorrow, each once; safe to run from several processes at once.
    `now` pins the clock (tests)."""
    now = now or utcnow()
    # The interval pass runs this every few seconds in every process: a read first, so
    # that nothing due (nearly always) takes no write lock. The claims repeat the test.
    if not _anything_due(now):
        if not in_unit_of_work():
            db.session.rollback()  # end the read transaction this drain began
        return Reminded(0, 0)
    with unit_of_work():
        sessions = _claim_sessions(now)
        reviews = _claim_reviews(now)
        if sessions or reviews:
            _notify_sessions(sessions)
            _notify_reviews(reviews)
    return Reminded(len(sessions), len(reviews))


def _due_sessions(now: datetime):
    active = select(Mentorship.id).where(Mentorship.status == "active").scalar_subquery()
    return (
        MentoringSession.status == "accepted",
        MentoringSession.starts_at > now,
        MentoringSession.starts_at <= now + SESSION_NOTICE,
        MentoringSession.reminded_at.is_(None),
        MentoringSession.mentorship_id.in_(active),
    )


def _due_reviews(now: datetime):
    tomorrow = (now + timedelta(days=1)).date()
    return (
        Mentorship.status == "active",
        Mentorship.review_on.is_not(None),
        Mentorship.review_on <= tomorrow,
        Mentorship.review_reminded_at.is_(None),
    )


def _anything_due(now: datetime) -> bool:
    sessions = select(MentoringSession.id).where(*_due_sessions(now)).exists()
    reviews = select(Mentorship.id).where(*_due_reviews(now)).exists()
    return bool(db.session.scalar(select(or_(sessions, reviews))))


def _claim_sessions(now: datetime) -> list:
    """Mark the due sessions as reminded and return them.

    The UPDATE carries the whole test, `reminded_at IS NULL` included, and RETURNING
    gives exactly the rows this UPDATE changed: a second drain running at once blocks
    on those rows (PostgreSQL; SQLite has one writer at a time) until this transaction
    ends, then re-checks `reminded_at IS NULL` on the committed rows and matches none.
    A SELECT-then-UPDATE would let both drains read the same rows and remind twice.
    The notices are written in the same transaction, so a failure leaves the sessions
    unclaimed for the next pass instead of claimed without a reminder.
    """
    return db.session.execute(
        update(MentoringSession)
        .where(*_due_sessions(now))
        .values(reminded_at=now)
        .returning(
            MentoringSession.id,
            MentoringSession.mentorship_id,
            MentoringSession.starts_at,
            MentoringSession.minutes,
        ),
        execution_options={"synchronize_session": False},
    ).all()


def _claim_reviews(now: datetime) -> list:
    """Mark active mentorships whose review date is tomorrow or earlier (UTC) as reminded
    and return them: the same claim as _claim_sessions, on review_reminded_at."""
    return db.session.execute(
        update(Mentorship)
        .where(*_due_reviews(now))
        .values(review_reminded_at=now)
        .returning(Mentorship.id, Mentorship.mentor_id, Mentorship.mentee_id, Mentorship.review_on),
        execution_options={"synchronize_session": False},
    ).all()


def _notify_sessions(rows) -> None:
    if not rows:
        return
    members = dict(
        (row.id, (row.mentor_id, row.mentee_id))
        for row in db.session.execute(
            select(Mentorship.id, Mentorship.mentor_id, Mentorship.mentee_id).where(
                Mentorship.id.in_(sorted({r.mentorship_id for r in rows}))
            )
        )
    )
    zones: dict[int, str] = {}
    for row in sorted(rows, key=lambda r: r.id):
        for user_id in members[row.mentorship_id]:
            zone = zones.get(user_id) or zones.setdefault(user_id, access.zone_of(user_id))
            notify(
                user_id,
                f"Reminder: your mentoring session is on {local_text(row.starts_at, zone)}, "
                f"for {row.minutes} minutes.",
                link=f"/mentorships/{row.mentorship_id}/sessions",
                kind="mentorship",
            )


def _notify_reviews(rows) -> None:
    for row in sorted(rows, key=lambda r: r.id):
        for user_id in (row.mentor_id, row.mentee_id):
            notify(
                user_id,
                f"Reminder: your mentorship's review date is {row.review_on:%-d %b %Y}. "
                "Look back at your goals together and add a check-in.",
                link=f"/mentorships/{row.id}",
                kind="mentorship",
            )
